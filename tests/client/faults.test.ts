/**
 * Retry, timeout and pacing behaviour against the emulator's scripted faults and its rate
 * limits set to OneSignal's documented numbers.
 */
import {
  isAmbiguous,
  isOneSignalApiError,
  isRateLimited,
  isTimeout,
  OneSignalApiError,
  OneSignalClient,
} from "../../provider/client";
import type { FaultSpec, FaultStatus } from "../../emulator";
import { rejection, useWorld } from "../helpers/world";

jest.setTimeout(120_000);
const w = useWorld({ emulator: { rateLimits: "onesignal" }, pacing: true });
afterEach(() => w.emu.faults.clear());

const filters = [{ field: "session_count", relation: ">", value: "1" }] as const;

/** The emulator answers the next `method` request of a route family with `status`, once. */
const statusOnce = (
  method: string,
  route: string,
  status: FaultStatus,
  extra: Pick<FaultSpec, "retryAfter" | "body"> = {},
) => w.emu.faults.add({ method, route, count: 1, kind: "status", status, ...extra });
/** A client that gives up at the first failure, so a test sees the error of one answer. */
const noRetryClient = () =>
  new OneSignalClient({ apiUrl: w.emu.url, retry: { maxRetries: 0 }, pacing: false });

describe("faults", () => {
  it("429 with Retry-After is waited out", async () => {
    statusOnce("GET", "segment", 429, { retryAfter: 1 });
    const started = Date.now();
    const page = await w.client.segments.list(w.auth);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(page.segments.length).toBeGreaterThan(0);
    expect(w.logs.some((l) => /429 .*retrying in 1\d{3} ms/.test(l))).toBe(true);
  });

  it("429 on a POST create is retried too (the request was not processed)", async () => {
    statusOnce("POST", "segment", 429, { retryAfter: 1 });
    const { id } = await w.client.segments.create(w.auth, { name: "after-429", filters: [...filters] });
    expect((await w.client.segments.get(w.auth, id)).name).toBe("after-429");
  });

  it("reads both 429 shapes: structured (segments, templates) and plain (create message)", async () => {
    const noRetry = noRetryClient();
    w.emu.faults.add({ route: "segment", count: 1, kind: "status", status: 429, retryAfter: 3 });
    const seg = await rejection(noRetry.segments.list(w.auth));
    expect(isRateLimited(seg)).toBe(true);
    expect((seg as OneSignalApiError).retryAfterMs).toBe(3000);
    expect(seg.message).toMatch(
      /failed: 429 Too Many Requests: API rate limit exceeded \(Rate Limit Exceeded\)$/,
    );
    w.emu.faults.add({ route: "notification", count: 1, kind: "status", status: 429 });
    const msg = await rejection(
      noRetry.notifications.create(w.auth, { contents: { en: "x" }, includedSegments: ["Subscribed Users"] }),
    );
    expect(msg.message).toMatch(/failed: 429 Too Many Requests: API rate limit exceeded$/);
  });

  it("a 503 with an empty or HTML body is retried for GET, and the final error is readable", async () => {
    statusOnce("GET", "segment", 503, { body: "empty" });
    statusOnce("GET", "segment", 503, { body: "html" });
    expect((await w.client.segments.list(w.auth)).segments.length).toBeGreaterThan(0);
    const noRetry = noRetryClient();
    statusOnce("GET", "segment", 503, { body: "html" });
    const e = await rejection(noRetry.segments.list(w.auth));
    expect(e.message).toMatch(/failed: 503 Service Unavailable: 503 Service Unavailable$/);
    statusOnce("GET", "segment", 503, { body: "empty" });
    const empty = await rejection(noRetry.segments.list(w.auth));
    expect(empty.message).toMatch(
      /503 Service Unavailable \(view-segments: OneSignal gave no error message, only an empty body\)$/,
    );
  });

  it("a 503 burst is retried for GET", async () => {
    w.emu.resetCounters();
    w.emu.faults.add({ method: "GET", route: "app", count: 2, kind: "status", status: 503 });
    const app = await w.client.apps.get(w.appId);
    expect(app.id).toBe(w.appId);
    expect(w.emu.counters().byStatus["503"]).toBe(2);
  });

  it("a POST is not repeated blindly after a 503", async () => {
    w.emu.resetCounters();
    w.emu.faults.add({ method: "POST", route: "segment", count: 2, kind: "status", status: 503 });
    const e = await rejection(w.client.segments.create(w.auth, { name: "not-twice", filters: [...filters] }));
    expect(isOneSignalApiError(e) && e.status).toBe(503);
    expect(e.retried).toBe(false);
    expect(w.emu.counters().total).toBe(1);
  });

  it("a hang hits the timeout (GET retried within bounds, then fails)", async () => {
    w.emu.faults.add({ method: "GET", route: "template", count: 5, kind: "hang" });
    const c = w.clientWith({ timeoutMs: 300, retry: { maxRetries: 1, baseDelayMs: 10 } });
    const e = await rejection(c.templates.listAll(w.auth));
    expect(isTimeout(e)).toBe(true);
    expect(e.attempts).toBe(2);
  });

  it("a lost response on a create is ambiguous and not repeated; the segment exists", async () => {
    w.emu.faults.add({ method: "POST", route: "segment", count: 1, kind: "drop-response" });
    const e = await rejection(w.client.segments.create(w.auth, { name: "maybe", filters: [...filters] }));
    expect(isAmbiguous(e)).toBe(true);
    expect(e.kind).toBe("response-lost");
    const all = await w.client.segments.listAll(w.auth);
    expect(all.filter((s) => s.name === "maybe")).toHaveLength(1);
  });

  it("a reset on DELETE is retried (idempotent)", async () => {
    const { id } = await w.client.segments.create(w.auth, { name: "reset-delete", filters: [...filters] });
    w.emu.faults.add({ method: "DELETE", route: "segment", count: 1, kind: "reset" });
    await w.client.segments.delete(w.auth, id);
  });

  it("the pacer keeps a burst of 30 template views in one app free of 429s", async () => {
    const t = await w.client.templates.create(w.auth, { name: "Burst", contents: { en: "x" } });
    // A separate client instance: the pacer is process-wide, not per client.
    const other = w.clientWith({ retry: { maxRetries: 0 } });
    w.emu.resetCounters();
    const started = Date.now();
    const reads = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 ? other : w.client).templates.get(w.auth, t.id)),
    );
    expect(reads.every((r) => r.id === t.id)).toBe(true);
    const c = w.emu.counters();
    expect(c.byStatus["429"]).toBeUndefined();
    expect(c.total).toBe(30);
    // 1 req/s/app: 30 reads need at least ~29 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(29_000);
  });
});
