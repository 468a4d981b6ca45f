/**
 * Template: check and diff (offline, no HTTP request), the Template schemas of provider/schemas (no I/O)
 * read against stubbed OneSignal answers, and bad input (fast-check, through the runtime).
 */
import fc from "fast-check";
import {
  TEMPLATE_CONTENT_FIELDS,
  templateCreateInputSchema,
  templateInputToWire,
  templatePageSchema,
  templateSchema,
} from "../../provider/schemas";
import { UNKNOWN } from "../../provider/resources/protocol";
import { buildHandlers } from "../../provider/resources/index";
import { testContext } from "../provider/helpers";
import {
  APP,
  APP2,
  P,
  checkMakesNoRequest,
  diffCases,
  failures,
  noUndefinedOrNull,
  paths,
  properties,
  stub,
} from "./helpers";
import {
  badInputCases,
  blank,
  jsonNonNull,
  Mutation,
  notABoolean,
  notAnArray,
  notAnObject,
  notAString,
  omit,
  Props,
  remove,
  setTo,
  tooLong,
  touched,
  unknownProp,
  UUID,
} from "./badInput.helpers";

checkMakesNoRequest();

describe("check", () => {
  const base = { appId: APP, name: "Welcome" };

  it("accepts each channel", async () => {
    expect(
      await failures("template", {
        ...base,
        channel: "push",
        contents: { en: "Hi" },
        headings: { en: "Hello" },
        url: "https://acme.example",
      }),
    ).toEqual([]);
    expect(
      await failures("template", { ...base, channel: "email", emailSubject: "Hi", emailBody: "<p>Hi</p>" }),
    ).toEqual([]);
    expect(
      await failures("template", {
        ...base,
        channel: "sms",
        contents: { en: "Welcome! {{ 'https://a.example' | track_link }}" },
        smsFrom: "+15558675309",
      }),
    ).toEqual([]);
  });

  // create_template: sms_from is "the Messaging Service ID or phone number"; OneSignal recommends
  // Messaging Service SIDs.
  it("takes a Messaging Service SID or an E.164 number as the SMS sender", async () => {
    for (const smsFrom of ["MG9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d", "+447700900123"])
      expect(await failures("template", { ...base, channel: "sms", contents: { en: "x" }, smsFrom })).toEqual(
        [],
      );
    for (const smsFrom of ["MG123", "AC9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d", "5558675309"])
      expect(
        await properties("template", { ...base, channel: "sms", contents: { en: "x" }, smsFrom }),
      ).toEqual(["smsFrom"]);
  });

  it.each(
    [
      [{ ...base, channel: "push", contents: { es: "Hola" } }, "contents.en"],
      [{ ...base, channel: "email", emailBody: "<p/>" }, "emailSubject"],
      [{ ...base, channel: "email", emailSubject: "s" }, "emailBody"],
      [{ ...base, channel: "sms" }, "contents"],
      [{ ...base, channel: "fax", contents: { en: "x" } }, "channel"],
      [{ ...base, channel: "sms", contents: { en: "x" }, emailSubject: "s" }, "emailSubject"],
      [{ ...base, channel: "push", contents: { en: "x" }, smsFrom: "+15558675309" }, "smsFrom"],
      [{ ...base, channel: "sms", contents: { en: "x" }, smsFrom: "555" }, "smsFrom"],
      [
        {
          ...base,
          channel: "email",
          emailSubject: "s",
          emailBody: "b",
          emailBcc: ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io", "f@x.io"],
        },
        "emailBcc",
      ],
      [{ ...base, channel: "email", emailSubject: "s", emailBody: "b", isSms: true }, "isSms"],
      [{ ...base, channel: "push", contents: { en: "x" }, dynamicContent: "{not json" }, "dynamicContent"],
      [{ appId: APP, channel: "push", contents: { en: "x" } }, "name"],
    ].map(([n, p]) => [p, n] as [string, Record<string, unknown>]),
  )("rejects input naming %s", async (prop, news) => {
    expect(await properties("template", news)).toContain(prop);
  });

  it("isAlexa is a push member: accepted on push, named on email", async () => {
    expect(await failures("template", { ...base, contents: { en: "x" }, isAlexa: true })).toEqual([]);
    expect(
      await failures("template", {
        ...base,
        channel: "email",
        emailSubject: "s",
        emailBody: "b",
        isAlexa: true,
      }),
    ).toEqual([{ property: "isAlexa", reason: 'is only valid for push templates (channel is "email")' }]);
    expect(
      templateInputToWire(
        templateCreateInputSchema.parse({ name: "n", contents: { en: "x" }, isAlexa: false }),
      ),
    ).toMatchObject({ isAlexa: false });
  });

  it("skips per-channel rules while the channel is unknown", async () => {
    expect(await failures("template", { ...base, channel: UNKNOWN, emailSubject: "s" })).toEqual([]);
    expect(await failures("template", { ...base, channel: "push", contents: UNKNOWN })).toEqual([]);
  });
});

