/**
 * Issue 8, bad input: property-based tests (fast-check) that feed at least 1,000 invalid inputs per
 * resource kind through the runtime's `check` — the very handler the engine calls at preview.
 *
 * For every generated input:
 * - `check` resolves (no exception escapes) with a `failures` array;
 * - every deliberately broken property is named by a failure (`name`, `filters[3].relation`, …),
 *   every failure has a non-empty property and reason;
 * - no HTTP request is made: the provider's API URL points at a local server that counts requests,
 *   and the runtime's client factory counts clients built (check must not even build one).
 *
 * A control property checks that the valid inputs the mutations start from pass with no failure,
 * so the invalid cases fail for the reason under test. Seeded (BAD_INPUT_SEED, default 8).
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import * as runtime from "../../provider/runtime";
import { createClient, setClientFactory } from "../../provider/resources/clientFactory";

type Props = Record<string, unknown>;

const SEED = Number(process.env.BAD_INPUT_SEED ?? 8);
const RUNS = Math.max(1000, Number(process.env.BAD_INPUT_RUNS ?? 1200));
const UUID = "8f0c8a52-6c1b-4b8e-9a55-2f1f1f0c0a11";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

let server: http.Server;
let requests = 0;
let clientsBuilt = 0;
const generated: Record<string, number> = {};
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests += 1;
    req.resume();
    res.writeHead(500, { "Content-Type": "application/json" });
    res.end('{"errors":["check must not call the API"]}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const k of [
    "ONESIGNAL_API_URL",
    "ONESIGNAL_ORGANIZATION_API_KEY",
    "ONESIGNAL_ORGANIZATION_ID",
    "ONESIGNAL_APP_API_KEY",
  ])
    saved[k] = process.env[k];
  process.env.ONESIGNAL_API_URL = url;
  process.env.ONESIGNAL_ORGANIZATION_API_KEY = "os_v2_org_badinputtestkey0000000000000000";
  process.env.ONESIGNAL_ORGANIZATION_ID = UUID;
  process.env.ONESIGNAL_APP_API_KEY = "os_v2_app_badinputtestkey0000000000000000";
  runtime.configure(undefined);
  setClientFactory((s) => {
    clientsBuilt += 1;
    return createClient(s);
  });
});

afterAll(async () => {
  setClientFactory(undefined);
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await new Promise<void>((r) => server.close(() => r()));

  console.log(
    `bad input: ${Object.entries(generated)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")} generated inputs through check; ${requests} HTTP requests, ${clientsBuilt} clients built`,
  );
});

// ------------------------------------------------------------------ generators shared by kinds

/** A broken input: the inputs and the properties whose failures must be reported. */
interface Broken {
  inputs: Props;
  expect: string[];
  what: string;
}
/**
 * One way to break a valid input. `touches` lists every property it writes (default `[prop]`);
 * `cross` marks a cross-field rule (zod runs those only once every field is valid on its own, so
 * they are expected only when no field-level mutation is combined with them); `first` mutations
 * rebuild the base input and are applied before the others.
 */
interface MutationValue {
  prop: string;
  touches?: string[];
  cross?: boolean;
  first?: boolean;
  apply: (p: Props) => Props;
  expect: string[];
  what: string;
}
type Mutation = fc.Arbitrary<MutationValue>;
const touched = (m: MutationValue) => m.touches ?? [m.prop];

const jsonNonNull = fc.jsonValue().filter((v) => v !== null);
const notAString = jsonNonNull.filter((v) => typeof v !== "string");
const notABoolean = jsonNonNull.filter((v) => typeof v !== "boolean");
const notAnArray = jsonNonNull.filter((v) => !Array.isArray(v));
const notAnObject = jsonNonNull.filter((v) => typeof v !== "object" || Array.isArray(v));
const blank = fc.constantFrom("", " ", "   ", "\t", "\n ");
const tooLong = (max: number) =>
  fc.string({ minLength: max + 1, maxLength: max + 300 }).filter((s) => s.trim().length > max);
