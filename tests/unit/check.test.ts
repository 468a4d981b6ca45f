/**
 * check: failures name the offending property (camelCase, `filters[2].relation`), unknown values
 * computed by other resources pass, and no HTTP request is ever made.
 */
import { UNKNOWN } from "../../provider/resources/protocol";
import { offlineHandlers, PROVIDER } from "../provider/helpers";

const h = offlineHandlers();
const APP = "5a6f3e0e-7a6e-4f3c-9d2b-0a3c1b2d4e5f";

async function failures(kind: "app" | "apiKey" | "segment" | "template", news: Record<string, unknown>) {
  const r = await h[kind].check({}, { ...news, __provider: PROVIDER });
  return r.failures;
}

async function properties(kind: "app" | "apiKey" | "segment" | "template", news: Record<string, unknown>) {
  return (await failures(kind, news)).map((f) => f.property);
}

afterAll(() => {
  // Every check above ran against a client that throws on use.
  expect(h.ctx.apiCalls).toBe(0);
});

describe("App check", () => {
  it("accepts a minimal and a full app", async () => {
    expect(await failures("app", { name: "Acme" })).toEqual([]);
    expect(
      await failures("app", {
        name: "Acme",
        organizationId: APP,
        apnsEnv: "production",
        apnsKeyId: "K",
        apnsTeamId: "T",
        apnsBundleId: "com.acme",
        apnsP8: "LS0tLS1CRUdJTg==",
        chromeWebOrigin: "https://acme.example",
        safariSiteOrigin: "https://acme.example",
        siteName: "Acme",
      }),
    ).toEqual([]);
  });

  it.each(
    [
      [{ name: "" }, "name"],
      [{ name: "x".repeat(129) }, "name"],
      [{}, "name"],
      [{ name: "a", apnsEnv: "staging" }, "apnsEnv"],
      [{ name: "a", organizationId: "not-a-uuid" }, "organizationId"],
      [{ name: "a", chromeWebOrigin: "ftp://x" }, "chromeWebOrigin"],
      [{ name: "a", nmae: "typo" }, "nmae"],
      [{ name: "a", apnsKeyId: "K" }, "apnsTeamId"],
      [{ name: "a", siteName: "Acme" }, "siteName"],
      [{ name: "a", additionalDataIsRootPayload: "yes" }, "additionalDataIsRootPayload"],
    ].map(([n, p]) => [p, n] as [string, Record<string, unknown>]),
  )("rejects input naming %s", async (prop, news) => {
    expect(await properties("app", news)).toContain(prop);
  });

  it("needs an organization from the inputs or the provider settings", async () => {
    const bare = offlineHandlers({});
    const r = await bare.app.check({}, { name: "Acme", __provider: PROVIDER });
    expect(r.failures.map((f) => f.property)).toEqual(["organizationId"]);
    expect(
      (await bare.app.check({}, { name: "Acme", organizationId: APP, __provider: PROVIDER })).failures,
    ).toEqual([]);
  });

  it("lets unknown values through", async () => {
    expect(await failures("app", { name: UNKNOWN, organizationId: UNKNOWN, apnsEnv: UNKNOWN })).toEqual([]);
  });
});

describe("ApiKey check", () => {
  it("accepts a key with an allowlist", async () => {
    expect(
      await failures("apiKey", {
        appId: APP,
        name: "ci",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"],
      }),
    ).toEqual([]);
  });

  it.each(
    [
      [{ name: "ci" }, "appId"],
      [{ appId: APP }, "name"],
      [{ appId: APP, name: "ci", ipAllowlistMode: "open" }, "ipAllowlistMode"],
      [{ appId: APP, name: "ci", ipAllowlist: ["203.0.113.0/24", "300.1.1.1/8"] }, "ipAllowlist[1]"],
      [{ appId: APP, name: "ci", ipAllowlistMode: "explicit", ipAllowlist: [] }, "ipAllowlist"],
      [{ appId: APP, name: "ci", ipAllowlistMode: "explicit" }, "ipAllowlist"],
      [{ appId: APP, name: "ci", rotationTrigger: 5 }, "rotationTrigger"],
    ].map(([n, p]) => [p, n] as [string, Record<string, unknown>]),
  )("rejects input naming %s", async (prop, news) => {
    expect(await properties("apiKey", news)).toContain(prop);
  });

  it("lets an unknown appId and allowlist entry through", async () => {
    expect(
      await failures("apiKey", {
        appId: UNKNOWN,
        name: "ci",
        ipAllowlistMode: "explicit",
        ipAllowlist: [UNKNOWN],
      }),
    ).toEqual([]);
  });
});

