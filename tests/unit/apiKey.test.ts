/**
 * ApiKey: check and diff (offline, no HTTP request), the ApiKey schemas of provider/schemas (no I/O)
 * read against stubbed OneSignal answers, and bad input (fast-check, through the runtime).
 */
import { apiKeyCreateInputSchema, apiKeySchema, apiKeyUpdateInputSchema } from "../../provider/schemas";
import { UNKNOWN } from "../../provider/resources/protocol";
import { buildHandlers } from "../../provider/resources/index";
import { canonicalCidr } from "../../provider/schemas/cidr";
import { testContext } from "../provider/helpers";
import { APP, APP2, P, checkMakesNoRequest, diffCases, failures, paths, properties, stub } from "./helpers";
import fc from "fast-check";
import {
  badInputCases,
  blank,
  Mutation,
  notACidr,
  notAnArray,
  notAString,
  omit,
  Props,
  remove,
  setTo,
  short,
  tooLong,
  unknownProp,
  UUID,
} from "./badInput.helpers";

checkMakesNoRequest();

describe("check", () => {
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

describe("schemas (create_api_key, update_api_key, view_api_keys, rotate_api_key)", () => {
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

const keyOld = {
  ...P,
  appId: APP,
  name: "ci",
  ipAllowlistMode: "explicit",
  ipAllowlist: ["203.0.113.0/24", "198.51.100.7/32"],
  tokenId: "t1",
  token: "os_v2_app_secret",
  rotationTrigger: "2026-10",
};

describe("diff", () => {
  diffCases([
    {
      title: "key: identical",
      kind: "apiKey",
      olds: keyOld,
      news: {
        ...P,
        appId: APP,
        name: "ci",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["203.0.113.0/24", "198.51.100.7/32"],
        rotationTrigger: "2026-10",
      },
      changes: false,
    },
    {
      title: "key: allowlist order and /32 spelling",
      kind: "apiKey",
      olds: keyOld,
      news: {
        ...P,
        appId: APP,
        name: "ci",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["198.51.100.7", "203.0.113.9/24"],
        rotationTrigger: "2026-10",
      },
      changes: false,
    },
    {
      title: "key: allowlist entry added",
      kind: "apiKey",
      olds: keyOld,
      news: {
        ...P,
        appId: APP,
        name: "ci",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["198.51.100.7", "203.0.113.0/24", "192.0.2.1"],
        rotationTrigger: "2026-10",
      },
      changes: true,
      replaces: [],
    },
    {
      title: "key: appId replaces",
      kind: "apiKey",
      olds: keyOld,
      news: { ...keyOld, appId: APP2 },
      changes: true,
      replaces: ["appId"],
      deleteBeforeReplace: false,
    },
    {
      title: "key: unknown appId replaces",
      kind: "apiKey",
      olds: keyOld,
      news: { ...keyOld, appId: UNKNOWN },
      changes: true,
      replaces: ["appId"],
    },
    {
      title: "key: rotationTrigger change is in place",
      kind: "apiKey",
      olds: keyOld,
      news: { ...keyOld, rotationTrigger: "2026-11" },
      changes: true,
      replaces: [],
    },
    {
      title: "key: absent mode equals disabled/[]",
      kind: "apiKey",
      olds: { ...P, appId: APP, name: "ci", ipAllowlistMode: "disabled", ipAllowlist: [] },
      news: { ...P, appId: APP, name: "ci" },
      changes: false,
    },
    {
      title: "key: token output does not affect diff",
      kind: "apiKey",
      olds: { ...keyOld, token: "other" },
      news: { ...keyOld, token: undefined },
      changes: false,
    },
  ]);
});

describe("normalisers", () => {
  it.each([
    ["198.51.100.7", "198.51.100.7/32"],
    ["203.0.113.9/24", "203.0.113.0/24"],
    ["2001:DB8:0:0::1", "2001:db8::1/128"],
    ["2001:db8::ffff/32", "2001:db8::/32"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["::ffff:198.51.100.7", "::ffff:c633:6407/128"],
    [" 10.1.2.3/8 ", "10.0.0.0/8"],
  ])("canonicalCidr(%s) = %s", (input, expected) => {
    expect(canonicalCidr(input)).toBe(expected);
  });

  it.each([
    "300.1.1.1",
    "1.2.3.4/33",
    "abc",
    "::1/129",
    "1.2.3.4/x",
    "127.1",
    "0x7f.0.0.1",
    "1.2.3.4/24/1",
    "fe80::1%eth0",
  ])("canonicalCidr rejects %s", (input) => {
    expect(canonicalCidr(input)).toBeUndefined();
  });
});

describe("read", () => {
  it("apiKey: reordered allowlist, bare address, absent list when disabled → no diff", async () => {
    const inputs = {
      ...P,
      appId: APP,
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24", "198.51.100.7/32"],
    };
    const api = stub({
      // The refresh asks view-an-app whether the token in state still works.
      apps: { get: async () => ({ id: APP }) },
      apiKeys: {
        get: async () => ({
          tokenId: "k1",
          name: "ci",
          ipAllowlistMode: "explicit",
          ipAllowlist: ["198.51.100.7", "203.0.113.0/24"],
          createdAt: "2026-01-01T00:00:00Z",
        }),
      },
    });
    const h = buildHandlers(testContext(api));
    const r = await h.apiKey.read("k1", { ...inputs, token: "secret-token-value" });
    expect(r.props?.token).toBe("secret-token-value");
    expect(r.props?.ipAllowlist).toEqual(inputs.ipAllowlist);
    expect((await h.apiKey.diff("k1", { ...r.props, ...P }, inputs)).changes).toBe(false);

    const api2 = stub({
      apiKeys: { get: async () => ({ tokenId: "k2", name: "ci", ipAllowlistMode: null, ipAllowlist: null }) },
    });
    const h2 = buildHandlers(testContext(api2));
    const r2 = await h2.apiKey.read("k2", { ...P, appId: APP, name: "ci" });
    expect(r2.props).toMatchObject({ ipAllowlistMode: "disabled", ipAllowlist: [] });
    expect(
      (await h2.apiKey.diff("k2", { ...r2.props, ...P }, { ...P, appId: APP, name: "ci" })).changes,
    ).toBe(false);
  });
});

// ------------------------------------------------------------------ bad input

const cidr = fc.oneof(
  fc
    .tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: 0, max: 32 }))
    .map(([a, b, c, d, n]) => `${a}.${b}.${c}.${d}/${n}`),
  fc.constantFrom("203.0.113.7", "2001:db8::/32", "::1", "10.0.0.0/8"),
);
const apiKeyValid: fc.Arbitrary<Props> = fc
  .record(
    {
      appId: fc.constant(UUID),
      name: fc.string({ minLength: 1, maxLength: 128 }).filter((s) => s.trim().length > 0),
      mode: fc.constantFrom("disabled", "explicit"),
      ipAllowlist: fc.array(cidr, { minLength: 1, maxLength: 5 }),
      rotationTrigger: fc.string({ maxLength: 30 }),
    },
    { requiredKeys: ["appId", "name", "mode", "ipAllowlist"] },
  )
  .map(({ mode, ...rest }) => ({ ...rest, ipAllowlistMode: mode }));
const APIKEY_KEYS = ["appId", "name", "ipAllowlistMode", "ipAllowlist", "rotationTrigger", "tokenId"];
const apiKeyMutations: Mutation[] = [
  remove("appId"),
  setTo("appId", fc.oneof(notAString, fc.constant("")), "bad appId"),
  remove("name"),
  setTo("name", fc.oneof(notAString, blank, tooLong(128)), "bad name"),
  setTo(
    "ipAllowlistMode",
    fc.oneof(
      notAString,
      fc.string({ maxLength: 10 }).filter((s) => s !== "disabled" && s !== "explicit"),
    ),
    "bad ipAllowlistMode",
  ),
  setTo("ipAllowlist", notAnArray, "non-array ipAllowlist"),
  fc
    .tuple(fc.array(cidr, { maxLength: 4 }), notACidr, fc.array(cidr, { maxLength: 4 }))
    .map(([a, bad, b]) => ({
      prop: "ipAllowlist",
      apply: (p: Props) => ({ ...p, ipAllowlist: [...a, bad, ...b] }),
      expect: [`ipAllowlist[${a.length}]`],
      what: `bad CIDR ${JSON.stringify(bad)}`,
    })),
  fc.tuple(fc.array(cidr, { maxLength: 3 }), notAString).map(([a, bad]) => ({
    prop: "ipAllowlist",
    apply: (p: Props) => ({ ...p, ipAllowlist: [...a, bad] }),
    expect: [`ipAllowlist[${a.length}]`],
    what: `non-string CIDR ${short(bad)}`,
  })),
  fc.constant({
    prop: "ipAllowlist",
    apply: (p: Props) => ({ ...p, ipAllowlist: Array.from({ length: 1001 }, () => "10.0.0.1") }),
    expect: ["ipAllowlist"],
    what: "1,001 CIDRs",
  }),
  fc.constant({
    prop: "ipAllowlist",
    touches: ["ipAllowlist", "ipAllowlistMode"],
    cross: true,
    apply: (p: Props) => ({ ...p, ipAllowlistMode: "explicit", ipAllowlist: [] }),
    expect: ["ipAllowlist"],
    what: "explicit with an empty allowlist",
  }),
  fc.constant({
    prop: "ipAllowlist",
    touches: ["ipAllowlist", "ipAllowlistMode"],
    cross: true,
    apply: (p: Props) => ({ ...omit(p, ["ipAllowlist"]), ipAllowlistMode: "explicit" }),
    expect: ["ipAllowlist"],
    what: "explicit without an allowlist",
  }),
  setTo("rotationTrigger", fc.oneof(notAString, tooLong(1024)), "bad rotationTrigger"),
  setTo("tokenId", fc.oneof(notAString, fc.constant("")), "bad tokenId"),
  unknownProp(APIKEY_KEYS),
];

describe("bad input", () => {
  badInputCases("apiKey", apiKeyValid, apiKeyMutations);
});
