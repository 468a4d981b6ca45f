/** Unit tests of provider/schemas: outbound validation, wire mapping, inbound tolerance. No I/O. */
import fc from "fast-check";
import {
  apiKeyCreateInputSchema,
  apiKeySchema,
  apiKeyUpdateInputSchema,
  appCreateInputSchema,
  appInputToWire,
  appSchema,
  appUpdateInputSchema,
  errorMessages,
  filtersSchema,
  formatIssues,
  notificationCreateInputSchema,
  notificationCreateResponseSchema,
  notificationInputToWire,
  segmentCreateInputSchema,
  segmentDetailSchema,
  segmentInputToWire,
  segmentPageSchema,
  segmentUpdateInputSchema,
  TEMPLATE_CONTENT_FIELDS,
  templateCreateInputSchema,
  templateInputToWire,
  templatePageSchema,
  templateSchema,
  timestampInbound,
  filterInboundSchema,
} from "../../provider/schemas";
import type { z } from "zod";

const ORG = "7b5a5d46-3c53-4b6b-8b0f-f1b1c9d1a001";

/** Issue paths of a failed parse (fails the test if the parse succeeded). */
function paths(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  if (r.success) throw new Error(`expected a validation failure for ${JSON.stringify(input).slice(0, 200)}`);
  return formatIssues(r.error.issues).map((i) => i.path);
}
function messages(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected a validation failure");
  return formatIssues(r.error.issues).map((i) => `${i.path}: ${i.message}`);
}

describe("filters (CONTRACT §6)", () => {
  const contractExample = [
    { field: "session_count", relation: ">", value: "5" },
    { operator: "AND" },
    { field: "tag", key: "subscription", relation: "=", value: "premium" },
    { operator: "OR" },
    { field: "last_session", relation: "<", hoursAgo: "30" },
  ];

  it("accepts the CONTRACT example", () => {
    expect(filtersSchema.parse(contractExample)).toEqual(contractExample);
  });

  it("names the offending entry in camelCase paths", () => {
    const bad = [...contractExample.slice(0, 3), { field: "tag", key: "k", relation: "~", value: "x" }];
    expect(paths(filtersSchema, bad)).toContain("[3].relation");
    const inSegment = messages(segmentCreateInputSchema, { name: "s", filters: bad });
    expect(inSegment.some((m) => m.startsWith("filters[3].relation: "))).toBe(true);
  });

  it("reports unknown members with their path", () => {
    expect(
      paths(filtersSchema, [{ field: "tag", key: "k", relation: "=", value: "v", hours_ago: "1" }]),
    ).toEqual(["[0].hours_ago"]);
  });

  it("applies per-field member rules", () => {
    expect(paths(filtersSchema, [{ field: "tag", relation: "=", value: "x" }])).toEqual(["[0].key"]);
    expect(paths(filtersSchema, [{ field: "tag", key: "k", relation: "exists", value: "x" }])).toEqual([
      "[0].value",
    ]);
    expect(filtersSchema.safeParse([{ field: "tag", key: "k", relation: "exists" }]).success).toBe(true);
    expect(paths(filtersSchema, [{ field: "last_session", relation: ">" }])).toEqual(["[0].hoursAgo"]);
    expect(paths(filtersSchema, [{ field: "last_session", relation: "=", hoursAgo: "1" }])).toEqual([
      "[0].relation",
    ]);
    expect(paths(filtersSchema, [{ field: "session_count", relation: ">", value: "many" }])).toEqual([
      "[0].value",
    ]);
    expect(paths(filtersSchema, [{ field: "location", relation: "=", radius: 100, lat: 10 }])).toEqual([
      "[0].long",
    ]);
    expect(paths(filtersSchema, [{ field: "language", relation: ">", value: "en" }])).toEqual([
      "[0].relation",
    ]);
    expect(
      filtersSchema.safeParse([{ field: "language", relation: "in_array", value: "en,fr,de" }]).success,
    ).toBe(true);
    // Free-form fields (legacy device_type) get the generic rules.
    expect(filtersSchema.safeParse([{ field: "device_type", relation: "=", value: "iOS" }]).success).toBe(
      true,
    );
    expect(paths(filtersSchema, [{ field: "tag", key: "k", relation: "=", value: 5 }])).toEqual([
      "[0].value",
    ]);
  });

  it("limits in_array to 20 values", () => {
    const v = Array.from({ length: 21 }, (_, i) => `v${i}`).join(",");
    expect(paths(filtersSchema, [{ field: "tag", key: "k", relation: "in_array", value: v }])).toEqual([
      "[0].value",
    ]);
  });

  it("counts filters and OR operators against the 200 cap, not AND", () => {
    const f = { field: "tag", key: "k", relation: "=", value: "v" };
    const withOr = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 1 ? { operator: "OR" } : f));
    expect(filtersSchema.safeParse(withOr(199)).success).toBe(true);
    expect(filtersSchema.safeParse(withOr(201)).success).toBe(false);
    const withAnd = Array.from({ length: 299 }, (_, i) => (i % 2 === 1 ? { operator: "AND" } : f)); // 150 filters + 149 ANDs
    expect(filtersSchema.safeParse(withAnd).success).toBe(true);
  });

  it("rejects empty lists and misplaced operators", () => {
    expect(filtersSchema.safeParse([]).success).toBe(false);
    expect(
      paths(filtersSchema, [{ operator: "OR" }, { field: "tag", key: "k", relation: "exists" }]),
    ).toContain("[0]");
    const f = { field: "tag", key: "k", relation: "exists" };
    expect(paths(filtersSchema, [f, { operator: "OR" }, { operator: "AND" }, f])).toEqual(["[2]"]);
    expect(paths(filtersSchema, [f, { operator: "XOR" }, f])).toEqual(["[1].operator"]);
  });

  it("tolerates numbers-as-strings and extra keys inbound", () => {
    expect(
      filterInboundSchema.parse({
        field: "location",
        relation: "=",
        radius: "1000",
        lat: "1.5",
        long: 2,
        unsupported_in_api: false,
        extra: 1,
      }),
    ).toEqual({
      field: "location",
      relation: "=",
      radius: 1000,
      lat: 1.5,
      long: 2,
      unsupportedInApi: false,
    });
    expect(
      filterInboundSchema.parse({ field: "last_session", relation: ">", hours_ago: 24, value: null }),
    ).toEqual({ field: "last_session", relation: ">", hoursAgo: "24" });
    expect(filterInboundSchema.parse({ operator: "OR" })).toEqual({ operator: "OR" });
  });
});

