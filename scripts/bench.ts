/**
 * Benchmark (not a test) of pulumi-onesignal under the real engine, against the emulator, with a
 * no-op dynamic provider of the same shape as the floor, measured in the same run (issue 7).
 *
 *   npm run bench                                   # N = 30,120,300, 2 repetitions, rate-limited run (~15 min)
 *   npm run bench -- --sizes 30,120 --reps 2        # or BENCH_SIZES / BENCH_REPS
 *   npm run bench -- --quick                        # N = 30, 1 repetition, 10-template rate-limited run
 *   flags: --rl-templates K (0 skips the rate-limited run), --out DIR, --keep (scratch dirs),
 *          --readme (refresh the docs/development.md table), --ops up,preview,... (subset, for investigation),
 *          --link (symlink the package into the programs' node_modules, as tests/e2e does, instead of
 *          installing a copy of package.json + dist/ the way npm does for users),
 *          --package DIR (bench another build of the package, e.g. a proposed change: DIR holds
 *          package.json and dist/), --from-json FILE (only re-render latest.md / docs/development.md from a stored run)
 *
 * For each N and repetition two stacks (ours, floor) are created and every operation is run on
 * both back to back, the order alternating between repetitions, so load from other processes
 * hits both sides alike. Results: bench/results/latest.{md,json}; --readme also refreshes the
 * table between the bench markers in docs/development.md.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type Counters, type RunningEmulator } from "../emulator";
import { parseSummary } from "./bench/cli";
import { ProcSampler } from "./bench/procmem";
import { floorPackageFiles, programFiles, RESOURCES_PER_APP } from "./bench/program";
import { renderMarkdown, updateReadme } from "./bench/report";
import { sandbox, sharedNodeModules, writeProgram } from "./bench/sandbox";
import { createOrSelectStack, engineBin, repoRoot, runPulumi, scratchDir, type Sandbox } from "./lib/engine";
import {
  OPS,
  type BenchResults,
  type Op,
  type OpSample,
  type RateLimitedResult,
  type Requests,
  type SizeResult,
  type StateStats,
  type Variant,
} from "./bench/types";

const KINDS = ["App", "ApiKey", "Segment", "Template"] as const;
const TYPE_PREFIX = "pulumi-nodejs:dynamic/onesignal:";

function log(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

function intList(s: string): number[] {
  return s
    .split(",")
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isInteger(x) && x > 0);
}

function requestsOf(c: Counters): Requests {
  const r: Requests = { total: c.total, reads: 0, writes: 0, byStatus: { ...c.byStatus }, byRoute: {} };
  for (const [route, rc] of Object.entries(c.routes)) {
    r.byRoute[route] = rc.count;
    if (route.startsWith("GET ")) r.reads += rc.count;
    else r.writes += rc.count;
  }
  return r;
}

interface Runner {
  variant: Variant;
  box: Sandbox;
  workDir: string;
  stack: Stack;
  stackName: string;
  sampler: ProcSampler;
}

async function makeRunner(
  root: string,
  name: string,
  variant: Variant,
  config: Record<string, string>,
  emu: RunningEmulator,
): Promise<Runner> {
  const box = sandbox(root, name, {
    ONESIGNAL_API_URL: emu.url,
    ONESIGNAL_ORGANIZATION_API_KEY: emu.organizationApiKey,
    ONESIGNAL_ORGANIZATION_ID: emu.organizationId,
  });
  const workDir = writeProgram(
    path.join(box.dir, "program"),
    programFiles(),
    path.join(root, "node_modules"),
  );
  const stackName = "bench";
  const stack = await createOrSelectStack(workDir, stackName, box.envVars);
  const all: Record<string, { value: string }> = { "bench:variant": { value: variant } };
  for (const [k, v] of Object.entries(config)) all[`bench:${k}`] = { value: v };
  await stack.setAllConfig(all);
  return { variant, box, workDir, stack, stackName, sampler: new ProcSampler(workDir) };
}

const OP_ARGS: Record<Op, string[]> = {
  up: ["up", "--yes", "--skip-preview"],
  preview: ["preview"],
  noopUp: ["up", "--yes", "--skip-preview"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  // The drift check teams run on every pull request.
  previewRefresh: ["preview", "--refresh", "--expect-no-changes"],
  update: ["up", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

/** What the engine must report for each op on a stack of n resources (+1: the stack itself). */
function expectedChanges(op: Op, n: number): Record<string, number> {
  const all = n + 1;
  switch (op) {
    case "up":
      return { create: all };
    case "destroy":
      return { delete: all };
    case "update":
      return { update: n / 10, same: all - n / 10 };
    default:
      return { same: all };
  }
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>): boolean =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

