/**
 * Bounded waits and prompt cancels: a `Retry-After` beyond the retry budget fails every affected
 * request at once, saying what OneSignal asked for, and no one sleeps on it; a cancel (the
 * transport's signal, or the process-wide cancel Pulumi's SIGINT/SIGTERM triggers) stops pacing
 * waits, backoff waits and requests in flight.
 */
import { cancelRequests, resetCancellation } from "../../provider/client/transport";
import { abortableSleep, acquire, pause, pausedFor } from "../../provider/client/pacer";
import { isAmbiguous, isRateLimited } from "../../provider/client/errors";
import { hang, json } from "./helpers/scriptedServer";
import { failure, transportsTo, useScriptedServer } from "./helpers/scriptedSuite";

const srv = useScriptedServer();
beforeEach(() => {
  resetCancellation();
  srv.script(json(200, { ok: true }));
});
afterEach(() => resetCancellation());

const KEY = "test-app-key-0123456789";
const budget = { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20, maxElapsedMs: 120_000 };
const t = transportsTo(srv, { retry: budget, timeoutMs: 60_000 });
const get = (path: string, family = "template-views") => ({
  method: "GET" as const,
  path,
  key: KEY,
  scope: "app-1",
  family,
});

/** Settles `p` and tells whether it had settled by the time `then` resolved. */
async function settledBy<T>(p: Promise<T>, then: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  await then;
  await new Promise((r) => setImmediate(r));
  return done;
}

describe("a Retry-After beyond the retry budget", () => {
  it("fails the request at once with the wait OneSignal asked for and the budget", async () => {
    srv.script(json(429, { errors: ["API rate limit exceeded."] }, { "Retry-After": "3600" }));
    const e = await failure(t().request(get("/templates/t1?app_id=app-1")));
    expect(isRateLimited(e)).toBe(true);
    expect(e.attempts).toBe(1);
    expect(e.message).toContain(
      "OneSignal asked to wait 3600 s (Retry-After); that is more than the retry budget of 120 s; run again later",
    );
    expect(srv.requests).toHaveLength(1);
  });

  it("fails every other request of that app and family at once too, without sending it", async () => {
    srv.script(json(429, { errors: ["API rate limit exceeded."] }, { "Retry-After": "3600" }));
    await failure(t().request(get("/templates/t1?app_id=app-1")));
    const others = await Promise.all(
      ["/templates/t2", "/templates/t3", "/templates"].map((p) =>
        failure(t().request(get(`${p}?app_id=app-1`))),
      ),
    );
    for (const e of others) {
      expect(isRateLimited(e)).toBe(true);
      expect(e.message).toMatch(/not sent: an earlier request was answered 429/);
      expect(e.message).toContain("OneSignal asked to wait 3600 s (Retry-After)");
      expect(e.message).toContain("more than the retry budget of 120 s");
      expect(e.message).toMatch(/run again later$/);
    }
    // Only the first one reached OneSignal; the pause is kept as OneSignal gave it.
    expect(srv.requests).toHaveLength(1);
    expect(pausedFor("app-1", "template-views")?.retryAfterMs).toBe(3_600_000);
  });

  it("fails a request that was waiting for its pacing slot when a 429 paused its family meanwhile", async () => {
    // template-views allows one request a second per app: the second waits about a second for its slot.
    srv.script(json(429, { errors: ["API rate limit exceeded."] }, { "Retry-After": "3600" }), json(200, {}));
    const [first, second] = await Promise.all([
      failure(t().request(get("/templates/t1?app_id=app-1"))),
      failure(t().request(get("/templates/t2?app_id=app-1"))),
    ]);
    expect(first.message).toContain("OneSignal asked to wait 3600 s (Retry-After)");
    expect(second.message).toMatch(/not sent: an earlier request was answered 429/);
    expect(srv.requests.map((r) => r.url)).toEqual(["/templates/t1?app_id=app-1"]);
  });

  it("leaves other families and other apps alone", async () => {
    pause("app-1", "template-views", 3_600_000);
    srv.script(json(200, { ok: true }), json(200, { ok: true }));
    await expect(
      t().request(get("/apps/app-1/segments", "GET /apps/{app_id}/segments")),
    ).resolves.toBeDefined();
    await expect(t().request({ ...get("/templates?app_id=app-2"), scope: "app-2" })).resolves.toBeDefined();
    expect(srv.requests).toHaveLength(2);
  });

  it("still waits out a pause that fits in the budget", async () => {
    pause("app-1", "template-views", 200);
    srv.script(json(200, { ok: true }));
    await expect(t().request(get("/templates?app_id=app-1"))).resolves.toBeDefined();
    expect(srv.requests).toHaveLength(1);
  });

  it("gives up after an earlier retry too, when the next Retry-After is beyond the budget", async () => {
    srv.script(
      json(503, { errors: ["busy"] }),
      json(429, { errors: ["API rate limit exceeded."] }, { "Retry-After": "2" }),
    );
    const e = await failure(
      t({ retry: { ...budget, maxElapsedMs: 1000 } }).request(get("/templates/t1?app_id=app-1")),
    );
    expect(e.message).toContain(
      "OneSignal asked to wait 2 s (Retry-After); that is more than the retry budget of 1 s",
    );
    expect(srv.requests).toHaveLength(2);
  });
});

