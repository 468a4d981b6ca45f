/**
 * Transport behaviour against a local scripted server: auth header, retries per method, Retry-After,
 * timeouts, connection failures, bounded time, error mapping, pacing.
 */
import * as net from "node:net";
import { Transport } from "../../provider/client/transport";
import { acquire, pause, setPacingLimits } from "../../provider/client/pacer";
import { isAmbiguous, isRateLimited, isTimeout } from "../../provider/client/errors";
import { parseRetryAfter } from "../../provider/client/transport";
import { hang, json, reset } from "./helpers/scriptedServer";
import { failure, transportsTo, useScriptedServer } from "./helpers/scriptedSuite";

const srv = useScriptedServer();

const KEY = "test-app-key-0123456789";
const fast = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 10_000 };
const t = transportsTo(srv, { retry: fast, timeoutMs: 2000 });

describe("request building", () => {
  it("sends Authorization: Key, a JSON body, query string", async () => {
    srv.script(json(200, { ok: true }));
    const r = await t().request({
      method: "POST",
      path: "/x",
      query: { app_id: "a b", skip: undefined },
      body: { n: 1 },
      key: KEY,
      scope: "a",
      family: "f",
    });
    expect(r.data).toEqual({ ok: true });
    const req = srv.requests[0]!;
    expect(req.headers.authorization).toBe(`Key ${KEY}`);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.url).toBe("/x?app_id=a+b");
    expect(JSON.parse(req.body)).toEqual({ n: 1 });
  });

  it("sends Content-Type: application/json on every method, bodiless GET and DELETE included", async () => {
    for (const method of ["GET", "DELETE", "POST", "PUT", "PATCH"] as const) {
      srv.script(json(200, {}));
      await t().request({ method, path: "/y", key: KEY, scope: "a", family: "f" });
      const req = srv.requests[0]!;
      expect([method, req.headers["content-type"]]).toEqual([method, "application/json"]);
      expect([method, req.body]).toEqual([method, ""]);
    }
  });

  it("accepts any 2xx (the 5.12 spec's 201 for a GET) and empty or text bodies", async () => {
    srv.script((_q, res) => {
      res.writeHead(201);
      res.end();
    });
    expect(
      (await t().request({ method: "GET", path: "/z", key: KEY, scope: "a", family: "f" })).data,
    ).toEqual({});
  });
});