describe("schemas (create_template, update_template, view_template, view_templates)", () => {
  it("requires contents.en for push, subject+body for email, contents for SMS", () => {
    expect(paths(templateCreateInputSchema, { name: "t", contents: { fr: "x" } })).toEqual(["contents.en"]);
    expect(paths(templateCreateInputSchema, { name: "t", isEmail: true }).sort()).toEqual([
      "emailBody",
      "emailSubject",
    ]);
    expect(paths(templateCreateInputSchema, { name: "t", channel: "email", emailSubject: "s" })).toEqual([
      "emailBody",
    ]);
    expect(paths(templateCreateInputSchema, { name: "t", isSms: true })).toEqual(["contents"]);
    expect(
      paths(templateCreateInputSchema, { name: "t", channel: "sms", isEmail: true, contents: { en: "x" } }),
    ).toContain("isEmail");
    expect(
      paths(templateCreateInputSchema, {
        name: "t",
        contents: { en: "x" },
        emailBcc: ["a@b.co", "c@d.co", "e@f.co", "g@h.co", "i@j.co", "k@l.co"],
      }),
    ).toEqual(["emailBcc"]);
    expect(
      paths(templateCreateInputSchema, { name: "t", contents: { en: "x" }, dynamicContent: "{not json" }),
    ).toEqual(["dynamicContent"]);
    expect(paths(templateCreateInputSchema, { name: "t", contents: { en: "x" }, is_email: true })).toEqual([
      "is_email",
    ]);
  });

  it("maps camelCase to the wire names (isSMS, email_subject, …) and adds the channel flag", () => {
    const sms = templateCreateInputSchema.parse({
      name: "t",
      channel: "sms",
      contents: { en: "hi" },
      smsFrom: "+15558675309",
      smsMediaUrls: ["https://x.test/a.png"],
    });
    expect(templateInputToWire(sms, "app-1")).toEqual({
      app_id: "app-1",
      name: "t",
      contents: { en: "hi" },
      sms_from: "+15558675309",
      sms_media_urls: ["https://x.test/a.png"],
      isSMS: true,
    });
    const email = templateCreateInputSchema.parse({
      name: "e",
      isEmail: true,
      emailSubject: "s",
      emailBody: "<p>b</p>",
      emailBcc: ["a@b.co"],
      disableEmailClickTracking: true,
      dynamicContent: "{}",
    });
    expect(templateInputToWire(email)).toEqual({
      name: "e",
      isEmail: true,
      email_subject: "s",
      email_body: "<p>b</p>",
      email_bcc: ["a@b.co"],
      disable_email_click_tracking: true,
      dynamic_content: {},
    });
  });

  it("reads nested content: SMS upper-case channel, email_bcc as string, nulls dropped, unknown keys ignored", () => {
    const t = templateSchema.parse({
      id: "t1",
      name: "n",
      channel: "SMS",
      created_at: "2023-07-20T19:16:55Z",
      updated_at: "2023-07-20T19:16:55Z",
      content: {
        contents: { en: "hi" },
        subtitle: null,
        isEmail: null,
        isSMS: true,
        email_bcc: "a@b.co, c@d.co",
        isAlexa: false,
        isWP: false,
        headings: {},
        dynamic_content: "{}",
      },
    });
    expect(t).toEqual({
      id: "t1",
      name: "n",
      channel: "sms",
      createdAt: "2023-07-20T19:16:55.000Z",
      updatedAt: "2023-07-20T19:16:55.000Z",
      content: {
        contents: { en: "hi" },
        isSms: true,
        emailBcc: ["a@b.co", "c@d.co"],
        isAlexa: false,
        isWp: false,
        headings: {},
      },
    });
    // No channel on the wire: derived from the flags.
    expect(
      templateSchema.parse({ id: "t2", name: "e", channel: null, content: { isEmail: true } }).channel,
    ).toBe("email");
    expect(templateSchema.parse({ id: "t3", name: "p" }).channel).toBe("push");
  });

  it("create-template's example (no channel, flags, nulls): push from the flags, every flag kept, unmodelled members visible", () => {
    // The 200 example of create-template in OneSignal's docs, plus one member no field models.
    const t = templateSchema.parse({
      id: "b17ebe45-ae35-4dce-11f8-8c3b3894a432",
      name: "new template created via the API",
      created_at: "2023-08-02T18:09:02Z",
      updated_at: "2023-08-02T18:09:02Z",
      content: {
        isAndroid: true,
        isIos: true,
        isMacOSX: true,
        isAdm: true,
        isAlexa: null,
        isWP: true,
        isWP_WNS: true,
        isChrome: true,
        isChromeWeb: true,
        isSafari: true,
        isFirefox: true,
        isEdge: true,
        headings: { en: "hello from the api!" },
        subtitle: null,
        contents: { en: "why hello there!" },
        global_image: null,
        url: "https://example.com",
        isEmail: null,
        email_body: null,
        email_subject: null,
        email_preheader: null,
        isSMS: null,
        sms_from: null,
        sms_media_urls: null,
        email_reply_to_address: null,
        disable_email_click_tracking: null,
        ios_sound: "ping.wav",
        android_channel_id: null,
      },
    });
    expect(t.channel).toBe("push");
    expect(t.content).toEqual({
      isAndroid: true,
      isIos: true,
      isMacOsx: true,
      isAdm: true,
      isWp: true,
      isWpWns: true,
      isChrome: true,
      isChromeWeb: true,
      isSafari: true,
      isFirefox: true,
      isEdge: true,
      headings: { en: "hello from the api!" },
      contents: { en: "why hello there!" },
      url: "https://example.com",
    });
    expect(t.unmodelledContent).toEqual({ ios_sound: "ping.wav" });
    expect(templateSchema.parse({ id: "e", content: { isEmail: true, isSMS: null } }).channel).toBe("email");
    expect(templateSchema.parse({ id: "s", content: { isSMS: true } }).channel).toBe("sms");
  });

  it("dynamicContent: an object or a JSON-encoded object, sent as the object", () => {
    const dc = { campaign_id: { A: { title: "Custom Title A" } } };
    for (const dynamicContent of [dc, JSON.stringify(dc)]) {
      const v = templateCreateInputSchema.parse({ name: "d", contents: { en: "x" }, dynamicContent });
      expect(templateInputToWire(v).dynamic_content).toEqual(dc);
    }
  });

  it("list page tolerates the docs-only limit/offset/total_count", () => {
    expect(templatePageSchema.parse({ templates: [{ id: "a", name: "x" }] })).toEqual({
      templates: [{ id: "a", name: "x" }],
      offset: 0,
      limit: 50,
    });
    expect(
      templatePageSchema.parse({ templates: [], limit: 50, offset: 50, total_count: 51 }).totalCount,
    ).toBe(51);
  });

  it("property: every readable content field survives input → wire → read", () => {
    const lsm = fc
      .dictionary(fc.constantFrom("en", "fr", "de", "zh-Hans"), fc.string(), { minKeys: 1 })
      .map((m) => ({ en: "x", ...m }));
    fc.assert(
      fc.property(
        fc.record(
          {
            contents: lsm,
            headings: lsm,
            isIos: fc.boolean(),
            isAndroid: fc.boolean(),
            url: fc.constant("https://example.com/x"),
            emailPreheader: fc.string(),
            huaweiBadgeAddNum: fc.integer({ min: 1, max: 99 }),
          },
          { requiredKeys: ["contents"] },
        ),
        (content) => {
          const input = templateCreateInputSchema.parse({ name: "t", ...content });
          const wire = templateInputToWire(input);
          const wireContent = { ...wire };
          delete wireContent.name;
          const read = templateSchema.parse({ id: "x", name: "t", content: wireContent });
          expect(read.content).toEqual(content);
        },
      ),
    );
  });

  it("declares each content field once with a distinct wire name", () => {
    const wires = Object.values(TEMPLATE_CONTENT_FIELDS).map((f) => f.wire);
    expect(new Set(wires).size).toBe(wires.length);
    expect(TEMPLATE_CONTENT_FIELDS.isSms.wire).toBe("isSMS");
  });
});