describe("segment schemas (CONTRACT §4)", () => {
  const filters = [{ field: "session_count", relation: ">", value: "1" }];

  it("validates create input and maps to wire", () => {
    const v = segmentCreateInputSchema.parse({
      id: "9f1c7a5e-2f7b-4d55-9a3e-3b1a0f0d0c01",
      name: "Active",
      description: "d",
      filters: [{ field: "last_session", relation: "<", hoursAgo: "24" }],
    });
    expect(segmentInputToWire(v)).toEqual({
      id: "9f1c7a5e-2f7b-4d55-9a3e-3b1a0f0d0c01",
      name: "Active",
      description: "d",
      filters: [{ field: "last_session", relation: "<", hours_ago: "24" }],
    });
    expect(paths(segmentCreateInputSchema, { name: "x".repeat(129), filters })).toEqual(["name"]);
    expect(paths(segmentCreateInputSchema, { name: "n", description: "d".repeat(256), filters })).toEqual([
      "description",
    ]);
    expect(paths(segmentCreateInputSchema, { name: "n" })).toEqual(["filters"]);
    expect(paths(segmentCreateInputSchema, { id: "nope", name: "n", filters })).toEqual(["id"]);
    expect(paths(segmentCreateInputSchema, { name: "n", filters, subscriberCount: 1 })).toEqual([
      "subscriberCount",
    ]);
  });

  it("requires name on update; filters optional", () => {
    expect(segmentUpdateInputSchema.safeParse({ name: "n" }).success).toBe(true);
    expect(paths(segmentUpdateInputSchema, { filters })).toEqual(["name"]);
    expect(paths(segmentUpdateInputSchema, { name: "n", filters: [] })).toEqual(["filters"]);
  });

  it("normalises detail created_at from Unix seconds and list created_at from ISO", () => {
    const d = segmentDetailSchema.parse({
      subscriber_count: 3,
      payload: {
        id: "s1",
        name: "n",
        description: null,
        created_at: 1658584650,
        source: "custom",
        filters: [{ field: "tag", key: "a", relation: "exists" }],
      },
    });
    expect(d).toEqual({
      id: "s1",
      name: "n",
      createdAt: "2022-07-23T13:57:30.000Z",
      source: "custom",
      filters: [{ field: "tag", key: "a", relation: "exists" }],
      subscriberCount: 3,
    });
    expect("description" in d).toBe(false);
    const page = segmentPageSchema.parse({
      total_count: 1,
      offset: 0,
      limit: 300,
      segments: [
        {
          id: "s1",
          name: "Subscribed Users",
          created_at: "2022-07-23T13:44:10.324Z",
          updated_at: "2022-09-18T11:33:02.451Z",
          app_id: "a",
          read_only: true,
          is_active: true,
          x: 1,
        },
      ],
    });
    expect(page.segments[0]).toEqual({
      id: "s1",
      name: "Subscribed Users",
      createdAt: "2022-07-23T13:44:10.324Z",
      updatedAt: "2022-09-18T11:33:02.451Z",
      appId: "a",
      readOnly: true,
      isActive: true,
    });
  });

  it("timestamps: seconds, milliseconds and strings all become ISO", () => {
    expect(timestampInbound.parse(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(timestampInbound.parse(1658584650123)).toBe("2022-07-23T13:57:30.123Z");
    expect(timestampInbound.parse("2023-07-20T19:16:55Z")).toBe("2023-07-20T19:16:55.000Z");
  });
});

describe("template schemas (CONTRACT §5)", () => {
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
      dynamic_content: "{}",
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
      content: { contents: { en: "hi" }, isSms: true, emailBcc: ["a@b.co", "c@d.co"], headings: {} },
    });
    // No channel on the wire: derived from the flags.
    expect(
      templateSchema.parse({ id: "t2", name: "e", channel: null, content: { isEmail: true } }).channel,
    ).toBe("email");
    expect(templateSchema.parse({ id: "t3", name: "p" }).channel).toBe("push");
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

describe("app schemas (CONTRACT §2)", () => {
  it("requires name and organizationId on create", () => {
    expect(paths(appCreateInputSchema, {}).sort()).toEqual(["name", "organizationId"]);
    expect(appCreateInputSchema.safeParse({ name: "a", organizationId: ORG }).success).toBe(true);
    expect(paths(appCreateInputSchema, { name: "a".repeat(129), organizationId: ORG })).toEqual(["name"]);
  });

  it("enforces platform groups", () => {
    expect(paths(appUpdateInputSchema, { apnsKeyId: "k" }).sort()).toEqual([
      "apnsBundleId",
      "apnsP8",
      "apnsTeamId",
    ]);
    expect(paths(appUpdateInputSchema, { siteName: "s", chromeWebOrigin: "https://a.test" })).toEqual([
      "siteName",
    ]);
    expect(paths(appUpdateInputSchema, { chromeWebOrigin: "http://a.test" })).toEqual(["chromeWebOrigin"]);
    expect(paths(appUpdateInputSchema, { apnsP12: "b64" })).toEqual(["apnsP12Password"]);
    expect(paths(appUpdateInputSchema, {})).toEqual([""]);
    expect(paths(appUpdateInputSchema, { apnsEnv: "dev" })).toEqual(["apnsEnv"]);
  });

  it("maps to snake_case including the docs-only fcm_v1_service_account_json", () => {
    const v = appUpdateInputSchema.parse({
      name: "a",
      fcmV1ServiceAccountJson: "{}",
      additionalDataIsRootPayload: true,
      safariIcon256256: "https://i",
    });
    expect(appInputToWire(v)).toEqual({
      name: "a",
      fcm_v1_service_account_json: "{}",
      additional_data_is_root_payload: true,
      safari_icon_256_256: "https://i",
    });
  });

  it("reads the 7-field docs shape and the full SPEC shape", () => {
    expect(
      appSchema.parse({
        id: "a1",
        name: "n",
        players: 1,
        messageable_players: 0,
        created_at: "2014-04-01T04:20:02.003Z",
        updated_at: "2014-04-01T04:20:02.003Z",
        organization_id: ORG,
      }),
    ).toEqual({
      id: "a1",
      name: "n",
      players: 1,
      messageablePlayers: 0,
      createdAt: "2014-04-01T04:20:02.003Z",
      updatedAt: "2014-04-01T04:20:02.003Z",
      organizationId: ORG,
    });
    const full = appSchema.parse({
      id: "a1",
      name: "n",
      apns_env: "production",
      gcm_key: null,
      basic_auth_key: "legacy",
      apns_p12: "never-echoed",
      safari_icon_16_16: "u",
      chrome_web_origin: "https://x",
    });
    expect(full).toEqual({
      id: "a1",
      name: "n",
      apnsEnv: "production",
      basicAuthKey: "legacy",
      safariIcon1616: "u",
      chromeWebOrigin: "https://x",
    });
  });
});

describe("API key schemas (CONTRACT §3)", () => {
  it("validates allowlists", () => {
    expect(apiKeyCreateInputSchema.safeParse({ name: "k" }).success).toBe(true);
    expect(paths(apiKeyCreateInputSchema, { name: "k", ipAllowlistMode: "explicit" })).toEqual([
      "ipAllowlist",
    ]);
    expect(
      paths(apiKeyCreateInputSchema, {
        name: "k",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["192.0.2.0/24", "300.1.1.1/8"],
      }),
    ).toEqual(["ipAllowlist[1]"]);
    expect(
      apiKeyCreateInputSchema.safeParse({
        name: "k",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["2001:db8::/32", "192.0.2.1"],
      }).success,
    ).toBe(true);
    expect(paths(apiKeyCreateInputSchema, {})).toEqual(["name"]);
    expect(apiKeyUpdateInputSchema.safeParse({ ipAllowlistMode: "explicit" }).success).toBe(true);
    expect(paths(apiKeyUpdateInputSchema, {})).toEqual([""]);
  });

  it("reads records with absent allowlist as [] and mode as disabled", () => {
    expect(
      apiKeySchema.parse({
        token_id: "t",
        name: "k",
        created_at: "2023-11-07T05:31:56Z",
        formatted_token: null,
      }),
    ).toEqual({
      tokenId: "t",
      name: "k",
      ipAllowlistMode: "disabled",
      ipAllowlist: [],
      createdAt: "2023-11-07T05:31:56.000Z",
    });
  });
});

describe("notification schema (CONTRACT §7)", () => {
  const push = { contents: { en: "hi" } };
  it("requires exactly one targeting method", () => {
    expect(
      notificationCreateInputSchema.safeParse({
        ...push,
        includedSegments: ["Active"],
        excludedSegments: ["X"],
      }).success,
    ).toBe(true);
    expect(paths(notificationCreateInputSchema, push)).toEqual([""]);
    expect(
      paths(notificationCreateInputSchema, {
        ...push,
        includedSegments: ["A"],
        includeSubscriptionIds: ["s"],
      }),
    ).toEqual(["includedSegments"]);
    expect(
      paths(notificationCreateInputSchema, {
        ...push,
        filters: [{ field: "tag", key: "k", relation: "exists" }],
        includedSegments: ["A"],
      }),
    ).toHaveLength(1);
    expect(paths(notificationCreateInputSchema, { ...push, excludedSegments: ["X"] })).toContain(
      "excludedSegments",
    );
    expect(
      paths(notificationCreateInputSchema, { ...push, includeAliases: { external_id: ["u1"] } }),
    ).toEqual(["targetChannel"]);
    expect(
      notificationCreateInputSchema.safeParse({
        ...push,
        includeAliases: { external_id: ["u1"] },
        targetChannel: "push",
      }).success,
    ).toBe(true);
  });

  it("checks E.164, target counts, name, custom_data sizes", () => {
    const sms = { name: "n", contents: { en: "hi" } };
    expect(
      notificationCreateInputSchema.safeParse({ ...sms, includePhoneNumbers: ["+15558675309"] }).success,
    ).toBe(true);
    expect(paths(notificationCreateInputSchema, { ...sms, includePhoneNumbers: ["5558675309"] })).toEqual([
      "includePhoneNumbers[0]",
    ]);
    expect(
      paths(notificationCreateInputSchema, { contents: { en: "hi" }, includePhoneNumbers: ["+15558675309"] }),
    ).toEqual(["name"]);
    expect(
      paths(notificationCreateInputSchema, {
        ...push,
        includeSubscriptionIds: Array.from({ length: 20_001 }, (_, i) => `s${i}`),
      }),
    ).toEqual(["includeSubscriptionIds"]);
    expect(
      paths(notificationCreateInputSchema, { ...push, includedSegments: ["A"], name: "x".repeat(129) }),
    ).toEqual(["name"]);
    const big = { blob: "x".repeat(2100) };
    expect(
      paths(notificationCreateInputSchema, { ...push, includedSegments: ["A"], customData: big }),
    ).toEqual(["customData"]);
    const email = { emailTo: ["a@b.co"], emailSubject: "s", emailBody: "b" };
    expect(notificationCreateInputSchema.safeParse({ ...email, customData: big }).success).toBe(true);
    expect(
      paths(notificationCreateInputSchema, { ...email, customData: { blob: "x".repeat(10_001) } }),
    ).toEqual(["customData"]);
    expect(paths(notificationCreateInputSchema, { emailTo: ["a@b.co"] }).sort()).toEqual([
      "emailBody",
      "emailSubject",
    ]);
    expect(
      notificationCreateInputSchema.safeParse({ emailTo: ["a@b.co"], templateId: "t", emailSubject: "s" })
        .success,
    ).toBe(true);
  });

  it("checks scheduling and idempotency", () => {
    const base = { ...push, includedSegments: ["A"] };
    expect(
      notificationCreateInputSchema.safeParse({ ...base, sendAfter: "2015-09-24 14:00:00 GMT-0700" }).success,
    ).toBe(true);
    expect(
      notificationCreateInputSchema.safeParse({ ...base, sendAfter: "2026-09-24T14:00:00Z" }).success,
    ).toBe(true);
    expect(paths(notificationCreateInputSchema, { ...base, sendAfter: "next tuesday" })).toEqual([
      "sendAfter",
    ]);
    expect(paths(notificationCreateInputSchema, { ...base, delayedOption: "timezone" })).toEqual([
      "deliveryTimeOfDay",
    ]);
    expect(
      notificationCreateInputSchema.safeParse({
        ...base,
        delayedOption: "timezone",
        deliveryTimeOfDay: "9:00AM",
      }).success,
    ).toBe(true);
    expect(
      notificationCreateInputSchema.safeParse({
        ...base,
        delayedOption: "timezone",
        deliveryTimeOfDay: "21:45",
      }).success,
    ).toBe(true);
    expect(
      paths(notificationCreateInputSchema, {
        ...base,
        delayedOption: "timezone",
        deliveryTimeOfDay: "25:00",
      }),
    ).toEqual(["deliveryTimeOfDay"]);
    expect(paths(notificationCreateInputSchema, { ...base, deliveryTimeOfDay: "9:00AM" })).toEqual([
      "delayedOption",
    ]);
    expect(
      notificationCreateInputSchema.safeParse({
        ...base,
        idempotencyKey: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      }).success,
    ).toBe(true);
    expect(
      notificationCreateInputSchema.safeParse({
        ...base,
        idempotencyKey: "6fa459ea-ee8a-3ca4-894e-db77e160355e",
      }).success,
    ).toBe(true);
    expect(
      paths(notificationCreateInputSchema, {
        ...base,
        idempotencyKey: "c232ab00-9414-11ec-b3c8-9f68deced846",
      }),
    ).toEqual(["idempotencyKey"]); // v1
  });

  it("maps to the wire with app_id and snake_case filters", () => {
    const v = notificationCreateInputSchema.parse({
      ...push,
      filters: [{ field: "last_session", relation: ">", hoursAgo: "2" }],
      idempotencyKey: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    });
    expect(notificationInputToWire(v, "app")).toEqual({
      app_id: "app",
      contents: { en: "hi" },
      filters: [{ field: "last_session", relation: ">", hours_ago: "2" }],
      idempotency_key: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    });
  });

  it("reads the 'not sent' shape (id empty) and partial success", () => {
    expect(
      notificationCreateResponseSchema.parse({ id: "", errors: ["All included players are not subscribed"] }),
    ).toEqual({
      id: "",
      externalId: null,
      errors: ["All included players are not subscribed"],
      sent: false,
    });
    expect(
      notificationCreateResponseSchema.parse({
        id: "n1",
        external_id: null,
        errors: { invalid_player_ids: ["x"] },
      }).sent,
    ).toBe(true);
    expect(notificationCreateResponseSchema.parse({ id: "n1" }).errors).toBeNull();
  });
});

describe("error bodies (CONTRACT §1.4)", () => {
  it.each([
    [{ errors: ["a", "b"] }, ["a", "b"]],
    [{ errors: "scalar" }, ["scalar"]],
    [{ errors: [{ code: "user-2", title: "Conflict", meta: {} }] }, ["Conflict (user-2)"]],
    [
      { errors: { invalid_aliases: { external_id: ["x"] }, invalid_player_ids: ["p"] } },
      ['invalid_aliases: {"external_id":["x"]}', 'invalid_player_ids: ["p"]'],
    ],
    [{ success: false }, []],
    [{ errors: ["legacy"], reference: ["https://documentation.onesignal.com/x"] }, ["legacy"]],
    [
      { errors: ["API rate limit exceeded."], limit: "1 req/s" },
      ["API rate limit exceeded.", "limit: 1 req/s"],
    ],
    [{}, []],
    ["plain text", ["plain text"]],
    [null, []],
  ])("%j → %j", (body, expected) => {
    expect(errorMessages(body)).toEqual(expected);
  });
});