describe("retry policy", () => {
  it("waits out a 429 Retry-After for every method, POST included", async () => {
    srv.script(
      json(429, { errors: ["API rate limit exceeded."] }, { "Retry-After": "1" }),
      json(200, { id: "1" }),
    );
    const r = await t().request({
      method: "POST",
      path: "/apps",
      body: {},
      key: KEY,
      scope: "a",
      family: "f",
    });
    expect(r.data).toEqual({ id: "1" });
    expect(srv.requests).toHaveLength(2);
    expect(srv.requests[1]!.at - srv.requests[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it("honours an HTTP-date Retry-After", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:02 GMT", now)).toBe(2000);
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("garbage", now)).toBeUndefined();
  });

  it("retries a 503 burst for GET", async () => {
    srv.script(
      json(503, { errors: ["Service temporarily unavailable"] }),
      json(502, {}),
      json(200, { ok: 1 }),
    );
    const r = await t().request({ method: "GET", path: "/g", key: KEY, scope: "a", family: "f" });
    expect(r.data).toEqual({ ok: 1 });
    expect(srv.requests).toHaveLength(3);
  });

  it("does not repeat a POST after a 503, and says it was not retried", async () => {
    srv.script(json(503, { errors: ["Service temporarily unavailable"] }), json(200, {}));
    const e = await failure(
      t().request({ method: "POST", path: "/apps/1/segments", body: {}, key: KEY, scope: "a", family: "f" }),
    );
    expect(srv.requests).toHaveLength(1);
    expect(e.status).toBe(503);
    expect(e.retried).toBe(false);
    expect(e.messages).toEqual(["Service temporarily unavailable"]);
    expect(e.message).toBe(
      "OneSignal POST /apps/1/segments failed: 503 Service Unavailable: Service temporarily unavailable",
    );
    expect(isAmbiguous(e)).toBe(false);
  });

  it("retries a POST marked idempotent (create message with idempotency_key)", async () => {
    srv.script(json(500, {}), json(200, { id: "n" }));
    await t().request({
      method: "POST",
      path: "/notifications",
      body: {},
      key: KEY,
      scope: "a",
      family: "f",
      idempotent: true,
    });
    expect(srv.requests).toHaveLength(2);
  });

  it("gives up after maxRetries with the attempt count in the message", async () => {
    srv.script(json(500, { errors: ["boom"] }));
    const e = await failure(t().request({ method: "DELETE", path: "/d", key: KEY, scope: "a", family: "f" }));
    expect(srv.requests).toHaveLength(4);
    expect(e.attempts).toBe(4);
    expect(e.retried).toBe(true);
    expect(e.message).toMatch(/failed: 500 Internal Server Error: boom \(after 4 attempts\)$/);
  });

  it("does not start a wait that would exceed maxElapsedMs", async () => {
    srv.script(json(429, { errors: ["API rate limit exceeded."] }, { "Retry-After": "30" }));
    const e = await failure(
      t({ retry: { ...fast, maxElapsedMs: 2000 } }).request({
        method: "GET",
        path: "/r",
        key: KEY,
        scope: "a",
        family: "f",
      }),
    );
    // It gave up at once: one request, one attempt (a wait of 30 s would have retried).
    expect(e.attempts).toBe(1);
    expect(isRateLimited(e)).toBe(true);
    expect(e.retryAfterMs).toBe(30_000);
    expect(srv.requests).toHaveLength(1);
  });

  it("4xx other than 408/429 are final", async () => {
    srv.script(json(400, { errors: "bad" }));
    const e = await failure(t().request({ method: "GET", path: "/b", key: KEY, scope: "a", family: "f" }));
    expect(srv.requests).toHaveLength(1);
    expect(e.status).toBe(400);
    expect(e.messages).toEqual(["bad"]);
  });
});

describe("timeouts and connection failures", () => {
  it("a hang hits the timeout; GET is retried, POST is not and is ambiguous", async () => {
    srv.script(hang);
    const e = await failure(
      t({ timeoutMs: 200, retry: { ...fast, maxRetries: 1 } }).request({
        method: "GET",
        path: "/h",
        key: KEY,
        scope: "a",
        family: "f",
      }),
    );
    expect(isTimeout(e)).toBe(true);
    expect(e.attempts).toBe(2);
    expect(srv.requests).toHaveLength(2);
    expect(isAmbiguous(e)).toBe(false);

    srv.script(hang);
    const p = await failure(
      t({ timeoutMs: 200 }).request({
        method: "POST",
        path: "/templates",
        body: {},
        key: KEY,
        scope: "a",
        family: "f",
      }),
    );
    expect(isTimeout(p)).toBe(true);
    expect(p.attempts).toBe(1);
    expect(isAmbiguous(p)).toBe(true);
    expect(p.message).toMatch(/may have taken effect/);
  });

  it("a reset on POST is a lost response: not retried, ambiguous", async () => {
    srv.script(reset);
    const e = await failure(
      t().request({ method: "POST", path: "/apps", body: {}, key: KEY, scope: "a", family: "f" }),
    );
    expect(e.kind).toBe("response-lost");
    expect(srv.requests).toHaveLength(1);
    expect(isAmbiguous(e)).toBe(true);
  });

  it("a reset on GET is retried", async () => {
    srv.script(reset, json(200, { ok: true }));
    expect(
      (await t().request({ method: "GET", path: "/r", key: KEY, scope: "a", family: "f" })).data,
    ).toEqual({ ok: true });
  });

  it("connection refused is retried even for POST (nothing was sent)", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const e = await failure(
      new Transport({ apiUrl: `http://127.0.0.1:${port}`, retry: { ...fast, maxRetries: 2 } }).request({
        method: "POST",
        path: "/apps",
        body: {},
        key: KEY,
        scope: "a",
        family: "f",
      }),
    );
    expect(e.kind).toBe("network");
    expect(e.attempts).toBe(3);
    expect(isAmbiguous(e)).toBe(false);
  });
});

describe("pacer", () => {
  it("spaces requests of one (app, family) and keeps others independent", async () => {
    setPacingLimits({ test: { perSecond: 20, burst: 1 } });
    const started = Date.now();
    const order: string[] = [];
    await Promise.all([
      ...[1, 2, 3, 4, 5].map((i) => acquire("app-1", "test").then(() => order.push(`a${i}`))),
      acquire("app-2", "test").then(() => order.push("b")),
    ]);
    const spaced = Date.now() - started;
    expect(spaced).toBeGreaterThanOrEqual(4 * 50);
    // Another app does not queue behind app-1: its slot comes before app-1's second one.
    expect(order.indexOf("b")).toBeLessThan(order.indexOf("a2"));
  });

  it("spaces actual departures when timers fire late on a busy machine", async () => {
    setPacingLimits({ late: { perSecond: 10, burst: 1 } }); // 120 ms apart with the safety margin
    const left: number[] = [];
    const go = () => acquire("app-late", "late").then(() => left.push(Date.now()));
    const all = Promise.all([go(), go(), go()]);
    // Block the event loop past the second slot, so its timer fires late, close to the third slot.
    const until = Date.now() + 230;
    while (Date.now() < until);
    await all;
    expect(left[2] - left[1]).toBeGreaterThanOrEqual(115);
  });

  it("a 429 pause holds back the whole (app, family)", async () => {
    pause("app-9", "anything", 300);
    const s = Date.now();
    await acquire("app-9", "anything");
    expect(Date.now() - s).toBeGreaterThanOrEqual(280);
  });

  it("is shared by every transport in the process", async () => {
    setPacingLimits({ shared: { perSecond: 10, burst: 1 } });
    srv.script(json(200, {}));
    const a = t();
    const b = t();
    const started = Date.now();
    await Promise.all(
      [a, b, a, b].map((x) =>
        x.request({ method: "GET", path: "/p", key: KEY, scope: "app", family: "shared" }),
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 100);
  });
});