/** Strings that are certainly not IP addresses or CIDRs (a character no address can contain). */
const notACidr = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => /[g-zG-Z!@#$%^&*()_=+,;'"<>?\\\s]/.test(s)),
  fc.constantFrom(
    "",
    "300.1.1.1",
    "1.2.3.4/33",
    "10.0.0.0/-1",
    "1.2.3",
    "1.2.3.4.5",
    "::g",
    "2001:db8::/129",
    "1.2.3.4/",
  ),
);
const notAUuid = fc.oneof(
  fc
    .string({ maxLength: 40 })
    .filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)),
  fc.constantFrom(
    "not-a-uuid",
    "8f0c8a52-6c1b-4b8e-9a55-2f1f1f0c0a1",
    "8f0c8a52x6c1b-4b8e-9a55-2f1f1f0c0a11",
  ),
);
/** Property names check does not know (never the engine's `__…` keys); JS built-in names included. */
function unknownKey(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 20 }),
      fc.constantFrom(
        "constructor",
        "toString",
        "hasOwnProperty",
        "valueOf",
        "isPrototypeOf",
        "ID",
        "Name",
        "app_id",
        "organization_id",
        "api_key",
      ),
    )
    .filter((k) => !k.startsWith("__") && !known.includes(k));
}

/** `set(prop, value)` as a mutation that must be reported on `prop` (or on `expect`). */
function setTo(
  prop: string,
  value: fc.Arbitrary<unknown>,
  what: string,
  expect: string[] = [prop],
): Mutation {
  return value.map((v) => ({
    prop,
    apply: (p: Props) => ({ ...p, [prop]: v }),
    expect,
    what: `${what}: ${short(v)}`,
  }));
}
function remove(prop: string): Mutation {
  return fc.constant({ prop, apply: (p: Props) => omit(p, [prop]), expect: [prop], what: "missing" });
}
function unknownProp(known: readonly string[]): Mutation {
  return fc.tuple(unknownKey(known), fc.jsonValue()).map(([k, v]) => ({
    prop: k,
    apply: (p: Props) => ({ ...p, [k]: v }),
    expect: [k],
    what: `unknown property ${JSON.stringify(k)}`,
  }));
}
function omit(p: Props, keys: string[]): Props {
  const out = { ...p };
  for (const k of keys) delete out[k];
  return out;
}
function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

/** 1–3 mutations of distinct properties applied to one valid input. */
function broken(valid: fc.Arbitrary<Props>, mutations: Mutation[], maxMutations = 3): fc.Arbitrary<Broken> {
  return fc
    .tuple(
      valid,
      fc.uniqueArray(fc.oneof(...mutations), {
        minLength: 1,
        maxLength: maxMutations,
        selector: (m) => m.prop,
      }),
    )
    .filter(([, ms]) => {
      // Mutations writing the same properties would mask each other; keep them apart.
      const seen = new Set<string>();
      for (const m of ms) {
        for (const t of touched(m)) {
          if (seen.has(t)) return false;
          seen.add(t);
        }
      }
      return ms.filter((m) => m.first).length <= 1;
    })
    .map(([base, ms]) => {
      let inputs = base;
      const ordered = [...ms.filter((m) => m.first), ...ms.filter((m) => !m.first)];
      for (const m of ordered) inputs = m.apply(inputs);
      const fieldLevel = ms.some((m) => !m.cross);
      const expect = ms.filter((m) => !m.cross || !fieldLevel).flatMap((m) => m.expect);
      return { inputs, expect: [...new Set(expect)], what: ms.map((m) => `${m.prop} ${m.what}`).join("; ") };
    });
}

function names(prop: string, failure: { property: string }): boolean {
  const p = failure.property;
  return p === prop || p.startsWith(`${prop}.`) || p.startsWith(`${prop}[`);
}