async function runOp(r: Runner, op: Op, emu: RunningEmulator, errors: string[]): Promise<OpSample> {
  if (op === "update") await r.stack.setConfig("bench:rev", { value: "1" });
  emu.resetCounters();
  r.sampler.start();
  const run = await runPulumi([...OP_ARGS[op], "--stack", r.stackName], {
    cwd: r.workDir,
    env: r.box.envVars,
  });
  const mem = r.sampler.stop();
  const requests = requestsOf(emu.counters());
  const changes = parseSummary(run.stdout);
  if (run.code !== 0) {
    const msg = `${r.variant} ${op} exited ${run.code}: ${(run.stderr + "\n" + run.stdout).trim().split("\n").slice(-25).join("\n")}`;
    errors.push(msg);
    log(msg);
  }
  return {
    seconds: run.seconds,
    changes,
    requests,
    providerPeakMiB: mem.providerMiB,
    programPeakMiB: mem.programMiB,
  };
}

async function stateStats(stack: Stack): Promise<StateStats> {
  const exported = await stack.exportStack();
  const resources = (
    (exported.deployment as { resources?: Record<string, unknown>[] }).resources ?? []
  ).filter((r) => typeof r.type === "string" && r.type.startsWith(TYPE_PREFIX));
  const bytesPerResource: Record<string, number> = {};
  const payloadBytesPerResource: Record<string, number> = {};
  const providerBytes: Record<string, number> = {};
  const mean = (xs: number[]): number => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
  const payload = (r: Record<string, unknown>): number =>
    Buffer.byteLength(JSON.stringify(r.inputs ?? {})) + Buffer.byteLength(JSON.stringify(r.outputs ?? {}));
  let all = 0;
  let allPayload = 0;
  for (const kind of KINDS) {
    const of = resources.filter((r) => r.type === TYPE_PREFIX + kind);
    if (of.length === 0) continue;
    const sizes = of.map((r) => Buffer.byteLength(JSON.stringify(r)));
    all += sizes.reduce((a, b) => a + b, 0);
    bytesPerResource[kind] = mean(sizes);
    const payloads = of.map(payload);
    allPayload += payloads.reduce((a, b) => a + b, 0);
    payloadBytesPerResource[kind] = mean(payloads);
    const p = (of[0]!.outputs as Record<string, unknown> | undefined)?.__provider;
    providerBytes[kind] = Buffer.byteLength(typeof p === "string" ? p : JSON.stringify(p ?? ""));
  }
  bytesPerResource.all = resources.length ? Math.round(all / resources.length) : 0;
  payloadBytesPerResource.all = resources.length ? Math.round(allPayload / resources.length) : 0;
  return {
    resources: resources.length,
    checkpointBytesPerResource: resources.length
      ? Math.round(Buffer.byteLength(JSON.stringify(exported)) / resources.length)
      : 0,
    bytesPerResource,
    payloadBytesPerResource,
    providerBytes,
  };
}

