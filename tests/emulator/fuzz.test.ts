/**
 * Issue 8, emulator fuzzing: at least 1,000 malformed requests (bad JSON, wrong types, invalid
 * values, huge bodies, bad headers, odd paths and methods, malformed HTTP, malformed admin calls)
 * must all get a 4xx answer with a JSON body, never a 5xx, and the emulator must keep serving (a
 * health check and a known-good request after every group, and a counter check at the end).
 *
 * Every generated request is counted; the total is printed and asserted. Generation is seeded
 * (FUZZ_SEED, default 8) so a failure reproduces; FUZZ_SCALE multiplies the run counts.
 */
import * as net from "node:net";
import fc from "fast-check";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { call, client, type Call, type Res } from "./helpers";

const SEED = Number(process.env.FUZZ_SEED ?? 8);
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1));
const runs = (n: number) => Math.ceil(n * SCALE);

let emu: RunningEmulator;
let org: string;
let appId: string;
let appKey: string;
let tokenId: string;
let segmentId: string;
let templateId: string;
let sent = 0;
const perGroup: Record<string, number> = {};
const failures: string[] = [];

const MAX_BODY = 1024 * 1024;

beforeAll(async () => {
  emu = await startEmulator();
  org = emu.organizationApiKey;
  const c = client(emu);
  ({ appId, key: appKey, tokenId } = await c.appWithKey("fuzz-app"));
  const t = await c.call({
    method: "POST",
    path: "/templates",
    key: appKey,
    body: { app_id: appId, name: "fuzz-template", contents: { en: "hello" } },
  });
  templateId = t.body.id;
  const s = await c.call({
    method: "POST",
    path: `/apps/${appId}/segments`,
    key: appKey,
    body: { name: "fuzz-segment", filters: [{ field: "session_count", relation: ">", value: "1" }] },
  });
  segmentId = s.body.id;
  if (!templateId || !segmentId) throw new Error(`set-up failed: ${t.text} ${s.text}`);
});

afterAll(async () => {
  await emu?.close();
});

/** Records a violation instead of throwing, so one run reports every distinct problem. */
function check4xxJson(
  group: string,
  what: string,
  res: { status: number; contentType: string | null; text: string },
): boolean {
  let json = false;
  try {
    const v: unknown = JSON.parse(res.text);
    json = typeof v === "object" && v !== null;
  } catch {
    json = false;
  }
  // The one documented non-JSON 4xx: create-template's 422 page (text/plain HTML, OneSignal's docs).
  const rejectedPage =
    res.status === 422 &&
    res.contentType === "text/plain" &&
    res.text.includes("<title>The change you wanted was rejected (422)</title>");
  const ok =
    rejectedPage ||
    (res.status >= 400 && res.status < 500 && (res.contentType ?? "").startsWith("application/json") && json);
  if (!ok && failures.length < 40) {
    failures.push(`[${group}] ${what} → ${res.status} ${res.contentType} ${res.text.slice(0, 160)}`);
  }
  return ok;
}

async function send(group: string, c: Call): Promise<Res> {
  sent += 1;
  perGroup[group] = (perGroup[group] ?? 0) + 1;
  try {
    return await call(emu.url, c);
  } catch (err) {
    // fetch failing (socket closed without an answer) is a violation too
    return {
      status: 0,
      headers: new Headers(),
      body: undefined,
      text: `fetch failed: ${(err as Error).message}`,
    };
  }
}

async function sendChecked(
  group: string,
  c: Call,
  what = `${c.method ?? "GET"} ${c.path}`,
): Promise<boolean> {
  const res = await send(group, c);
  return check4xxJson(group, what, {
    status: res.status,
    contentType: res.headers.get("content-type"),
    text: res.text,
  });
}