async function assertRejected(kind: runtime.Kind, b: Broken): Promise<void> {
  generated[kind] = (generated[kind] ?? 0) + 1;
  const before = requests;
  let result: Awaited<ReturnType<runtime.ResourceHandlers["check"]>>;
  try {
    // Same object shape the engine sends: inputs plus the serialized provider text.
    result = await runtime.kinds[kind].check({}, { ...b.inputs, __provider: "exports.handler = () => ({})" });
  } catch (err) {
    throw new Error(`${kind} check threw for ${b.what}: ${(err as Error)?.stack ?? String(err)}`);
  }
  const failures = result?.failures;
  if (!Array.isArray(failures)) throw new Error(`${kind} check returned no failures array for ${b.what}`);
  for (const f of failures) {
    if (
      typeof f.property !== "string" ||
      f.property === "" ||
      typeof f.reason !== "string" ||
      f.reason === ""
    )
      throw new Error(
        `${kind}: a failure does not name a property or reason: ${JSON.stringify(f)} for ${b.what}`,
      );
  }
  for (const prop of b.expect) {
    if (!failures.some((f) => names(prop, f))) {
      throw new Error(
        `${kind}: no failure names "${prop}" (${b.what}); inputs ${short(b.inputs)}; failures ${JSON.stringify(failures)}`,
      );
    }
  }
  if (requests !== before) throw new Error(`${kind} check made an HTTP request for ${b.what}`);
}

async function assertAccepted(kind: runtime.Kind, inputs: Props): Promise<void> {
  const r = await runtime.kinds[kind].check({}, { ...inputs, __provider: "x" });
  if (r.failures.length > 0)
    throw new Error(`${kind}: valid input rejected ${short(inputs)}: ${JSON.stringify(r.failures)}`);
}

// ------------------------------------------------------------------ App

const appValid: fc.Arbitrary<Props> = fc
  .record(
    {
      name: fc.string({ minLength: 1, maxLength: 128 }).filter((s) => s.trim().length > 0),
      organizationId: fc.constant(UUID),
      apnsEnv: fc.constantFrom("sandbox", "production"),
      p8: fc.constant(true),
      web: fc.constant(true),
      fcmV1ServiceAccountJson: fc.constant('{"type":"service_account"}'),
      additionalDataIsRootPayload: fc.boolean(),
    },
    { requiredKeys: ["name"] },
  )
  .map(({ p8, web, ...rest }) => {
    const out: Props = { ...rest };
    if (p8)
      Object.assign(out, {
        apnsKeyId: "ABC123DEFG",
        apnsTeamId: "TEAM123456",
        apnsBundleId: "com.acme.app",
        apnsP8: "-----BEGIN PRIVATE KEY-----\nMIG…\n-----END PRIVATE KEY-----",
      });
    if (web)
      Object.assign(out, {
        chromeWebOrigin: "https://acme.example",
        safariSiteOrigin: "https://acme.example",
        siteName: "Acme",
      });
    return out;
  });