async function benchSize(
  ops: readonly Op[],
  n: number,
  rep: number,
  firstIsOurs: boolean,
  root: string,
  emu: RunningEmulator,
  result: SizeResult,
  errors: string[],
  anomalies: string[],
): Promise<void> {
  const apps = Math.max(1, Math.round(n / RESOURCES_PER_APP));
  emu.reset();
  const order: Variant[] = firstIsOurs ? ["ours", "floor"] : ["floor", "ours"];
  const runners: Record<Variant, Runner> = {
    ours: await makeRunner(root, `n${n}-r${rep}-ours`, "ours", { apps: String(apps), rev: "0" }, emu),
    floor: await makeRunner(root, `n${n}-r${rep}-floor`, "floor", { apps: String(apps), rev: "0" }, emu),
  };
  for (const op of ops) {
    for (const v of order) {
      const s = await runOp(runners[v], op, emu, errors);
      result.samples[op][v].push(s);
      const want = expectedChanges(op, n);
      if (!sameCounts(s.changes, want))
        anomalies.push(
          `N=${n} rep ${rep} ${v} ${op}: engine reported ${JSON.stringify(s.changes)}, expected ${JSON.stringify(want)}`,
        );
      log(
        `N=${n} rep ${rep} ${v.padEnd(5)} ${op.padEnd(7)} ${s.seconds.toFixed(2)}s ` +
          `req=${s.requests.total} (r${s.requests.reads}/w${s.requests.writes}) ` +
          `changes=${JSON.stringify(s.changes)} provider=${s.providerPeakMiB.toFixed(0)}MiB`,
      );
      if (op === "up" && rep === 1) result.state[v] = await stateStats(runners[v].stack);
    }
  }
}

async function benchRateLimited(
  templates: number,
  root: string,
  emu: RunningEmulator,
  errors: string[],
): Promise<RateLimitedResult> {
  emu.reset();
  emu.faults.setRateLimits("onesignal");
  try {
    const config = { apps: "1", rev: "0", templatesOnly: String(templates) };
    const ours = await makeRunner(root, "ratelimited-ours", "ours", config, emu);
    const floor = await makeRunner(root, "ratelimited-floor", "floor", config, emu);
    const up = await runOp(ours, "up", emu, errors);
    log(`rate-limited up: ${up.seconds.toFixed(1)}s, ${JSON.stringify(up.requests.byStatus)}`);
    await runOp(floor, "up", emu, errors);
    const floorRefresh = await runOp(floor, "refresh", emu, errors);
    const refreshRun = await (async () => {
      emu.resetCounters();
      const run = await runPulumi([...OP_ARGS.refresh, "--stack", ours.stackName], {
        cwd: ours.workDir,
        env: ours.box.envVars,
      });
      return { run, requests: requestsOf(emu.counters()) };
    })();
    const { run, requests } = refreshRun;
    if (run.code !== 0) errors.push(`rate-limited refresh exited ${run.code}: ${run.stderr.slice(-2000)}`);
    const changes = parseSummary(run.stdout);
    log(
      `rate-limited refresh: ${run.seconds.toFixed(1)}s (floor ${templates}s), ${JSON.stringify(requests.byStatus)}, ${JSON.stringify(changes)}`,
    );
    // 5 % of the templates edited out of band (the emulator moves their updated_at, as OneSignal
    // does): the refresh must view exactly those and show their drift.
    const templateIds = emu.state.list("templates").map((t) => t.id);
    const changedIds = templateIds.slice(0, Math.max(1, Math.round(templateIds.length * 0.05)));
    for (const id of changedIds) emu.state.patch("templates", id, { name: `edited out of band ${id}` });
    emu.resetCounters();
    const changedRun = await runPulumi([...OP_ARGS.refresh, "--stack", ours.stackName], {
      cwd: ours.workDir,
      env: ours.box.envVars,
    });
    const changedRequests = requestsOf(emu.counters());
    if (changedRun.code !== 0)
      errors.push(
        `rate-limited changed refresh exited ${changedRun.code}: ${changedRun.stderr.slice(-2000)}`,
      );
    const changedRefresh = {
      changed: changedIds.length,
      seconds: changedRun.seconds,
      views: Object.entries(changedRequests.byRoute)
        .filter(([route]) => /^GET \/templates\/[^/]+$/.test(route))
        .reduce((a, [, c]) => a + c, 0),
      requests: changedRequests,
      changes: parseSummary(changedRun.stdout),
      exitCode: changedRun.code,
    };
    log(
      `rate-limited refresh, ${changedIds.length} changed: ${changedRun.seconds.toFixed(1)}s, ${changedRefresh.views} views, ${JSON.stringify(changedRefresh.changes)}`,
    );
    await runOp(ours, "destroy", emu, errors);
    await runOp(floor, "destroy", emu, errors);
    return {
      changedRefresh,
      templates,
      limitFloorSeconds: templates,
      upSeconds: up.seconds,
      upRequests: up.requests,
      refreshSeconds: run.seconds,
      refreshRequests: requests,
      refreshChanges: changes,
      refreshExitCode: run.code,
      engineFloorRefreshSeconds: floorRefresh.seconds,
      ratioToLimitFloor: run.seconds / templates,
      failedOps: (changes.failed ?? 0) + (run.code === 0 ? 0 : 1),
      status429: (requests.byStatus["429"] ?? 0) + (up.requests.byStatus["429"] ?? 0),
    };
  } finally {
    emu.faults.setRateLimits("off");
  }
}

