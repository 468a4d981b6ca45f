import * as http from "node:http";
import { call, expectJson } from "./helpers";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: { via: "http" } });
afterEach(() => {
  w.emu.faults.clear();
  w.emu.faults.setRateLimits("off");
  w.emu.faults.setLatency(0);
});

const segs = () => w.http.call({ path: `/apps/${w.appId}/segments`, key: w.key });

/** Raw request that reports how the connection ended instead of throwing. */
function rawRequest(
  path: string,
  opts: { method?: string; body?: string; timeoutMs?: number } = {},
): Promise<
  { outcome: "response"; status: number } | { outcome: "error"; code: string } | { outcome: "timeout" }
> {
  return new Promise((resolve) => {
    const u = new URL(w.emu.url + path);
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: opts.method ?? "GET",
        headers: { Authorization: `Key ${w.key}`, "Content-Type": "application/json", Connection: "close" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ outcome: "response", status: res.statusCode ?? 0 }));
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) =>
      resolve({ outcome: "error", code: err.code ?? err.message }),
    );
    req.setTimeout(opts.timeoutMs ?? 2000, () => {
      resolve({ outcome: "timeout" });
      req.destroy();
    });
    req.end(opts.body);
  });
}

describe("scripted faults", () => {
  test.each([500, 502, 503] as const)(
    "status %i for the next N matching requests, then normal",
    async (status) => {
      w.emu.faults.add({ route: "segment", count: 2, kind: "status", status });
      const a = await segs();
      const b = await segs();
      expect([a.status, b.status]).toEqual([status, status]);
      expectJson(a);
      expect(a.body.errors).toHaveLength(1);
      expect((await segs()).status).toBe(200);
    },
  );

  test("429 fault carries Retry-After and the rate-limit body", async () => {
    w.emu.faults.add({
      route: "/apps/{app_id}/segments",
      count: 1,
      kind: "status",
      status: 429,
      retryAfter: 7,
    });
    const res = await segs();
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    // Segment operations answer the structured 429 (view-segments, update-segment, delete-segments).
    expect(res.body).toEqual({
      errors: [{ code: "Rate Limit Exceeded", title: "API rate limit exceeded", meta: {} }],
    });
  });

  test("429 bodies by family: plain for apps and create message; Retry-After always sent", async () => {
    w.emu.faults.add({ route: "notification", count: 1, kind: "status", status: 429 });
    const msg = await w.http.call({
      method: "POST",
      path: "/notifications",
      key: w.key,
      body: { app_id: w.appId, contents: { en: "x" }, included_segments: ["Subscribed Users"] },
    });
    expect(msg.status).toBe(429);
    expect(msg.headers.get("retry-after")).toBe("1");
    expect(msg.body).toEqual({ errors: ["API rate limit exceeded"] });
    w.emu.faults.add({ route: "app", count: 1, kind: "status", status: 429 });
    const app = await w.http.call({ path: `/apps/${w.appId}`, key: w.http.org });
    expect(app.body).toEqual({ errors: ["API rate limit exceeded"] });
    w.emu.faults.add({ route: "template", count: 1, kind: "status", status: 429 });
    const tpl = await w.http.call({ path: `/templates?app_id=${w.appId}`, key: w.key });
    expect(tpl.headers.get("retry-after")).toBe("1");
    expect(tpl.body).toEqual({
      errors: [{ code: "Rate Limit Exceeded", title: "API rate limit exceeded", meta: {} }],
    });
  });

  test("503 faults can answer an empty body or an HTML page (docs: 'may be empty or non-JSON')", async () => {
    w.emu.faults.add({ route: "segment", count: 1, kind: "status", status: 503, body: "empty" });
    const empty = await segs();
    expect(empty.status).toBe(503);
    expect(empty.text).toBe("");
    w.emu.faults.add({
      route: "segment",
      count: 1,
      kind: "status",
      status: 503,
      body: "html",
      retryAfter: 2,
    });
    const html = await segs();
    expect(html.status).toBe(503);
    expect(html.headers.get("content-type")).toBe("text/html");
    expect(html.headers.get("retry-after")).toBe("2");
    expect(html.text).toMatch(/^<html>.*503 Service Unavailable/);
    expect(() => w.emu.faults.add({ count: 1, kind: "status", body: "xml" as "json" })).toThrow(
      "fault body must be json, empty or html",
    );
  });

  test("matching by method, family, template and regex; non-matching requests pass", async () => {
    w.emu.faults.add({ method: "POST", route: "segment", count: 1, kind: "status", status: 503 });
    expect((await segs()).status).toBe(200);
    w.emu.faults.clear();
    w.emu.faults.add({ route: "template", count: 1, kind: "status", status: 500 });
    expect((await segs()).status).toBe(200);
    expect((await w.http.call({ path: `/templates?app_id=${w.appId}`, key: w.key })).status).toBe(500);
    w.emu.faults.add({ route: "^/apps/[^/]+/segments$", count: 1, kind: "status", status: 502 });
    expect((await segs()).status).toBe(502);
    expect(w.emu.faults.list()).toEqual([]);
  });

  test("a fault status does not change state", async () => {
    w.emu.faults.add({ method: "POST", route: "segment", count: 1, kind: "status", status: 500 });
    const res = await w.http.call({
      method: "POST",
      path: `/apps/${w.appId}/segments`,
      key: w.key,
      body: { name: "never", filters: [{ field: "session_count", relation: ">", value: "1" }] },
    });
    expect(res.status).toBe(500);
    expect(w.emu.state.list("segments", { appId: w.appId }).map((s) => s.name)).not.toContain("never");
  });

  test("delay adds latency and then answers normally", async () => {
    w.emu.faults.add({ route: "segment", count: 1, kind: "delay", delayMs: 300 });
    const t0 = Date.now();
    expect((await segs()).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  });

  test("hang never answers (client times out); the next request is served", async () => {
    w.emu.faults.add({ route: "segment", count: 1, kind: "hang" });
    const r = await rawRequest(`/apps/${w.appId}/segments`, { timeoutMs: 500 });
    expect(r.outcome).toBe("timeout");
    expect((await segs()).status).toBe(200);
  });

  test("reset destroys the connection before handling", async () => {
    w.emu.faults.add({ method: "POST", route: "segment", count: 1, kind: "reset" });
    const r = await rawRequest(`/apps/${w.appId}/segments`, {
      method: "POST",
      body: JSON.stringify({
        name: "reset-seg",
        filters: [{ field: "session_count", relation: ">", value: "1" }],
      }),
    });
    expect(r.outcome).toBe("error");
    expect(w.emu.state.list("segments", { appId: w.appId }).map((s) => s.name)).not.toContain("reset-seg");
  });

  test("drop-response performs the operation, then drops the connection (a lost response)", async () => {
    w.emu.faults.add({ method: "POST", route: "segment", count: 1, kind: "drop-response" });
    const r = await rawRequest(`/apps/${w.appId}/segments`, {
      method: "POST",
      body: JSON.stringify({
        name: "dropped-seg",
        filters: [{ field: "session_count", relation: ">", value: "1" }],
      }),
    });
    expect(r.outcome).toBe("error");
    expect(w.emu.state.list("segments", { appId: w.appId }).map((s) => s.name)).toContain("dropped-seg");
    const counters = w.emu.counters().routes["POST /apps/{app_id}/segments"];
    expect(counters?.byStatus.dropped).toBeGreaterThanOrEqual(1);
  });

  test("delay-response performs the operation at once and holds the answer; a client that leaves meanwhile gets none", async () => {
    w.emu.faults.add({ method: "POST", route: "segment", count: 1, kind: "delay-response", delayMs: 400 });
    const body = JSON.stringify({
      name: "held-seg",
      filters: [{ field: "session_count", relation: ">", value: "1" }],
    });
    const started = Date.now();
    const pending = rawRequest(`/apps/${w.appId}/segments`, { method: "POST", body, timeoutMs: 100 });
    expect(await pending).toEqual({ outcome: "timeout" });
    // The client gave up after 100 ms: the segment exists although no answer was sent yet.
    expect(w.emu.state.list("segments", { appId: w.appId }).map((s) => s.name)).toContain("held-seg");
    await new Promise((r) => setTimeout(r, 500 - (Date.now() - started)));
    expect(w.emu.counters().routes["POST /apps/{app_id}/segments"]?.byStatus.dropped).toBeGreaterThanOrEqual(
      1,
    );
    w.emu.faults.add({ method: "POST", route: "segment", count: 1, kind: "delay-response", delayMs: 50 });
    const answered = await rawRequest(`/apps/${w.appId}/segments`, {
      method: "POST",
      body: JSON.stringify({ ...JSON.parse(body), name: "held-seg-2" }),
    });
    expect(answered).toEqual({ outcome: "response", status: 201 });
    expect(() => w.emu.faults.add({ count: 1, kind: "delay-response" })).toThrow(/delayMs/);
  });

  test("invalid fault specs are refused", () => {
    expect(() => w.emu.faults.add({ count: 0, kind: "status" })).toThrow(/count/);
    expect(() => w.emu.faults.add({ count: 1, kind: "explode" as never })).toThrow(/kind/);
    expect(() => w.emu.faults.add({ count: 1, kind: "status", status: 404 as never })).toThrow(/status/);
    expect(() => w.emu.faults.add({ count: 1, kind: "status", route: "([" })).toThrow(/regular expression/);
  });

  test("faults through the admin API", async () => {
    const add = await call(w.emu.url, {
      method: "POST",
      path: "/__emulator/faults",
      body: { route: "segment", count: 1, kind: "status", status: 503 },
    });
    expect(add.status).toBe(201);
    expect(add.body.ids).toHaveLength(1);
    expect((await call(w.emu.url, { path: "/__emulator/faults" })).body.faults).toHaveLength(1);
    expect((await segs()).status).toBe(503);
    const bad = await call(w.emu.url, {
      method: "POST",
      path: "/__emulator/faults",
      body: { count: -1, kind: "status" },
    });
    expect(bad.status).toBe(400);
    await call(w.emu.url, { method: "POST", path: "/__emulator/faults", body: { count: 5, kind: "status" } });
    expect((await call(w.emu.url, { method: "DELETE", path: "/__emulator/faults" })).status).toBe(200);
    expect(w.emu.faults.list()).toEqual([]);
  });
});

describe("rate limits (OneSignal's docs: rate limits)", () => {
  test("off by default", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => w.http.call({ path: `/templates?app_id=${w.appId}`, key: w.key })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
  });

  test("'onesignal' preset: template views 1 req/s/app → 429 + integer Retry-After + documented body", async () => {
    w.emu.faults.setRateLimits("onesignal");
    expect((await w.http.call({ path: `/templates?app_id=${w.appId}`, key: w.key })).status).toBe(200);
    const res = await w.http.call({ path: `/templates?app_id=${w.appId}`, key: w.key });
    expect(res.status).toBe(429);
    expectJson(res);
    expect(res.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    // view-templates answers the structured 429.
    expect(res.body).toEqual({
      errors: [{ code: "Rate Limit Exceeded", title: "API rate limit exceeded", meta: {} }],
    });
    // Undocumented families stay unlimited; other apps have their own bucket.
    for (let i = 0; i < 5; i++) expect((await segs()).status).toBe(200);
    const other = await w.http.appWithKey();
    expect((await w.http.call({ path: `/templates?app_id=${other.appId}`, key: other.key })).status).toBe(
      200,
    );
    // Template writes are a separate family (no documented limit).
    expect(
      (
        await w.http.call({
          method: "POST",
          path: "/templates",
          key: w.key,
          body: { app_id: w.appId, name: "w", contents: { en: "x" } },
        })
      ).status,
    ).toBe(200);
  });

  test("buckets refill: after Retry-After the request passes", async () => {
    w.emu.faults.setRateLimits({ segments: { perSecond: 5, burst: 1 } });
    expect((await segs()).status).toBe(200);
    expect((await segs()).status).toBe(429);
    await new Promise((r) => setTimeout(r, 250));
    expect((await segs()).status).toBe(200);
  });

  test("custom rules and the admin endpoint", async () => {
    const put = await call(w.emu.url, {
      method: "PUT",
      path: "/__emulator/rate-limits",
      body: { notifications: { perSecond: 1, burst: 2 } },
    });
    expect(put.status).toBe(200);
    expect(put.body.rateLimits).toEqual({ notifications: { perSecond: 1, burst: 2 } });
    const body = { app_id: w.appId, included_segments: ["Subscribed Users"], contents: { en: "x" } };
    const r = [];
    for (let i = 0; i < 3; i++)
      r.push((await w.http.call({ method: "POST", path: "/notifications", key: w.key, body })).status);
    expect(r).toEqual([200, 200, 429]);
    expect(
      (
        await call(w.emu.url, {
          method: "PUT",
          path: "/__emulator/rate-limits",
          body: { nope: { perSecond: 1 } },
        })
      ).status,
    ).toBe(400);
    expect(
      (await call(w.emu.url, { method: "PUT", path: "/__emulator/rate-limits", body: "off" })).body
        .rateLimits,
    ).toEqual({});
  });
});

describe("latency", () => {
  test("a fixed latency applies to OneSignal routes, not to the admin API", async () => {
    w.emu.faults.setLatency(1000);
    const t0 = Date.now();
    const order: string[] = [];
    await Promise.all([
      segs().then(() => order.push("segments")),
      call(w.emu.url, { path: "/__emulator/health" }).then(() => order.push("admin")),
    ]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    // Started together: the admin call is not held by the latency, the OneSignal route is.
    expect(order).toEqual(["admin", "segments"]);
  });

  const droppedSoFar = (routeKey: string) => w.emu.counters().routes[routeKey]?.byStatus.dropped ?? 0;
  /** Resolves once the emulator has counted `n` answers to `routeKey` that found their client gone. */
  async function dropped(routeKey: string, n: number): Promise<void> {
    while (droppedSoFar(routeKey) < n) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  test("a create whose client gives up during the latency is still carried out: only the response is lost", async () => {
    w.emu.faults.setLatency(600);
    const before = droppedSoFar("POST /apps/{app_id}/segments");
    const body = JSON.stringify({
      name: "Timed out",
      filters: [{ field: "session_count", relation: ">", value: "1" }],
    });
    const r = await rawRequest(`/apps/${w.appId}/segments`, { method: "POST", body, timeoutMs: 100 });
    expect(r.outcome).toBe("timeout");
    // The client has gone; the emulator finishes the request as a real server would.
    await dropped("POST /apps/{app_id}/segments", before + 1);
    const made = w.emu.state.list("segments", { appId: w.appId }).filter((s) => s.name === "Timed out");
    expect(made).toHaveLength(1);
    expect(droppedSoFar("POST /apps/{app_id}/segments")).toBe(before + 1);
  });

  test("a request whose body was cut short during the latency is not a request: nothing is made", async () => {
    w.emu.faults.setLatency(300);
    const before = w.emu.counters().routes["POST /apps/{app_id}/segments"]?.count ?? 0;
    const full = JSON.stringify({
      name: "Half sent",
      filters: [{ field: "session_count", relation: ">", value: "1" }],
    });
    await new Promise<void>((resolve) => {
      const u = new URL(w.emu.url);
      const req = http.request({
        host: u.hostname,
        port: u.port,
        path: `/apps/${w.appId}/segments`,
        method: "POST",
        headers: {
          Authorization: `Key ${w.key}`,
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(full),
        },
      });
      req.on("error", () => resolve());
      req.write(full.slice(0, 10));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    // Wait past the latency for the emulator to have dealt with it; then the next request is served.
    await new Promise((r) => setTimeout(r, 400));
    w.emu.faults.setLatency(0);
    expect((await segs()).status).toBe(200);
    expect(w.emu.state.list("segments", { appId: w.appId }).map((s) => s.name)).not.toContain("Half sent");
    expect(w.emu.counters().routes["POST /apps/{app_id}/segments"]?.count ?? 0).toBe(before);
  });
});