/** A raw HTTP exchange: writes bytes, reads until the server closes (or 5 s pass). */
function raw(bytes: string | Buffer): Promise<{ status: number; contentType: string | null; text: string }> {
  sent += 1;
  perGroup["malformed HTTP (raw socket)"] = (perGroup["malformed HTTP (raw socket)"] ?? 0) + 1;
  const { port } = new URL(emu.url);
  return new Promise((resolve) => {
    const sock = net.connect(Number(port), "127.0.0.1");
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("latin1");
      const head = text.split("\r\n\r\n")[0] ?? "";
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      const ct = /\r\ncontent-type:\s*([^\r\n]+)/i.exec(head);
      resolve({
        status: m ? Number(m[1]) : 0,
        contentType: ct ? ct[1]!.trim() : null,
        text: text.slice(head.length + 4) || `(no answer: ${JSON.stringify(text.slice(0, 80))})`,
      });
    };
    const timer = setTimeout(() => sock.destroy(), 5000);
    sock.on("data", (d) => chunks.push(d));
    sock.on("close", done);
    sock.on("error", () => undefined);
    sock.on("connect", () => sock.end(bytes));
  });
}

/** Health and a known-good authenticated request: the emulator still serves. */
async function stillServing(): Promise<void> {
  const h = await call(emu.url, { path: "/__emulator/health" });
  expect(h.status).toBe(200);
  expect(h.body.ok).toBe(true);
  const apps = await call(emu.url, { path: `/apps/${appId}`, key: org });
  expect(apps.status).toBe(200);
  expect(apps.body.id).toBe(appId);
  const seg = await call(emu.url, { path: `/apps/${appId}/segments/${segmentId}`, key: appKey });
  expect(seg.status).toBe(200);
}

function assertNoFailures(): void {
  const found = failures.splice(0);
  if (found.length > 0)
    throw new Error(`${found.length} request(s) not answered 4xx JSON:\n${found.join("\n")}`);
}

/** Routes that take a JSON body, with the credential each needs. */
function bodyRoutes(): { method: string; path: string; key: string; body: Record<string, unknown> }[] {
  return [
    { method: "POST", path: "/apps", key: org, body: { name: "x", organization_id: emu.organizationId } },
    { method: "PUT", path: `/apps/${appId}`, key: org, body: { name: "fuzz-app" } },
    { method: "POST", path: `/apps/${appId}/auth/tokens`, key: org, body: { name: "k" } },
    { method: "PATCH", path: `/apps/${appId}/auth/tokens/${tokenId}`, key: org, body: { name: "test key" } },
    {
      method: "POST",
      path: `/apps/${appId}/segments`,
      key: appKey,
      body: { name: "s2", filters: [{ field: "session_count", relation: ">", value: "1" }] },
    },
    {
      method: "PATCH",
      path: `/apps/${appId}/segments/${segmentId}`,
      key: appKey,
      body: { name: "fuzz-segment", filters: [{ field: "session_count", relation: ">", value: "1" }] },
    },
    {
      method: "POST",
      path: "/templates",
      key: appKey,
      body: { app_id: appId, name: "t2", contents: { en: "x" } },
    },
    {
      method: "PATCH",
      path: `/templates/${templateId}?app_id=${appId}`,
      key: appKey,
      body: { name: "fuzz-template" },
    },
    {
      method: "POST",
      path: "/notifications",
      key: appKey,
      body: { app_id: appId, included_segments: ["fuzz-segment"], contents: { en: "hi" } },
    },
  ];
}

/** Text that is not a JSON object: broken syntax, or JSON of another type. */
const notAJsonObject = fc.oneof(
  fc.string({ minLength: 1, maxLength: 60 }).filter((s) => {
    try {
      const v: unknown = JSON.parse(s);
      return typeof v !== "object" || v === null || Array.isArray(v);
    } catch {
      return true;
    }
  }),
  fc.json().filter((s) => {
    const v: unknown = JSON.parse(s);
    return typeof v !== "object" || v === null || Array.isArray(v);
  }),
  // truncated objects
  fc
    .json({ maxDepth: 2 })
    .filter((s) => s.startsWith("{") && s.length > 2)
    .map((s) => s.slice(0, s.length - 1)),
  fc.constantFrom(
    "{",
    "}",
    "{'name': 'x'}",
    '{"name": "x",}',
    "{name: 1}",
    '{"a":1}{"b":2}',
    "\u0000",
    "NaN",
    "[]",
    "null",
    '""',
    "true",
    "1e999",
  ),
  // invalid UTF-8 inside a string
  fc.constant(
    Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"')]).toString(
      "latin1",
    ),
  ),
);