const tplOld = {
  ...P,
  appId: APP,
  apiKey: "KEY-1",
  name: "Welcome",
  channel: "sms",
  contents: { en: "Hi" },
  dynamicContent: '{"a":1}',
};

describe("diff", () => {
  diffCases([
    {
      title: "template: identical",
      kind: "template",
      olds: tplOld,
      news: {
        ...P,
        appId: APP,
        apiKey: "KEY-1",
        name: "Welcome",
        channel: "sms",
        contents: { en: "Hi" },
        dynamicContent: '{"a":1}',
      },
      changes: false,
    },
    {
      title: "template: channel read as SMS",
      kind: "template",
      olds: { ...tplOld, channel: "SMS" },
      news: { ...tplOld, channel: "sms" },
      changes: false,
    },
    {
      title: "template: an apiKey unknown at preview is not a change by itself",
      kind: "template",
      olds: tplOld,
      news: { ...tplOld, apiKey: UNKNOWN },
      changes: false,
    },
    {
      title: "template: channel change replaces",
      kind: "template",
      olds: tplOld,
      news: { ...tplOld, channel: "push" },
      changes: true,
      replaces: ["channel"],
      deleteBeforeReplace: false,
    },
    {
      title: "template: channel derived from isEmail",
      kind: "template",
      olds: { ...tplOld, channel: "email", isEmail: true, contents: undefined },
      news: { ...P, appId: APP, apiKey: "KEY-1", name: "Welcome", isEmail: true, dynamicContent: '{"a":1}' },
      changes: false,
    },
    {
      title: "template: absent channel means push",
      kind: "template",
      olds: tplOld,
      news: {
        ...P,
        appId: APP,
        apiKey: "KEY-1",
        name: "Welcome",
        contents: { en: "Hi" },
        dynamicContent: '{"a":1}',
      },
      changes: true,
      replaces: ["channel"],
    },
    {
      title: "template: unknown channel replaces",
      kind: "template",
      olds: tplOld,
      news: { ...tplOld, channel: UNKNOWN },
      changes: true,
      replaces: ["channel"],
    },
    {
      title: "template: appId replaces",
      kind: "template",
      olds: tplOld,
      news: { ...tplOld, appId: APP2 },
      changes: true,
      replaces: ["appId"],
    },
    {
      title: "template: contents change in place",
      kind: "template",
      olds: tplOld,
      news: { ...tplOld, contents: { en: "Hello" } },
      changes: true,
      replaces: [],
    },
    {
      title: "template: write-only dynamicContent against last input",
      kind: "template",
      olds: tplOld,
      news: { ...tplOld, dynamicContent: '{"a":2}' },
      changes: true,
    },
    {
      title: "template: dynamicContent as an object and as its JSON string are the same",
      kind: "template",
      olds: { ...tplOld, dynamicContent: '{"a":1,"b":{"c":2}}' },
      news: { ...tplOld, dynamicContent: { b: { c: 2 }, a: 1 } },
      changes: false,
    },
    {
      title: "template: dynamicContent object against a different JSON string",
      kind: "template",
      olds: { ...tplOld, dynamicContent: '{"a":1}' },
      news: { ...tplOld, dynamicContent: { a: 2 } },
      changes: true,
    },
    {
      title: "template: language order irrelevant",
      kind: "template",
      olds: { ...tplOld, contents: { en: "Hi", es: "Hola" } },
      news: { ...tplOld, contents: { es: "Hola", en: "Hi" } },
      changes: false,
    },
    {
      title: "template: server platform flags unmanaged",
      kind: "template",
      olds: { ...tplOld, channel: "push", isIos: true },
      news: { ...tplOld, channel: "push" },
      changes: false,
    },
  ]);
});

