/**
 * Benchmark (not a test) of the OneSignal emulator on loopback: requests per second and p50/p99
 * latency for one read route and one write route. Bounded in count and time.
 *
 *   npm run bench:emulator -- (node build/scripts/bench-emulator.js) [--requests N] [--concurrency C] [--seconds S]
 */
import * as http from "node:http";
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator";

interface Result {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function request(
  agent: http.Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function run(
  name: string,
  opts: { requests: number; concurrency: number; seconds: number },
  make: (i: number) => {
    method: string;
    url: URL;
    headers: Record<string, string>;
    body?: string;
    expect: number;
  },
): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const deadline = performance.now() + opts.seconds * 1000;
  const start = performance.now();
  const worker = async () => {
    while (next < opts.requests && performance.now() < deadline) {
      const r = make(next++);
      const t0 = performance.now();
      const status = await request(agent, r.url, r.method, r.headers, r.body).catch(() => -1);
      latencies.push(performance.now() - t0);
      if (status !== r.expect) errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "20000" },
      concurrency: { type: "string", default: "16" },
      seconds: { type: "string", default: "15" },
    },
  });
  const opts = {
    requests: Number(values.requests),
    concurrency: Number(values.concurrency),
    seconds: Number(values.seconds),
  };
  // Loopback only, default settings (no latency, no rate limits, no --data file).
  const emu = await startEmulator({ host: "127.0.0.1", port: 0 });
  try {
    const app = emu.state.createApp({ name: "bench" });
    const { token } = emu.state.issueApiKey(app.id);
    const auth = { Authorization: `Key ${token}`, "Content-Type": "application/json" };
    const filters = [{ field: "tag", key: "plan", relation: "=", value: "pro" }];
    const seg = emu.state.put("segments", {
      app_id: app.id,
      name: "bench",
      description: null,
      filters,
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      read_only: false,
      is_active: true,
      source: "custom",
    });
    const readUrl = new URL(`${emu.url}/apps/${app.id}/segments/${seg.id}?include-segment-detail=true`);
    const writeUrl = new URL(`${emu.url}/apps/${app.id}/segments`);
    const results = [
      await run("read  GET /apps/{app_id}/segments/{segment_id}?include-segment-detail=true", opts, () => ({
        method: "GET",
        url: readUrl,
        headers: auth,
        expect: 200,
      })),
      await run("write POST /apps/{app_id}/segments", opts, (i) => ({
        method: "POST",
        url: writeUrl,
        headers: auth,
        body: JSON.stringify({ name: `s${i}`, filters }),
        expect: 201,
      })),
    ];
    console.log(`node ${process.version}, concurrency ${opts.concurrency}, keep-alive, loopback`);
    for (const r of results) {
      console.log(
        `${r.name}\n  ${r.requests} requests in ${r.seconds.toFixed(2)} s = ${r.rps.toFixed(0)} req/s; p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms; unexpected statuses: ${r.errors}`,
      );
    }
  } finally {
    await emu.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