/** Values of the wrong JSON type for a field that takes a string. */
const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
);
/** Values of the wrong type for an array field. */
const notAnArray = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 10 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
/** Values of the wrong type for an object (language map) field. */
const notAnObject = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 10 }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** Per route: a field and a generator of invalid values (wrong types and out-of-range values). */
function invalidMutations(): { route: number; field: string; value: fc.Arbitrary<unknown> }[] {
  const longName = fc.string({ minLength: 129, maxLength: 400 }).filter((s) => s.trim().length > 128);
  const badName = fc.oneof(notAString, longName, fc.constant(""));
  const badFilters = fc.oneof(
    notAnArray,
    fc.constant([]),
    fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.constant([{ field: "session_count", relation: "~~", value: "1" }]),
    fc.constant([{ field: "tag", relation: "=", value: "x" }]), // tag without key
    fc.constant(Array.from({ length: 201 }, () => ({ field: "session_count", relation: ">", value: "1" }))),
    fc.constant([{ field: "session_count", relation: ">", value: 1 }]),
    fc.constant([{ operator: "XOR" }]),
  );
  return [
    { route: 0, field: "name", value: badName },
    { route: 0, field: "organization_id", value: fc.oneof(notAString, fc.constant("not-a-uuid")) },
    { route: 1, field: "name", value: badName },
    { route: 1, field: "apns_env", value: fc.oneof(notAString, fc.constantFrom("dev", "PRODUCTION ", "")) },
    { route: 2, field: "name", value: badName },
    {
      route: 2,
      field: "ip_allowlist_mode",
      value: fc.oneof(notAString, fc.constantFrom("all", "", "EXPLICIT!")),
    },
    {
      route: 2,
      field: "ip_allowlist",
      value: fc.oneof(
        notAnArray,
        fc.constant(["300.1.1.1/33"]),
        fc.constant(["not a cidr"]),
        fc.array(fc.integer(), { minLength: 1, maxLength: 2 }),
      ),
    },
    { route: 3, field: "name", value: badName },
    { route: 3, field: "ip_allowlist", value: fc.oneof(notAnArray, fc.constant(["10.0.0.0/99"])) },
    { route: 4, field: "name", value: badName },
    { route: 4, field: "filters", value: badFilters },
    {
      route: 4,
      field: "description",
      value: fc.oneof(notAString, fc.string({ minLength: 256, maxLength: 400 })),
    },
    { route: 5, field: "name", value: badName },
    { route: 5, field: "filters", value: badFilters },
    { route: 6, field: "name", value: badName },
    { route: 6, field: "contents", value: notAnObject },
    {
      route: 6,
      field: "app_id",
      value: fc.oneof(notAString, fc.constant("00000000-0000-4000-8000-000000000000")),
    },
    { route: 7, field: "name", value: badName },
    { route: 8, field: "app_id", value: notAString },
    { route: 8, field: "included_segments", value: fc.oneof(notAnArray, fc.constant(["no such segment"])) },
    { route: 8, field: "contents", value: notAnObject },
  ];
}