const APP_KEYS = [
  "name",
  "organizationId",
  "apnsEnv",
  "apnsKeyId",
  "apnsTeamId",
  "apnsBundleId",
  "apnsP8",
  "apnsP12",
  "apnsP12Password",
  "fcmV1ServiceAccountJson",
  "chromeWebOrigin",
  "chromeWebDefaultNotificationIcon",
  "chromeWebSubDomain",
  "safariSiteOrigin",
  "safariApnsP12",
  "safariApnsP12Password",
  "safariIcon256256",
  "siteName",
  "additionalDataIsRootPayload",
  "adoptExistingId",
];
const appMutations: Mutation[] = [
  remove("name"),
  // null is "absent" for engine inputs: still required
  setTo("name", fc.oneof(notAString, blank, tooLong(128), fc.constant(null)), "bad name"),
  setTo("organizationId", fc.oneof(notAString, notAUuid), "bad organizationId"),
  setTo(
    "apnsEnv",
    fc.oneof(
      notAString,
      fc.string({ maxLength: 12 }).filter((s) => s !== "sandbox" && s !== "production"),
    ),
    "bad apnsEnv",
  ),
  ...[
    "apnsKeyId",
    "apnsTeamId",
    "apnsBundleId",
    "apnsP8",
    "apnsP12",
    "chromeWebDefaultNotificationIcon",
    "chromeWebSubDomain",
    "safariIcon256256",
    "fcmV1ServiceAccountJson",
  ].map((p) => setTo(p, notAString, `non-string ${p}`)),
  fc.constant({
    prop: "apnsKeyId",
    touches: ["apnsKeyId", "apnsTeamId", "apnsBundleId", "apnsP8"],
    cross: true,
    apply: (p: Props) => ({ ...omit(p, ["apnsTeamId", "apnsBundleId", "apnsP8"]), apnsKeyId: "ABC123DEFG" }),
    expect: ["apnsTeamId", "apnsBundleId", "apnsP8"],
    what: "incomplete iOS p8 group",
  }),
  fc.constant({
    prop: "apnsP12",
    touches: ["apnsP12", "apnsP12Password"],
    cross: true,
    apply: (p: Props) => ({ ...omit(p, ["apnsP12Password"]), apnsP12: "MIIJ…" }),
    expect: ["apnsP12Password"],
    what: "p12 without password",
  }),
  fc.constant({
    prop: "safariApnsP12",
    touches: ["safariApnsP12", "safariApnsP12Password"],
    cross: true,
    apply: (p: Props) => ({ ...omit(p, ["safariApnsP12Password"]), safariApnsP12: "MIIJ…" }),
    expect: ["safariApnsP12Password"],
    what: "safari p12 without password",
  }),
  setTo(
    "chromeWebOrigin",
    fc.oneof(
      notAString,
      fc.constantFrom(
        "http://acme.example",
        "acme.example",
        "",
        "ftp://acme.example",
        " https://x",
        "https:/x",
      ),
      fc.string({ maxLength: 20 }).filter((s) => !/^https:\/\/[^\s/]+/.test(s)),
    ),
    "bad chromeWebOrigin",
  ),
  setTo(
    "safariSiteOrigin",
    fc.oneof(
      notAString,
      fc.constantFrom("acme.example", "", "//acme.example", "mailto:x"),
      fc.string({ maxLength: 20 }).filter((s) => !/^https?:\/\/[^\s/]+/.test(s)),
    ),
    "bad safariSiteOrigin",
  ),
  fc.constant({
    prop: "siteName",
    touches: ["siteName", "chromeWebOrigin", "safariSiteOrigin"],
    cross: true,
    apply: (p: Props) => ({ ...omit(p, ["chromeWebOrigin", "safariSiteOrigin"]), siteName: "Acme" }),
    expect: ["siteName"],
    what: "siteName without both origins",
  }),
  setTo("additionalDataIsRootPayload", notABoolean, "bad additionalDataIsRootPayload"),
  setTo("adoptExistingId", fc.oneof(notAString, blank), "bad adoptExistingId"),
  unknownProp(APP_KEYS),
];

// ------------------------------------------------------------------ ApiKey

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

// ------------------------------------------------------------------ Segment

