/**
 * check across kinds: whatever the input, it answers with failures instead of throwing. The
 * per-kind rules (failures name the offending property, unknown values computed by other
 * resources pass, no HTTP request is ever made): app/apiKey/segment/template.test.ts.
 */
import { apiKeyFields, appFields, secretNames, segmentFields, templateFields } from "../../provider/schemas";
import { PROVIDER } from "../provider/helpers";
import { APP, checkMakesNoRequest, h } from "./helpers";

checkMakesNoRequest();

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

describe("check failures on secret properties carry a reason, never the value", () => {
  // Valid inputs per kind, so that the only failure is the secret under test.
  const VALID: Record<"app" | "apiKey" | "segment" | "template", Record<string, unknown>> = {
    app: { name: "Acme", organizationId: APP },
    apiKey: { appId: APP, name: "k" },
    segment: {
      appId: APP,
      apiKey: "key",
      name: "s",
      filters: [{ field: "session_count", relation: ">", value: "1" }],
    },
    template: { appId: APP, apiKey: "key", name: "t", channel: "sms", contents: { en: "Hi" } },
  };
  const TABLES = { app: appFields, apiKey: apiKeyFields, segment: segmentFields, template: templateFields };
  const PRIVATE_KEY =
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-secret-body\n-----END PRIVATE KEY-----\n";
  const WRONG: [string, () => unknown, RegExp][] = [
    // An FCM service-account object instead of its JSON text.
    [
      "an object",
      () => ({
        type: "service_account",
        private_key: PRIVATE_KEY,
        client_email: "x@y.iam.gserviceaccount.com",
      }),
      /not an object/,
    ],
    ["a Buffer", () => Buffer.from(PRIVATE_KEY), /not a Buffer/],
    // A Buffer as it arrives after the SDK serialized it.
    ["a serialized Buffer", () => JSON.parse(JSON.stringify(Buffer.from(PRIVATE_KEY))), /not a Buffer/],
    ["a number", () => 4242424242424242, /not a number/],
    ["an array", () => [PRIVATE_KEY], /not an array/],
  ];
  const cases = (Object.keys(TABLES) as (keyof typeof TABLES)[]).flatMap((kind) =>
    secretNames(TABLES[kind]).flatMap((field) =>
      WRONG.map(([what, make, says]) => [kind, field, what, make, says] as const),
    ),
  );

  it("every kind with secret fields is covered", () => {
    expect(new Set(cases.map(([kind]) => kind))).toEqual(new Set(["app", "segment", "template"]));
    expect(new Set(cases.map(([, field]) => field))).toEqual(
      new Set(Object.values(TABLES).flatMap((t) => secretNames(t))),
    );
  });

  it.each(cases)("%s.%s given %s", async (kind, field, _what, make, says) => {
    const value = make();
    const r = await h[kind].check({}, { ...VALID[kind], [field]: value, __provider: PROVIDER });
    expect(r.failures.length).toBeGreaterThan(0);
    const mine = r.failures.filter((f) => f.reason.startsWith(`${field}:`));
    expect(mine).toHaveLength(1);
    // No property: the engine would look the value up under it and print it.
    expect(mine[0].property).toBe("");
    expect(mine[0].reason).toMatch(/must be a string/);
    expect(mine[0].reason).toMatch(says);
    expect(r.failures.every((f) => !f.property.startsWith(field))).toBe(true);
    // Neither the failures nor the checked inputs hand the value back.
    expect(r.inputs).not.toHaveProperty(field);
    const printed = JSON.stringify(r);
    for (const needle of [
      "PRIVATE KEY",
      "secret-body",
      "4242424242424242",
      "gserviceaccount",
      "LS0tLS1CRUdJTi",
    ])
      expect(printed).not.toContain(needle);
  });

  it("a failure on a string secret (not valid service-account JSON) leaves the value out too", async () => {
    const r = await h.app.check(
      {},
      { ...VALID.app, fcmV1ServiceAccountJson: `{"private_key": "${PRIVATE_KEY}` },
    );
    expect(r.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^fcmV1ServiceAccountJson: is not valid JSON/) },
    ]);
    expect(JSON.stringify(r)).not.toContain("PRIVATE KEY");
  });

  it("a non-secret property keeps its property name (the engine may print that value)", async () => {
    const r = await h.app.check({}, { ...VALID.app, apnsEnv: 7 });
    expect(r.failures.map((f) => f.property)).toEqual(["apnsEnv"]);
  });
});

describe("check failures say the offending value once, where the engine cannot", () => {
  it("a nested property names its path and value (the engine would print value {<nil>})", async () => {
    const r = await h.segment.check(
      {},
      {
        __provider: PROVIDER,
        appId: APP,
        apiKey: "KEY-1",
        name: "VIP",
        filters: [{ field: "tag", key: "tier", relation: "==", value: "vip" }],
      },
    );
    expect(r.failures).toEqual([
      {
        property: "",
        reason:
          'filters[0].relation: "==" is not allowed; must be one of ">", "<", "=", "!=", "exists", "not_exists", "time_elapsed_gt", "time_elapsed_lt", "in_array", "not_in_array"',
      },
    ]);
    const k = await h.apiKey.check(
      {},
      {
        __provider: PROVIDER,
        appId: APP,
        name: "ci",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["300.1.1.1"],
      },
    );
    expect(k.failures).toEqual([
      {
        property: "",
        reason:
          'ipAllowlist[0]: "300.1.1.1" must be an IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.0/24',
      },
    ]);
  });

  it("a nested object or array is never shown: it may hold a value the program marked secret", async () => {
    const r = await h.segment.check(
      {},
      {
        __provider: PROVIDER,
        appId: APP,
        apiKey: "KEY-1",
        name: "VIP",
        filters: [{ field: "tag", key: "tier", relation: "=", value: { hidden: "s3cr3t-v4lue" } }],
      },
    );
    expect(r.failures.length).toBeGreaterThan(0);
    expect(JSON.stringify(r.failures)).not.toContain("s3cr3t-v4lue");
    expect(r.failures[0]!.reason).toMatch(/^filters\[0\]\.value: /);
  });

  it("a top-level property keeps its name for the engine, which prints its value", async () => {
    const k = await h.apiKey.check(
      {},
      { __provider: PROVIDER, appId: APP, name: "ci", ipAllowlistMode: "bogus" },
    );
    expect(k.failures).toEqual([
      { property: "ipAllowlistMode", reason: 'is not allowed; must be one of "disabled", "explicit"' },
    ]);
  });
});