/**
 * `__provider` as the serializer writes it for a linked package: the build's provider modules,
 * loaded from the package's own directory (outside node_modules), serialized the way
 * `pulumi.dynamic.Resource` does, so by value.
 */
async function linkedProviderBytes(pkgDir: string): Promise<Record<string, number>> {
  const pulumi = require(
    path.join(repoRoot, "node_modules/@pulumi/pulumi"),
  ) as typeof import("@pulumi/pulumi");
  const out: Record<string, number> = {};
  for (const [kind, file] of [
    ["App", "app"],
    ["ApiKey", "apiKey"],
    ["Segment", "segment"],
    ["Template", "template"],
  ] as const) {
    const provider = require(path.join(pkgDir, "dist/sdk/providers", `${file}.js`)) as unknown;
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    out[kind] = Buffer.byteLength(sf.text);
  }
  return out;
}

function cliVersion(): string {
  try {
    return execFileSync(path.join(engineBin(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string" },
      reps: { type: "string" },
      quick: { type: "boolean", default: false },
      "rl-templates": { type: "string" },
      out: { type: "string" },
      keep: { type: "boolean", default: false },
      readme: { type: "boolean", default: false },
      ops: { type: "string" },
      link: { type: "boolean", default: false },
      package: { type: "string" },
      "from-json": { type: "string" },
    },
  });
  if (values["from-json"]) {
    // Re-render latest.md (and the docs/development.md table) from stored results, without running anything.
    const stored = JSON.parse(fs.readFileSync(path.resolve(values["from-json"]), "utf8")) as BenchResults;
    stored.anomalies ??= [];
    // Runs from before an op existed have no samples for it.
    for (const size of stored.sizes)
      for (const op of OPS) size.samples[op] ??= { ours: [], floor: [] } as SizeResult["samples"][Op];
    const outDir = path.resolve(repoRoot, values.out ?? "bench/results");
    const md = renderMarkdown(stored);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "latest.md"), md.full);
    if (values.readme && !(await updateReadme(path.join(repoRoot, "docs/development.md"), md.summary)))
      log("docs/development.md has no bench markers; not updated");
    process.stdout.write(md.full);
    return;
  }
  const quick = values.quick ?? false;
  const sizes = intList(values.sizes ?? process.env.BENCH_SIZES ?? (quick ? "30" : "30,120,300"));
  const reps = Math.max(1, Number(values.reps ?? process.env.BENCH_REPS ?? (quick ? "1" : "2")));
  const rlTemplates = Number(
    values["rl-templates"] ?? process.env.BENCH_RL_TEMPLATES ?? (quick ? "10" : "60"),
  );
  const outDir = path.resolve(repoRoot, values.out ?? "bench/results");
  const ops = (values.ops ?? OPS.join(","))
    .split(",")
    .filter((o): o is Op => (OPS as readonly string[]).includes(o));
  if (sizes.length === 0) throw new Error("--sizes needs positive integers, e.g. 30,120,300");

  const started = Date.now();
  const pkg = JSON.parse(
    fs.readFileSync(path.join(repoRoot, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
  ) as { version: string };
  const results: BenchResults = {
    machine: {
      nproc: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      pulumiCli: cliVersion(),
      pulumiNodeSdk: pkg.version,
      os: `${os.type()} ${os.release()}`,
      loadAvgStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
      loadAvgEnd: [],
      startedAt: new Date(started).toISOString(),
      durationSeconds: 0,
    },
    options: {
      sizes,
      reps,
      rateLimitTemplates: rlTemplates,
      quick,
      install: values.link ? "linked" : "installed",
      package: values.package ?? ".",
    },
    sizes: [],
    errors: [],
    anomalies: [],
  };
  log(`sizes ${sizes.join(",")}, ${reps} repetition(s), rate-limited templates ${rlTemplates}`);

  // A scratch root for the run (removed at the end unless --keep).
  const root = scratchDir("onesignal-bench-");
  sharedNodeModules(root, values.link ?? false, values.package ? path.resolve(values.package) : repoRoot, {
    "bench-floor": floorPackageFiles(),
  });
  results.linkedProviderBytes = await linkedProviderBytes(
    values.package ? path.resolve(values.package) : repoRoot,
  );
  log(`linked-layout __provider bytes: ${JSON.stringify(results.linkedProviderBytes)}`);
  const emu = await startEmulator();
  try {
    for (const n of sizes) {
      const r: SizeResult = {
        n,
        apps: Math.max(1, Math.round(n / RESOURCES_PER_APP)),
        samples: Object.fromEntries(
          OPS.map((op) => [op, { ours: [], floor: [] }]),
        ) as unknown as SizeResult["samples"],
        state: { ours: undefined, floor: undefined },
      };
      results.sizes.push(r);
    }
    for (let rep = 1; rep <= reps; rep++) {
      for (const [i, n] of sizes.entries()) {
        const res = results.sizes[i]!;
        await benchSize(
          ops,
          res.apps * RESOURCES_PER_APP,
          rep,
          (rep + i) % 2 === 1,
          root,
          emu,
          res,
          results.errors,
          results.anomalies,
        );
        res.n = res.apps * RESOURCES_PER_APP;
        void n;
      }
    }
    if (rlTemplates > 0) results.rateLimited = await benchRateLimited(rlTemplates, root, emu, results.errors);
  } finally {
    await emu.close();
    if (!values.keep) fs.rmSync(root, { recursive: true, force: true });
    else log(`kept scratch directory ${root}`);
  }

  results.machine.loadAvgEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  results.machine.durationSeconds = Math.round((Date.now() - started) / 1000);
  fs.mkdirSync(outDir, { recursive: true });
  const md = renderMarkdown(results);
  fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify(results, null, 2) + "\n");
  fs.writeFileSync(path.join(outDir, "latest.md"), md.full);
  log(`wrote ${path.relative(repoRoot, outDir)}/latest.{md,json} in ${results.machine.durationSeconds}s`);
  if (values.readme) {
    if (await updateReadme(path.join(repoRoot, "docs/development.md"), md.summary))
      log("updated the Benchmarks table in docs/development.md");
    else log("docs/development.md has no bench markers; not updated");
  }
  process.stdout.write(md.full);
  if (results.anomalies.length > 0)
    log(`${results.anomalies.length} unexpected change summaries; see latest.md`);
  if (results.errors.length > 0) {
    log(`${results.errors.length} operation(s) failed; see latest.md`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