describe("cancel", () => {
  it("abortableSleep rejects with the signal's reason when aborted, and resolves otherwise", async () => {
    const ac = new AbortController();
    const long = abortableSleep(3_600_000, ac.signal);
    ac.abort(new Error("stop"));
    await expect(long).rejects.toThrow("stop");
    await expect(abortableSleep(1)).resolves.toBeUndefined();
    await expect(abortableSleep(1, ac.signal)).rejects.toThrow("stop");
  });

  it("a pacing wait stops when its signal aborts", async () => {
    pause("app-1", "template-views", 3_600_000);
    const ac = new AbortController();
    const waiting = acquire("app-1", "template-views", Date.now, ac.signal);
    ac.abort(new Error("cancelled by test"));
    await expect(waiting).rejects.toThrow("cancelled by test");
  });

  it("the process-wide cancel stops a request waiting on a within-budget pause, before it is sent", async () => {
    pause("app-1", "template-views", 100_000);
    const p = failure(t().request(get("/templates/t1?app_id=app-1")));
    await new Promise((r) => setTimeout(r, 50));
    cancelRequests("the provider process received SIGTERM");
    const e = await p;
    expect(e.kind).toBe("cancelled");
    expect(e.message).toMatch(/cancelled while waiting for its turn: the provider process received SIGTERM/);
    expect(srv.requests).toHaveLength(0);
  });

  it("stops a backoff wait (an injected sleep that never ends) and sends nothing more", async () => {
    srv.script(json(503, { errors: ["busy"] }));
    const never = new Promise<void>(() => {});
    const ac = new AbortController();
    const p = failure(
      t({ signal: ac.signal, sleep: () => never }).request(get("/apps/app-1", "GET /apps/{app_id}")),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(srv.requests).toHaveLength(1);
    ac.abort(new Error("the run was cancelled"));
    const e = await p;
    expect(e.kind).toBe("cancelled");
    expect(e.message).toMatch(/cancelled while waiting to retry/);
    expect(e.attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(srv.requests).toHaveLength(1);
  });

  it("aborts a request in flight (the server never answers); a POST says it may have taken effect", async () => {
    srv.script(hang, hang);
    const ac = new AbortController();
    const read = failure(t({ signal: ac.signal }).request(get("/apps/app-1", "GET /apps/{app_id}")));
    const create = failure(
      t({ signal: ac.signal }).request({
        ...get("/templates"),
        method: "POST",
        body: { name: "x" },
        family: "POST /templates",
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(await settledBy(read, Promise.resolve())).toBe(false);
    ac.abort(new Error("the run was cancelled"));
    const [r, c] = await Promise.all([read, create]);
    expect(r.kind).toBe("cancelled");
    expect(r.message).toMatch(/cancelled while in flight: the run was cancelled/);
    expect(isAmbiguous(r)).toBe(false);
    expect(isAmbiguous(c)).toBe(true);
    expect(c.message).toMatch(/may have taken effect on OneSignal/);
  });

  it("after the process-wide cancel, new requests fail at once without being sent", async () => {
    cancelRequests("the provider process received SIGINT");
    const e = await failure(t().request(get("/apps/app-1", "GET /apps/{app_id}")));
    expect(e.kind).toBe("cancelled");
    expect(e.message).toMatch(/cancelled before it was sent: the provider process received SIGINT/);
    expect(srv.requests).toHaveLength(0);
  });
});

describe("cancelOnProcessSignals", () => {
  // A child process, as the provider host is: signals cannot be sent to a jest worker safely.
  const { spawn } = require("node:child_process") as typeof import("node:child_process");
  const path = require("node:path") as typeof import("node:path");
  const fs = require("node:fs") as typeof import("node:fs");
  const transportJs = path.join(__dirname, "../../dist/provider/client/transport.js");
  const pacerJs = path.join(__dirname, "../../dist/provider/client/pacer.js");

  it.each(["SIGTERM", "SIGINT"] as const)(
    "%s stops a request waiting on a long pause and one in flight; the process then exits",
    async (sig) => {
      if (!fs.existsSync(transportJs)) throw new Error("dist/ is missing: run npm run build first");
      srv.script(hang);
      const script = `
        const { Transport, cancelOnProcessSignals } = require(${JSON.stringify(transportJs)});
        const { pause } = require(${JSON.stringify(pacerJs)});
        cancelOnProcessSignals();
        pause("app-1", "template-views", 100000);
        const t = new Transport({ apiUrl: ${JSON.stringify(srv.url)}, timeoutMs: 600000 });
        const req = (path, family) => t.request({ method: "GET", path, key: "k", scope: "app-1", family })
          .then(() => "ok", (e) => e.kind + ": " + e.message);
        Promise.all([req("/templates/t1?app_id=app-1", "template-views"), req("/apps/app-1", "GET /apps/{app_id}")])
          .then((r) => console.log(JSON.stringify(r)));
        // The provider host's gRPC server keeps its process alive in the same way.
        setInterval(() => {}, 1000);
        setTimeout(() => console.log("ready"), 200);
      `;
      const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("ready") && !child.killed) child.kill(sig);
      });
      const exited = new Promise<NodeJS.Signals | number | null>((r) =>
        child.on("exit", (code, s) => r(s ?? code)),
      );
      // The results come first, then the exit after the listener's grace period.
      const results = await new Promise<string[]>((resolve) => {
        child.stdout.on("data", () => {
          const line = out.split("\n").find((l) => l.startsWith("["));
          if (line) resolve(JSON.parse(line) as string[]);
        });
      });
      expect(results[0]).toMatch(
        new RegExp(
          `^cancelled: .*cancelled while waiting for its turn: the provider process received ${sig}`,
        ),
      );
      expect(results[1]).toMatch(
        new RegExp(`^cancelled: .*cancelled while in flight: the provider process received ${sig}`),
      );
      // Once the cancelled requests settled nothing is at work: the process ends as Node's default
      // would, by the signal, with no second one (the grace period is far longer than the test).
      expect(await exited).toBe(sig);
      expect(srv.requests.map((r) => r.url)).toEqual(["/apps/app-1"]);
    },
    30_000,
  );

  /** Runs `body` in a child that stays alive like the provider host, and prints "ready". */
  function child(body: string) {
    const script = `
      const { cancelOnProcessSignals, holdExitWhile } = require(${JSON.stringify(transportJs)});
      setInterval(() => {}, 1000);
      ${body}
      setTimeout(() => console.log("ready"), 200);
    `;
    const c = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const ready = new Promise<void>((r) =>
      c.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("ready")) r();
      }),
    );
    const exited = new Promise<NodeJS.Signals | number | null>((r) =>
      c.on("exit", (code, s) => r(s ?? code)),
    );
    // A child that failed to exit must not outlive the test.
    setTimeout(() => c.kill("SIGKILL"), 25_000).unref();
    return { c, ready, exited, out: () => out };
  }

  it("an idle process (the engine closing its plugin after an operation) exits at the first SIGINT", async () => {
    if (!fs.existsSync(transportJs)) throw new Error("dist/ is missing: run npm run build first");
    // The engine sends SIGINT and kills the plugin 5 s later: a grace period kept here would cost
    // every pulumi command those 5 s. The grace given is 10 minutes, so only idleness ends it.
    const p = child("cancelOnProcessSignals(600000);");
    await p.ready;
    p.c.kill("SIGINT");
    expect(await p.exited).toBe("SIGINT");
  }, 30_000);

  it("a call still at work holds the exit until it ends", async () => {
    if (!fs.existsSync(transportJs)) throw new Error("dist/ is missing: run npm run build first");
    const p = child(`
      let busy = true;
      holdExitWhile(() => busy);
      cancelOnProcessSignals(600000);
      process.once("SIGTERM", () => setTimeout(() => { console.log("answered"); busy = false; }, 300));
    `);
    await p.ready;
    p.c.kill("SIGTERM");
    expect(await p.exited).toBe("SIGTERM");
    // The process was still there to give its answer after the signal.
    expect(p.out()).toContain("answered");
  }, 30_000);
});