describe("emulator fuzzing (issue 8)", () => {
  test("bad JSON bodies on every body-taking route → 4xx JSON", async () => {
    const routes = bodyRoutes();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: routes.length - 1 }), notAJsonObject, async (i, text) => {
        const r = routes[i]!;
        await sendChecked(
          "bad JSON",
          {
            method: r.method,
            path: r.path,
            key: r.key,
            raw: Buffer.from(text, "latin1"),
            headers: { "Content-Type": "application/json" },
          },
          `${r.method} ${r.path} body ${JSON.stringify(text).slice(0, 60)}`,
        );
      }),
      { numRuns: runs(250), seed: SEED },
    );
    assertNoFailures();
    await stillServing();
  });

  test("wrong types and invalid values for validated fields → 4xx JSON", async () => {
    const routes = bodyRoutes();
    const muts = invalidMutations();
    const arb = fc.oneof(...muts.map((m) => m.value.map((v) => ({ m, v }))));
    await fc.assert(
      fc.asyncProperty(arb, async ({ m, v }) => {
        const r = routes[m.route]!;
        const body = { ...r.body, [m.field]: v };
        await sendChecked(
          "wrong types / invalid values",
          { method: r.method, path: r.path, key: r.key, body },
          `${r.method} ${r.path} ${m.field}=${JSON.stringify(v)?.slice(0, 60)}`,
        );
      }),
      { numRuns: runs(350), seed: SEED + 1 },
    );
    assertNoFailures();
    await stillServing();
  });

  test("huge bodies → 413 JSON", async () => {
    const routes = bodyRoutes();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        fc.integer({ min: MAX_BODY + 1, max: 3 * MAX_BODY }),
        fc.boolean(),
        async (i, size, asJson) => {
          const r = routes[i]!;
          const raw = asJson
            ? JSON.stringify({ ...r.body, name: "n".repeat(size) })
            : Buffer.alloc(size, 0x7b); // "{{{{…"
          const res = await send("huge bodies", {
            method: r.method,
            path: r.path,
            key: r.key,
            raw,
            headers: { "Content-Type": "application/json" },
          });
          const ok = check4xxJson("huge bodies", `${r.method} ${r.path} ${size} bytes`, {
            status: res.status,
            contentType: res.headers.get("content-type"),
            text: res.text,
          });
          if (ok && res.status !== 413 && failures.length < 40)
            failures.push(`[huge bodies] ${r.method} ${r.path} ${size} bytes → ${res.status}, expected 413`);
        },
      ),
      { numRuns: runs(24), seed: SEED + 2 },
    );
    assertNoFailures();
    await stillServing();
  });

  test("bad headers: auth, schemes, keys of the wrong kind, content types → 4xx JSON", async () => {
    const routes = bodyRoutes();
    const badAuth = fc.oneof(
      fc.constant(undefined),
      fc.constant(""),
      fc.string({ maxLength: 40 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      fc.constantFrom("Key", "Key ", "Bearer x", "Token abc", "Basic", "Key a b c"),
      fc
        .string({ minLength: 8, maxLength: 60 })
        .filter((s) => /^[A-Za-z0-9_]+$/.test(s))
        .map((s) => `Key ${s}`),
      fc.constant("wrong-kind"), // org key on an app-key route and vice versa
      fc.constant("scheme-only-org"), // the org key without a scheme
    );
    const badType = fc.constantFrom(
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/xml",
      "json",
      "text/json",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        fc.oneof(
          badAuth.map((a) => ({ auth: a, type: undefined as string | undefined })),
          badType.map((t) => ({ auth: "valid", type: t as string | undefined })),
        ),
        async (i, { auth, type }) => {
          const r = routes[i]!;
          const headers: Record<string, string> = { "Content-Type": type ?? "application/json" };
          if (auth === "valid") headers.Authorization = `Key ${r.key}`;
          else if (auth === "wrong-kind") headers.Authorization = `Key ${r.key === org ? appKey : org}`;
          else if (auth === "scheme-only-org") headers.Authorization = org;
          else if (auth !== undefined) headers.Authorization = auth;
          await sendChecked(
            "bad headers",
            { method: r.method, path: r.path, raw: JSON.stringify(r.body), headers },
            `${r.method} ${r.path} auth=${JSON.stringify(auth)} type=${type}`,
          );
        },
      ),
      { numRuns: runs(220), seed: SEED + 3 },
    );
    assertNoFailures();
    await stillServing();
  });

  test("odd paths and methods (unauthenticated) → 4xx JSON", async () => {
    const segment = fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }).map((s) => encodeURIComponent(s)),
      fc.constantFrom(
        "..",
        ".",
        "%",
        "%zz",
        "%2F",
        "apps",
        "templates",
        "segments",
        "auth",
        "tokens",
        "rotate",
        "notifications",
        "api",
        "v1",
        appId,
        segmentId,
        "%00",
        "%C0%AF",
        "%E2%82",
      ),
    );
    const pathArb = fc
      .oneof(
        fc.array(segment, { minLength: 0, maxLength: 6 }).map((a) => `/${a.join("/")}`),
        fc.constantFrom(
          "//apps",
          "/apps//",
          "/apps/%",
          `/apps/${appId}/segments/%ZZ`,
          "/api/v1/apps/x/y/z",
          "/" + "a".repeat(5000),
          "/apps?x=%zz",
          "/templates?app_id[]=1",
        ),
      )
      .filter((p) => !p.startsWith("/__emulator") && !p.startsWith("/%5F%5Femulator"));
    const method = fc.constantFrom(
      "GET",
      "POST",
      "PUT",
      "PATCH",
      "DELETE",
      "OPTIONS",
      "PROPFIND",
      "MKCOL",
      "LOCK",
      "SEARCH",
      "PURGE",
    );
    await fc.assert(
      fc.asyncProperty(pathArb, method, fc.boolean(), async (p, m, withBody) => {
        const c: Call = { method: m, path: p };
        if (withBody && m !== "GET") c.raw = '{"name":"x"}';
        if (withBody && m !== "GET") c.headers = { "Content-Type": "application/json" };
        await sendChecked("odd paths / methods", c);
      }),
      { numRuns: runs(260), seed: SEED + 4 },
    );
    assertNoFailures();
    await stillServing();
  });

  test("malformed HTTP on raw sockets → 4xx JSON, server keeps serving", async () => {
    const { host } = new URL(emu.url);
    const line = fc.oneof(
      fc
        .string({ minLength: 1, maxLength: 40 })
        .filter((s) => !/\r|\n/.test(s))
        .map((s) => `${s}\r\n\r\n`),
      fc.constantFrom(
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET /apps HTTP/1.1\r\nHost: x\r\nAuthorization: Key \u0001\u0002\r\n\r\n",
        "GET /apps HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n",
        "POST /apps HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST /apps HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
        "POST /apps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        "POST /apps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
        "GET /apps HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(20000) + "\r\n\r\n",
        "GET /apps HTTP/1.1\r\n\r\n", // no Host header
        "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n",
      ),
    );
    await fc.assert(
      fc.asyncProperty(line, async (bytes) => {
        const res = await raw(bytes);
        check4xxJson("malformed HTTP (raw socket)", JSON.stringify(bytes.slice(0, 60)), res);
      }),
      { numRuns: runs(120), seed: SEED + 5 },
    );
    expect(host).toBeTruthy();
    assertNoFailures();
    await stillServing();
  });

  test("malformed admin API calls → 4xx JSON, state untouched", async () => {
    const before = emu.state.dump();
    const bad = fc.oneof(
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/__emulator/faults"),
        raw: notAJsonObject.filter((s) => {
          try {
            const v = JSON.parse(s);
            return !Array.isArray(v);
          } catch {
            return true;
          }
        }),
      }),
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/__emulator/faults"),
        raw: fc
          .oneof(
            fc.record({
              count: fc.oneof(fc.constant(0), fc.constant(-1), fc.constant(1.5), fc.string({ maxLength: 3 })),
              kind: fc.constant("status"),
            }),
            fc.record({
              count: fc.constant(1),
              kind: fc
                .string({ maxLength: 8 })
                .filter((k) => !["status", "delay", "hang", "reset", "drop-response"].includes(k)),
            }),
            fc.record({
              count: fc.constant(1),
              kind: fc.constant("status"),
              status: fc.integer({ min: 100, max: 499 }),
            }),
            fc.record({ count: fc.constant(1), kind: fc.constant("delay") }),
          )
          .map((o) => JSON.stringify(o)),
      }),
      fc.record({
        method: fc.constant("PATCH"),
        path: fc.constant("/__emulator/settings"),
        raw: fc
          .oneof(
            fc.record({ latencyMs: fc.oneof(fc.constant(-1), fc.string({ maxLength: 3 }), fc.boolean()) }),
            fc.record({
              smsChannelCase: fc.string({ maxLength: 4 }).filter((s) => s !== "SMS" && s !== "sms"),
            }),
            fc.record({ maxBodyBytes: fc.oneof(fc.constant(0), fc.constant(1.5), fc.constant("big")) }),
            fc.dictionary(
              fc
                .string({ minLength: 1, maxLength: 6 })
                .filter(
                  (k) =>
                    ![
                      "latencyMs",
                      "smsChannelCase",
                      "trustClientIpHeader",
                      "acceptBearer",
                      "defaultSegments",
                      "copyTemplateResponse",
                      "maxBodyBytes",
                    ].includes(k) &&
                    !["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty"].includes(k),
                ),
              fc.integer(),
              { minKeys: 1, maxKeys: 2 },
            ),
          )
          .map((o) => JSON.stringify(o)),
      }),
      fc.record({
        method: fc.constant("PUT"),
        path: fc.constant("/__emulator/rate-limits"),
        raw: fc.oneof(
          fc.constantFrom(
            '"fast"',
            "42",
            "[]",
            '{"nope":{"perSecond":1}}',
            '{"templateViews":{"perSecond":0}}',
            '{"templateViews":{"perSecond":1,"burst":0}}',
          ),
        ),
      }),
      fc.record({
        method: fc.constantFrom("GET", "DELETE", "PATCH"),
        path: fc.constantFrom(
          "/__emulator/state/nothing",
          "/__emulator/state/apps/no-such-id",
          "/__emulator/nope",
        ),
        raw: fc.constant(undefined),
      }),
      fc.record({
        method: fc.constant("POST"),
        path: fc.constant("/__emulator/clock"),
        raw: fc.constantFrom('{"advanceMs":"1"}', "{}", "[]", "x"),
      }),
    );
    await fc.assert(
      fc.asyncProperty(bad, async (r) => {
        const c: Call = { method: r.method, path: r.path };
        if (r.raw !== undefined) {
          c.raw = r.raw;
          c.headers = { "Content-Type": "application/json" };
        }
        await sendChecked("admin API", c, `${r.method} ${r.path} ${String(r.raw).slice(0, 60)}`);
      }),
      { numRuns: runs(120), seed: SEED + 6 },
    );
    assertNoFailures();
    expect(emu.faults.list()).toEqual([]);
    expect(emu.state.dump().apps).toEqual(before.apps);
    await stillServing();
  });

  test("after every group: ≥ 1,000 requests, no 5xx counted, the emulator still serves", async () => {
    const counters = emu.counters();
    const fivexx = Object.entries(counters.byStatus).filter(([s]) => /^5\d\d$/.test(s));

    console.log(
      `emulator fuzzing: ${sent} malformed requests (${Object.entries(perGroup)
        .map(([g, n]) => `${g}: ${n}`)
        .join(", ")}); emulator status counts ${JSON.stringify(counters.byStatus)}`,
    );
    expect(fivexx).toEqual([]);
    expect(counters.routes["(internal error)"]).toBeUndefined();
    expect(sent).toBeGreaterThanOrEqual(1000);
    await stillServing();
    // The state the fuzzing could have damaged is intact: the set-up objects are still there.
    expect(emu.state.get("apps", appId)?.name).toBe("fuzz-app");
    expect(emu.state.get("segments", segmentId)?.name).toBe("fuzz-segment");
    expect(emu.state.get("templates", templateId)).toBeDefined();
  });
});