const validFilter = fc.oneof(
  fc.record({
    field: fc.constant("tag"),
    key: fc.string({ minLength: 1, maxLength: 10 }),
    relation: fc.constantFrom("=", "!=", ">", "<"),
    value: fc.string({ maxLength: 10 }),
  }),
  fc.record({
    field: fc.constant("tag"),
    key: fc.string({ minLength: 1, maxLength: 10 }),
    relation: fc.constantFrom("exists", "not_exists"),
  }),
  fc.record({
    field: fc.constantFrom("session_count", "session_time"),
    relation: fc.constantFrom(">", "<"),
    value: fc.nat(1000).map(String),
  }),
  fc.record({
    field: fc.constantFrom("last_session", "first_session"),
    relation: fc.constantFrom(">", "<"),
    hoursAgo: fc.nat(500).map(String),
  }),
  fc.record({
    field: fc.constant("country"),
    relation: fc.constantFrom("=", "!="),
    value: fc.constantFrom("US", "DE", "FR"),
  }),
  fc.record({
    field: fc.constant("location"),
    relation: fc.constant("="),
    radius: fc.integer({ min: 1, max: 10000 }),
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    long: fc.double({ min: -180, max: 180, noNaN: true }),
  }),
);
/** 1–8 filters, OR between some of them (never first, last or adjacent). */
const validFilters = fc
  .tuple(fc.array(validFilter, { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { maxLength: 8 }))
  .map(([fs, ors]) => {
    const out: Props[] = [];
    fs.forEach((f, i) => {
      if (i > 0 && ors[i]) out.push({ operator: "OR" });
      out.push(f as Props);
    });
    return out;
  });
const segmentValid: fc.Arbitrary<Props> = fc.record(
  {
    appId: fc.constant(UUID),
    apiKey: fc.constant("os_v2_app_segmentkey000000000000"),
    name: fc.string({ minLength: 1, maxLength: 128 }).filter((s) => s.trim().length > 0),
    description: fc.string({ maxLength: 255 }),
    filters: validFilters,
  },
  { requiredKeys: ["appId", "name", "filters"] },
);
const SEGMENT_KEYS = ["appId", "apiKey", "name", "description", "filters", "adoptExistingId"];
/** Breaks the filter at a random index; the failure must name `filters[i]`. */
function breakFilter(what: string, bad: fc.Arbitrary<unknown>): Mutation {
  return fc.tuple(fc.nat(20), bad).map(([n, b]) => ({
    prop: "filters",
    apply: (p: Props) => {
      const fs = [...((p.filters as Props[]) ?? [])];
      const idx = fs.length === 0 ? 0 : n % fs.length;
      // replace a filter object (not an operator): pick the nearest filter index
      let i = idx;
      while (i < fs.length && "operator" in (fs[i] as Props)) i++;
      if (i >= fs.length) i = 0;
      fs[i] = b as Props;
      return { ...p, filters: fs, __brokenIndex: i };
    },
    expect: ["filters"],
    what: `${what}: ${short(b)}`,
  }));
}
const badFilterObject = fc.oneof(
  fc.constant({ field: "session_count", relation: "~", value: "1" }),
  fc.record({
    field: fc.constant("tag"),
    relation: fc
      .string({ maxLength: 6 })
      .filter(
        (r) =>
          ![
            "=",
            "!=",
            ">",
            "<",
            "exists",
            "not_exists",
            "time_elapsed_gt",
            "time_elapsed_lt",
            "in_array",
            "not_in_array",
          ].includes(r),
      ),
    key: fc.constant("k"),
    value: fc.constant("v"),
  }),
  fc.constant({ field: "tag", relation: "=", value: "vip" }), // no key
  fc.constant({ field: "", relation: "=", value: "x" }),
  fc.constant({ relation: "=", value: "x" }),
  fc.record({
    field: fc.constant("session_count"),
    relation: fc.constant(">"),
    value: fc.string({ minLength: 1, maxLength: 6 }).filter((v) => !/^-?\d+(\.\d+)?$/.test(v)),
  }),
  fc.constant({ field: "last_session", relation: ">", hoursAgo: "yesterday" }),
  fc.constant({ field: "last_session", relation: ">" }),
  fc.record({
    field: fc.constant("location"),
    relation: fc.constant("="),
    radius: fc.constant(10),
    lat: fc.double({ min: 90.0001, max: 1e6, noNaN: true }),
    long: fc.constant(0),
  }),
  fc.constant({ field: "location", relation: "=", radius: -5, lat: 0, long: 0 }),
  fc.constant({ field: "tag", key: "k", relation: "exists", value: "x" }), // value not allowed
  fc.constant({
    field: "tag",
    key: "k",
    relation: "in_array",
    value: Array.from({ length: 21 }, (_, i) => `v${i}`).join(","),
  }),
  fc.constant({ field: "session_count", relation: ">", value: 10 }),
  fc.record({
    field: fc.constant("tag"),
    key: fc.constant("k"),
    relation: fc.constant("="),
    value: fc.constant("v"),
    extra: jsonNonNull,
  }),
  notAnObject,
  fc.constant({ operator: "XOR" }),
);
const segmentMutations: Mutation[] = [
  remove("appId"),
  setTo("appId", fc.oneof(notAString, fc.constant("")), "bad appId"),
  setTo("apiKey", fc.oneof(notAString, fc.constant("")), "bad apiKey"),
  remove("name"),
  setTo("name", fc.oneof(notAString, blank, tooLong(128)), "bad name"),
  setTo("description", fc.oneof(notAString, tooLong(255)), "bad description"),
  remove("filters"),
  setTo(
    "filters",
    fc.oneof(
      notAnArray,
      fc.constant([]),
      fc.constant([{ operator: "OR" }]),
      fc.constant([{ operator: "AND" }, { operator: "OR" }]),
    ),
    "bad filters",
  ),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => ({
      ...p,
      filters: Array.from({ length: 201 }, (_, i) => ({ field: "tag", key: `k${i}`, relation: "exists" })),
    }),
    expect: ["filters"],
    what: "201 filters",
  }),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => ({
      ...p,
      filters: [
        ...Array.from({ length: 101 }, (_, i) => ({
          field: "tag",
          key: `k${i}`,
          relation: "exists",
        })).flatMap((f, i) => (i === 0 ? [f] : [{ operator: "OR" }, f])),
      ],
    }),
    expect: ["filters"],
    what: "101 filters + 100 ORs",
  }),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => ({ ...p, filters: [{ operator: "OR" }, ...((p.filters as Props[]) ?? [])] }),
    expect: ["filters"],
    what: "leading OR",
  }),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => ({ ...p, filters: [...((p.filters as Props[]) ?? []), { operator: "OR" }] }),
    expect: ["filters"],
    what: "trailing OR",
  }),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => {
      const f = (p.filters as Props[]) ?? [];
      return { ...p, filters: [f[0], { operator: "OR" }, { operator: "OR" }, f[0]] };
    },
    expect: ["filters[2]"],
    what: "adjacent ORs",
  }),
  breakFilter("bad filter", badFilterObject),
  setTo("adoptExistingId", fc.oneof(notAString, fc.constant("")), "bad adoptExistingId"),
  unknownProp(SEGMENT_KEYS),
];