describe("Segment check", () => {
  const base = {
    appId: APP,
    name: "VIP",
    filters: [{ field: "tag", key: "tier", relation: "=", value: "vip" }],
  };

  it("accepts the documented grammar", async () => {
    expect(
      await failures("segment", {
        ...base,
        apiKey: "os_v2_app_secret",
        description: "High-value users",
        filters: [
          { field: "tag", key: "tier", relation: "=", value: "vip" },
          { operator: "OR" },
          { field: "session_count", relation: ">", value: "10" },
          { operator: "AND" },
          { field: "last_session", relation: "<", hoursAgo: "24" },
          { field: "tag", key: "beta", relation: "exists" },
          { field: "location", relation: "=", radius: 1000, lat: 1.5, long: 2.5 },
        ],
      }),
    ).toEqual([]);
  });

  it.each(
    [
      [
        {
          ...base,
          filters: [
            { field: "tag", key: "a", relation: "=", value: "1" },
            { operator: "OR" },
            { field: "tag", key: "b", relation: "~", value: "x" },
          ],
        },
        "filters[2].relation",
      ],
      [{ ...base, filters: [{ field: "tag", relation: "=", value: "x" }] }, "filters[0].key"],
      [{ ...base, filters: [{ field: "session_count", relation: ">" }] }, "filters[0].value"],
      [
        { ...base, filters: [{ operator: "OR" }, { field: "tag", key: "a", relation: "exists" }] },
        "filters[0]",
      ],
      [{ ...base, filters: [{ operator: "XOR" }] }, "filters[0].operator"],
      [{ ...base, filters: [] }, "filters"],
      [
        {
          ...base,
          filters: Array.from({ length: 201 }, () => ({ field: "tag", key: "a", relation: "exists" })),
        },
        "filters",
      ],
      [{ ...base, name: "x".repeat(129) }, "name"],
      [{ ...base, description: "d".repeat(256) }, "description"],
      [{ name: "VIP", filters: base.filters }, "appId"],
      [{ appId: APP, name: "VIP" }, "filters"],
      [
        {
          ...base,
          filters: [
            {
              field: "language",
              relation: "in_array",
              value: Array.from({ length: 21 }, (_, i) => `l${i}`).join(","),
            },
          ],
        },
        "filters[0].value",
      ],
    ].map(([n, p]) => [p, n] as [string, Record<string, unknown>]),
  )("rejects input naming %s", async (prop, news) => {
    expect(await properties("segment", news)).toContain(prop);
  });

  it("lets unknown filter values through but still checks the rest", async () => {
    expect(
      await failures("segment", {
        ...base,
        filters: [{ field: "tag", key: "tier", relation: "=", value: UNKNOWN }],
      }),
    ).toEqual([]);
    expect(await failures("segment", { ...base, filters: UNKNOWN })).toEqual([]);
    expect(
      await properties("segment", {
        ...base,
        filters: [{ field: "tag", key: UNKNOWN, relation: "bogus", value: "x" }],
      }),
    ).toEqual(["filters[0].relation"]);
  });
});

describe("Template check", () => {
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

  it("skips per-channel rules while the channel is unknown", async () => {
    expect(await failures("template", { ...base, channel: UNKNOWN, emailSubject: "s" })).toEqual([]);
    expect(await failures("template", { ...base, channel: "push", contents: UNKNOWN })).toEqual([]);
  });
});

describe("check never throws", () => {
  it.each([null, 5, "x", [1], { a: { b: [null] } }])("survives a filters value of %j", async (filters) => {
    const r = await h.segment.check({}, { appId: APP, name: "s", filters, __provider: PROVIDER });
    expect(r.failures.length).toBeGreaterThan(0);
    expect(r.failures.every((f) => typeof f.property === "string" && f.reason.length > 0)).toBe(true);
  });

  it("keeps __provider in the checked inputs", async () => {
    const r = await h.app.check({}, { name: "Acme", __provider: PROVIDER });
    expect(r.inputs.__provider).toBe(PROVIDER);
  });
});