describe("read", () => {
  it("template: SMS upper case, {} headings, null members → no diff, program form kept", async () => {
    const inputs = {
      ...P,
      appId: APP,
      apiKey: "k".repeat(20),
      name: "Welcome",
      channel: "sms",
      contents: { en: "Hi", es: "Hola" },
    };
    const api = stub({
      templates: {
        get: async () => ({
          id: "t1",
          name: "Welcome",
          channel: "SMS",
          createdAt: "2026-01-01T00:00:00Z",
          content: {
            contents: { es: "Hola", en: "Hi" },
            headings: {},
            subtitle: null,
            isEmail: null,
            isSms: true,
          },
        }),
      },
    });
    const h = buildHandlers(testContext(api));
    const r = await h.template.read("t1", inputs);
    expect(r.props).toMatchObject({ channel: "sms", contents: inputs.contents });
    expect(noUndefinedOrNull(r.props)).toBe(true);
    expect((await h.template.diff("t1", { ...r.props, ...P }, inputs)).changes).toBe(false);
    // The program's form is what state holds: no inputs, so the engine keeps the stored ones.
    expect(r.inputs).toBeUndefined();
  });
});

// ------------------------------------------------------------------ bad input

const langMap = fc.dictionary(
  fc.constantFrom("en", "de", "fr", "es", "zh-Hans", "pt-BR"),
  fc.string({ maxLength: 30 }),
  { minKeys: 1, maxKeys: 3 },
);
const templateValid: fc.Arbitrary<Props> = fc.oneof(
  fc.record(
    {
      appId: fc.constant(UUID),
      apiKey: fc.constant("os_v2_app_templatekey00000000000"),
      name: fc.constantFrom("Push", "Welcome push", "p"),
      channel: fc.constant("push"),
      contents: langMap.map((m) => ({ ...m, en: m.en ?? "Hello" })),
      headings: langMap,
      url: fc.constantFrom("https://acme.example/x", "myapp://open"),
    },
    { requiredKeys: ["appId", "name", "contents"] },
  ),
  fc.record(
    {
      appId: fc.constant(UUID),
      apiKey: fc.constant("os_v2_app_templatekey00000000000"),
      name: fc.constantFrom("Mail", "Welcome mail"),
      channel: fc.constant("email"),
      emailSubject: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ""),
      emailBody: fc.constantFrom("<p>Hi</p>", "Body"),
      emailFromAddress: fc.constantFrom("ops@acme.example"),
    },
    { requiredKeys: ["appId", "name", "channel", "emailSubject", "emailBody"] },
  ),
  fc.record(
    {
      appId: fc.constant(UUID),
      apiKey: fc.constant("os_v2_app_templatekey00000000000"),
      name: fc.constantFrom("Sms", "Welcome SMS"),
      channel: fc.constant("sms"),
      contents: langMap,
      smsFrom: fc.constantFrom("+15558675309"),
    },
    { requiredKeys: ["appId", "name", "channel", "contents"] },
  ),
);
const TEMPLATE_KEYS = [
  "appId",
  "apiKey",
  "name",
  "channel",
  "contents",
  "headings",
  "subtitle",
  "url",
  "globalImage",
  "data",
  "emailSubject",
  "emailBody",
  "emailBcc",
  "emailFromAddress",
  "emailReplyToAddress",
  "smsFrom",
  "smsMediaUrls",
  "isEmail",
  "isSms",
  "isIos",
  "isAndroid",
  "isHuawei",
  "isChromeWeb",
  "isSafari",
  "isFirefox",
  "isEdge",
  "isChrome",
  "isAdm",
  "isMacOsx",
  "isWpWns",
  "huaweiBadgeClass",
  "huaweiBadgeAddNum",
  "huaweiBadgeSetNum",
  "emailPreheader",
  "emailFromName",
  "disableEmailClickTracking",
  "includeUnsubscribed",
  "dynamicContent",
  "adoptExistingId",
];
/** A mutation applied only to templates of one channel (the valid base is rebuilt when needed). */
function forChannel(channel: "push" | "email" | "sms", m: Mutation, cross = false): Mutation {
  return m.map((x) => ({
    ...x,
    touches: [...new Set([...touched(x), "channel", "isEmail", "isSms"])],
    first: true,
    cross: cross || x.cross === true,
    apply: (p: Props) => {
      let base = p;
      if (p.channel !== channel) {
        base =
          channel === "push"
            ? { appId: p.appId, name: p.name, channel: "push", contents: { en: "Hello" } }
            : channel === "email"
              ? { appId: p.appId, name: p.name, channel: "email", emailSubject: "S", emailBody: "B" }
              : { appId: p.appId, name: p.name, channel: "sms", contents: { en: "Hi" } };
      }
      return x.apply(base);
    },
  }));
}
const templateMutations: Mutation[] = [
  remove("appId"),
  setTo("appId", fc.oneof(notAString, fc.constant("")), "bad appId"),
  setTo("apiKey", fc.oneof(notAString, fc.constant("")), "bad apiKey"),
  remove("name"),
  setTo("name", fc.oneof(notAString, blank, tooLong(128)), "bad name"),
  setTo(
    "channel",
    fc.oneof(
      notAString,
      fc.string({ maxLength: 8 }).filter((s) => !["push", "email", "sms"].includes(s)),
    ),
    "bad channel",
  ),
  setTo(
    "contents",
    fc.oneof(
      notAnObject,
      fc.constant({}),
      fc.constant({ en: 5 }),
      fc.constant({ "EN!": "x" }),
      fc.constant({ english: "x" }),
    ),
    "bad contents",
  ),
  setTo("headings", fc.oneof(notAnObject, fc.constant({ en: true })), "bad headings"),
  forChannel(
    "push",
    fc.constant({
      prop: "contents",
      apply: (p: Props) => ({ ...p, contents: { de: "Hallo" } }),
      expect: ["contents"],
      what: "push without contents.en",
    }),
    true,
  ),
  forChannel(
    "email",
    fc.constantFrom("emailSubject", "emailBody").map((f) => ({
      prop: f,
      apply: (p: Props) => omit(p, [f]),
      expect: [f],
      what: "email member missing",
    })),
    true,
  ),
  forChannel(
    "sms",
    fc.constant({
      prop: "contents",
      apply: (p: Props) => omit(p, ["contents"]),
      expect: ["contents"],
      what: "sms without contents",
    }),
    true,
  ),
  setTo(
    "url",
    fc.oneof(notAString, fc.constantFrom("acme.example/x", "/relative", "", "http//x")),
    "bad url",
  ),
  setTo("globalImage", fc.oneof(notAString, fc.constantFrom("image.png", "")), "bad globalImage"),
  setTo(
    "data",
    fc.oneof(fc.jsonValue().filter((v) => v !== null && (typeof v !== "object" || Array.isArray(v)))),
    "bad data",
  ),
  forChannel(
    "email",
    setTo(
      "emailBcc",
      fc.oneof(
        notAnArray,
        fc.constant(["not-an-email"]),
        fc.constant(Array.from({ length: 6 }, (_, i) => `u${i}@acme.example`)),
      ),
      "bad emailBcc",
    ),
  ),
  forChannel(
    "email",
    setTo(
      "emailFromAddress",
      fc.oneof(notAString, fc.constantFrom("ops", "ops@", "@acme.example", "")),
      "bad emailFromAddress",
    ),
  ),
  forChannel(
    "email",
    setTo(
      "emailReplyToAddress",
      fc.oneof(notAString, fc.constantFrom("nobody", "a b@c.d")),
      "bad emailReplyToAddress",
    ),
  ),
  forChannel(
    "sms",
    setTo(
      "smsFrom",
      fc.oneof(notAString, fc.constantFrom("5558675309", "+0123", "+1 555 867 5309", "")),
      "bad smsFrom",
    ),
  ),
  forChannel(
    "sms",
    setTo(
      "smsMediaUrls",
      fc.oneof(
        notAnArray,
        fc.constant(["not a url"]),
        fc.constant(Array.from({ length: 11 }, (_, i) => `https://acme.example/${i}.png`)),
      ),
      "bad smsMediaUrls",
    ),
  ),
  setTo("huaweiBadgeAddNum", fc.oneof(notAnInt(), fc.constantFrom(0, 100, -1, 1.5)), "bad huaweiBadgeAddNum"),
  setTo("huaweiBadgeSetNum", fc.oneof(notAnInt(), fc.constantFrom(-1, 100, 2.5)), "bad huaweiBadgeSetNum"),
  setTo(
    "dynamicContent",
    fc.oneof(
      notAnObject.filter((v) => typeof v !== "string"),
      fc.constantFrom("{", "not json", "{'a':1}", "[1]", "5", '"s"'),
    ),
    "bad dynamicContent",
  ),
  ...["isIos", "isAndroid", "isChromeWeb", "disableEmailClickTracking", "includeUnsubscribed"].map((f) =>
    setTo(f, notABoolean, `non-boolean ${f}`),
  ),
  forChannel(
    "push",
    fc.constant({
      prop: "isEmail",
      apply: (p: Props) => ({ ...p, channel: "push", isEmail: true }),
      expect: ["isEmail"],
      what: "isEmail contradicts channel",
    }),
    true,
  ),
  forChannel(
    "email",
    fc.constant({
      prop: "isSms",
      apply: (p: Props) => ({ ...omit(p, ["channel"]), isEmail: true, isSms: true }),
      expect: ["isSms"],
      what: "isEmail and isSms",
    }),
    true,
  ),
  setTo("adoptExistingId", fc.oneof(notAString, fc.constant("")), "bad adoptExistingId"),
  unknownProp(TEMPLATE_KEYS),
];
function notAnInt(): fc.Arbitrary<unknown> {
  return jsonNonNull.filter((v) => typeof v !== "number");
}

describe("bad input", () => {
  badInputCases("template", templateValid, templateMutations);
});