// ------------------------------------------------------------------ Template

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
    fc.oneof(notAString, fc.constantFrom("{", "not json", "{'a':1}")),
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

// ------------------------------------------------------------------ the properties

const KINDS: { kind: runtime.Kind; valid: fc.Arbitrary<Props>; mutations: Mutation[] }[] = [
  { kind: "app", valid: appValid, mutations: appMutations },
  { kind: "apiKey", valid: apiKeyValid, mutations: apiKeyMutations },
  { kind: "segment", valid: segmentValid, mutations: segmentMutations },
  { kind: "template", valid: templateValid, mutations: templateMutations },
];

describe.each(KINDS)("bad input for $kind", ({ kind, valid, mutations }) => {
  test("control: the valid inputs the mutations start from pass check", async () => {
    await fc.assert(
      fc.asyncProperty(valid, (v) => assertAccepted(kind, v)),
      { numRuns: 150, seed: SEED },
    );
  });

  test(`${RUNS} invalid inputs: failures name the property, nothing throws, no HTTP request`, async () => {
    const arb = broken(valid, mutations).map((b) => {
      // breakFilter marks which entry it broke: expect that exact index too.
      const i = b.inputs.__brokenIndex;
      if (typeof i === "number") {
        const inputs = { ...b.inputs };
        delete inputs.__brokenIndex;
        return { ...b, inputs, expect: [...b.expect, `filters[${i}]`] };
      }
      return b;
    });
    const before = generated[kind] ?? 0;
    await fc.assert(
      fc.asyncProperty(arb, (b) => assertRejected(kind, b)),
      { numRuns: RUNS, seed: SEED + 1 },
    );
    expect((generated[kind] ?? 0) - before).toBeGreaterThanOrEqual(1000);
    expect(requests).toBe(0);
    expect(clientsBuilt).toBe(0);
  });

  test("unknown (computed) values never count as invalid, and still make no request", async () => {
    // Each valid input with one known property replaced by the engine's unknown sentinel.
    await fc.assert(
      fc.asyncProperty(valid, fc.nat(), async (v, n) => {
        const keys = Object.keys(v);
        const k = keys[n % keys.length]!;
        await assertAccepted(kind, { ...v, [k]: UNKNOWN });
      }),
      { numRuns: 150, seed: SEED + 2 },
    );
    expect(requests).toBe(0);
  });
});
