/**
 * Issue 8, bad input: the engine of the property-based tests (fast-check) that feed at least 1,000
 * invalid inputs per resource kind through the runtime's `check` — the very handler the engine
 * calls at preview. Each kind's file holds its valid inputs and mutations and calls
 * `badInputCases` under `describe("bad input")`.
 *
 * For every generated input:
 * - `check` resolves (no exception escapes) with a `failures` array;
 * - every deliberately broken property is named by a failure (`name`, `filters[3].relation`, …),
 *   every failure names a property (in `property`, or for a secret at the start of its reason) and a reason;
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
import { failureProperty } from "./helpers";

export type Props = Record<string, unknown>;

const SEED = Number(process.env.BAD_INPUT_SEED ?? 8);
const RUNS = Math.max(1000, Number(process.env.BAD_INPUT_RUNS ?? 1200));
export const UUID = "8f0c8a52-6c1b-4b8e-9a55-2f1f1f0c0a11";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

let server: http.Server;
let requests = 0;
let clientsBuilt = 0;
const generated: Record<string, number> = {};
const saved: Record<string, string | undefined> = {};

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
export type Mutation = fc.Arbitrary<MutationValue>;
export const touched = (m: MutationValue) => m.touches ?? [m.prop];

export const jsonNonNull = fc.jsonValue().filter((v) => v !== null);
export const notAString = jsonNonNull.filter((v) => typeof v !== "string");
export const notABoolean = jsonNonNull.filter((v) => typeof v !== "boolean");
export const notAnArray = jsonNonNull.filter((v) => !Array.isArray(v));
export const notAnObject = jsonNonNull.filter((v) => typeof v !== "object" || Array.isArray(v));
export const blank = fc.constantFrom("", " ", "   ", "\t", "\n ");
export const tooLong = (max: number) =>
  fc.string({ minLength: max + 1, maxLength: max + 300 }).filter((s) => s.trim().length > max);
/** Strings that are certainly not IP addresses or CIDRs (a character no address can contain). */
export const notACidr = fc.oneof(
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
export const notAUuid = fc.oneof(
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
export function setTo(
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
export function remove(prop: string): Mutation {
  return fc.constant({ prop, apply: (p: Props) => omit(p, [prop]), expect: [prop], what: "missing" });
}
export function unknownProp(known: readonly string[]): Mutation {
  return fc.tuple(unknownKey(known), fc.jsonValue()).map(([k, v]) => ({
    prop: k,
    apply: (p: Props) => ({ ...p, [k]: v }),
    expect: [k],
    what: `unknown property ${JSON.stringify(k)}`,
  }));
}
export function omit(p: Props, keys: string[]): Props {
  const out = { ...p };
  for (const k of keys) delete out[k];
  return out;
}
export function short(v: unknown): string {
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

function names(prop: string, failure: { property: string; reason: string }): boolean {
  const p = failureProperty(failure);
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
      typeof f.reason !== "string" ||
      failureProperty(f) === "" ||
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

// ------------------------------------------------------------------ the properties

/**
 * Registers, in the calling describe, the local server and client factory that count requests and
 * clients, and the three properties for `kind`: the valid inputs pass, every mutation of them is
 * rejected naming the broken properties, unknown values pass; none makes a request.
 */
export function badInputCases(kind: runtime.Kind, valid: fc.Arbitrary<Props>, mutations: Mutation[]): void {
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
        .join(
          ", ",
        )} generated inputs through check; ${requests} HTTP requests, ${clientsBuilt} clients built`,
    );
  });

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
}
