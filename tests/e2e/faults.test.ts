/**
 * Issue 8: the fault matrix under the real engine.
 *
 * Each scenario applies tests/e2e/fixtures/faults/program (1 app with APNs p8 + FCM credentials,
 * 1 API key, 2 segments and 2 templates that use the key's token) against a fresh emulator with a
 * fault injected, then:
 * 1. the first `up` either succeeds or fails with a clear error (an error naming OneSignal, the
 *    operation and the cause — never a stack trace or "Unexpected struct type");
 * 2. with the fault gone, a plain re-run of `up` succeeds and a `preview` afterwards is empty;
 * 3. the emulator holds zero duplicate objects (apps by name, keys by name per app, segments and
 *    templates by name per app) and zero objects are lost (every emulator object is in the state
 *    and every state resource exists in the emulator, with the declared count per kind);
 * 4. the secrets scanner finds no credential in plaintext in the state (stored checkpoints,
 *    `pulumi stack export`, Automation's export), CLI stdout/stderr and engine events of every
 *    operation, or error messages.
 *
 * The table is printed and written to .pulumi-local/fault-table.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type FaultSpec, type RunningEmulator } from "../../emulator";
import { changeCounts, localStack, sandbox, type Sandbox } from "./helpers/engine";
import { convergence, startChildEmulator, writeTable, type Kind, type TableRow } from "./helpers/convergence";
import { fakeCredentialMaterial, SecretScanner } from "./helpers/secrets";

const PROGRAM = path.join(__dirname, "fixtures/faults/program");
const DECLARED: Record<Kind, number> = { app: 1, apiKey: 1, segment: 2, template: 2 };
const rows: TableRow[] = [];
let upstreamDebugHits = 0;
/** Checks run by the scenarios' scanners (the scanner self-test not included). */
let scenarioChecks = 0;
const boxes: Sandbox[] = [];

/** The emulator a scenario talks to: in-process, or a child process for the restart scenario. */
interface Target {
  url: string;
  organizationId: string;
  organizationApiKey: string;
  counters(): Promise<{ byStatus: Record<string, number> }>;
  clearFaults(): Promise<void>;
}

function inProcess(emu: RunningEmulator): Target {
  return {
    url: emu.url,
    organizationId: emu.organizationId,
    organizationApiKey: emu.organizationApiKey,
    counters: async () => emu.counters(),
    clearFaults: async () => emu.faults.clear(),
  };
}

interface Scenario {
  name: string;
  /** Starts the scenario's faults (before the first `up`). */
  inject(target: Target): Promise<void> | void;
  /** Runs beside the first `up` (restart scenario). */
  during?: (target: Target) => Promise<string>;
  /** Extra stack config for this scenario. */
  config?: Record<string, { value: string; secret?: boolean }>;
}

/** A clear error: names OneSignal and what failed; no JS stack, no gRPC struct error. */
function clearError(err: unknown): { ok: boolean; summary: string } {
  const text = String((err as Error)?.message ?? err);
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /OneSignal (App|ApiKey|Segment|Template) \w+/.test(l) || /^error:/.test(l));
  const oneSignal = lines.find((l) => /OneSignal (App|ApiKey|Segment|Template) [\w ()]+ failed/.test(l));
  const ok =
    oneSignal !== undefined &&
    !/Unexpected struct type|at Object\.<anonymous>|at process\.processTicksAndRejections|TypeError|ReferenceError/.test(
      text,
    );
  const summary = (oneSignal ?? lines[0] ?? text.split("\n")[0] ?? "")
    .replace(/^.*?(OneSignal )/, "$1")
    .slice(0, 200);
  return { ok, summary };
}

async function runScenario(
  s: Scenario,
  target: Target,
  box: Sandbox,
  scanner: SecretScanner,
  stopTarget: () => Promise<void>,
): Promise<TableRow> {
  const started = Date.now();
  const creds = fakeCredentialMaterial(`faults-${s.name}`);
  scanner.add("organization API key", target.organizationApiKey);
  scanner.add("APNs p8", creds.apnsP8);
  scanner.add("FCM service account JSON", creds.fcmJson);

  const stack: Stack = await localStack(PROGRAM, box, `faults-${s.name}`);
  await stack.setAllConfig({
    "onesignal:organizationApiKey": { value: target.organizationApiKey, secret: true },
    "onesignal:organizationId": { value: target.organizationId },
    "onesignal:apiUrl": { value: target.url },
    "faults:prefix": { value: `fm-${s.name}` },
    "faults:apnsP8": { value: creds.apnsP8, secret: true },
    "faults:fcmJson": { value: creds.fcmJson, secret: true },
    ...s.config,
  });

  await s.inject(target);
  let outcome: string;
  let firstError: { ok: boolean; message: string } | undefined;
  const during = s.during ? s.during(target) : Promise.resolve("");
  try {
    const up = await stack.up({ ...scanner.capture(`${s.name} up #1`) });
    outcome = `succeeded (${JSON.stringify(changeCounts(up.summary.resourceChanges))})`;
  } catch (err) {
    scanner.scanError(`${s.name} up #1`, err);
    const c = clearError(err);
    outcome = `failed: ${c.summary}`;
    firstError = { ok: c.ok, message: String((err as Error)?.message).slice(0, 3000) };
  }
  const duringNote = await during;
  const afterFirst = await target.counters();
  await target.clearFaults();

  // Plain re-run: must succeed and converge.
  let rerun: string;
  try {
    const up2 = await stack.up({ ...scanner.capture(`${s.name} up #2`) });
    rerun = `succeeded (${JSON.stringify(changeCounts(up2.summary.resourceChanges))})`;
  } catch (err) {
    scanner.scanError(`${s.name} up #2`, err);
    rerun = `FAILED: ${clearError(err).summary}`;
  }
  const preview = await stack.preview({ ...scanner.capture(`${s.name} preview`) });
  const previewCounts = changeCounts(preview.changeSummary);
  const conv = await convergence(target.url, stack, DECLARED);

  // Secrets: API key tokens and every other secret value from the decrypted export, then scan.
  await scanner.collectSecretsFromStack(stack);
  await scanner.scanStack(stack, {
    backendDir: path.join(box.dir, "state"),
    envVars: box.envVars,
  });
  const cfgFile = path.join(stack.workspace.workDir, `Pulumi.${stack.name}.yaml`);
  if (fs.existsSync(cfgFile)) scanner.scanText(`Pulumi.${stack.name}.yaml`, fs.readFileSync(cfgFile, "utf8"));
  scanner.scanCaptured();
  await stopTarget();

  const statuses = Object.entries(afterFirst.byStatus)
    .filter(([k]) => !/^2/.test(k))
    .map(([k, v]) => `${k}×${v}`)
    .join(" ");
  const row: TableRow = {
    scenario: s.name,
    outcome,
    rerun,
    duplicates: conv.duplicates,
    lost: conv.lost,
    notes: [
      statuses ? `faults seen: ${statuses}` : "",
      duringNote,
      `preview after: ${JSON.stringify(previewCounts)}`,
      `${Math.round((Date.now() - started) / 1000)} s`,
      conv.details.length ? conv.details.slice(0, 4).join("; ") : "",
    ]
      .filter(Boolean)
      .join("; "),
  };
  rows.push(row);

  console.log(`fault scenario ${s.name}: ${JSON.stringify(row)}\n${scanner.summary()}`);

  if (firstError)
    expect({ scenario: s.name, clearError: firstError.ok, message: firstError.message }).toMatchObject({
      clearError: true,
    });
  expect({ scenario: s.name, rerun }).toEqual({
    scenario: s.name,
    rerun: expect.stringMatching(/^succeeded/),
  });
  expect({ scenario: s.name, preview: previewCounts }).toEqual({ scenario: s.name, preview: { same: 7 } });
  expect({ scenario: s.name, duplicates: conv.duplicates, details: conv.details }).toEqual({
    scenario: s.name,
    duplicates: 0,
    details: [],
  });
  expect(conv.lost).toBe(0);
  upstreamDebugHits += scanner.upstreamDebugHits.length;
  scenarioChecks = totalSecretChecksOf(scanner, scenarioChecks);
  scanner.assertClean();
  return row;
}

/**
 * Alternating fault / pass for `n` requests of any route: a 50% failure rate while it lasts. The
 * first `skip` requests pass (the app's look-up and create: everything else waits for the app, so
 * failing those would end the run before the other kinds meet the fault).
 */
function alternating(n: number, fault: (i: number) => FaultSpec, skip = 2): FaultSpec[] {
  const out: FaultSpec[] = [{ kind: "delay", delayMs: 0, count: skip }];
  for (let i = 0; i < n; i++) out.push(i % 2 === 0 ? fault(i / 2) : { kind: "delay", delayMs: 0, count: 1 });
  return out;
}

/** Adds a scanner's checks to the running total (the restart scenario scans once more after). */
const counted = new WeakMap<SecretScanner, number>();
function totalSecretChecksOf(scanner: SecretScanner, total: number): number {
  const before = counted.get(scanner) ?? 0;
  counted.set(scanner, scanner.checks);
  return total + scanner.checks - before;
}

const FAMILIES = ["app", "apiKey", "segment", "template"] as const;

const SCENARIOS: Scenario[] = [
  {
    name: "429-storm",
    // Every route family answers its next 4 requests with 429 + Retry-After: 1.
    inject: async (t) => {
      for (const route of FAMILIES)
        await addFaults(t, [{ route, kind: "status", status: 429, retryAfter: 1, count: 4 }]);
    },
  },
  {
    name: "5xx-50pct",
    // After the app and its key exist (4 requests), 40 requests on any route: every other one fails
    // with 500, 502 or 503 — segments (client-chosen ids) and templates (look-up before re-create)
    // meet it. (The reset scenario below exposes the key's create instead.)
    inject: (t) =>
      addFaults(
        t,
        alternating(40, (i) => ({ kind: "status", status: ([500, 502, 503] as const)[i % 3], count: 1 }), 4),
      ),
  },
  {
    name: "connection-resets",
    // After the app exists, 24 requests on any route: every other connection is reset before it is handled.
    inject: (t) =>
      addFaults(
        t,
        alternating(24, () => ({ kind: "reset", count: 1 })),
      ),
  },
  {
    name: "hang-past-timeout",
    // The app's pre-create look-up (GET /apps) and the first segment create never get an answer: the
    // client's timeout (onesignal:requestTimeoutSeconds, 5 s here) must fire and the run must recover.
    config: { "onesignal:requestTimeoutSeconds": { value: "5" } },
    inject: (t) =>
      addFaults(t, [
        { method: "GET", route: "/apps", kind: "hang", count: 1 },
        { method: "POST", route: "/apps/{app_id}/segments", kind: "hang", count: 1 },
      ]),
  },
  {
    name: "lost-create-responses",
    // The first create of each kind succeeds on the server but its response is lost.
    inject: (t) =>
      addFaults(t, [
        { method: "POST", route: "/apps", kind: "drop-response", count: 1 },
        { method: "POST", route: "/apps/{app_id}/auth/tokens", kind: "drop-response", count: 1 },
        { method: "POST", route: "/apps/{app_id}/segments", kind: "drop-response", count: 1 },
        { method: "POST", route: "/templates", kind: "drop-response", count: 1 },
      ]),
  },
];

/** Adds faults through the admin API (same path for in-process and child emulators). */
async function addFaults(t: Target, specs: FaultSpec[]): Promise<void> {
  const res = await fetch(`${t.url}/__emulator/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(specs),
  });
  if (res.status !== 201) throw new Error(`adding faults failed: ${res.status} ${await res.text()}`);
}

describe("fault matrix under the real engine (issue 8)", () => {
  afterAll(() => {
    for (const b of boxes) b.cleanup();
    const table = writeTable("fault-table.md", "Fault matrix (issue 8)", rows, [
      `Secret checks run in this file: ${scenarioChecks}; plaintext hits outside @pulumi/pulumi's debug diagnostics: see each scenario (the test fails on any).`,
      `Plaintext secret outputs in @pulumi/pulumi's own debug diagnostics ("RegisterResource RPC finished … resp:"; engine event stream / --debug only, upstream): ${upstreamDebugHits}.`,
      "duplicates: extra emulator objects with the same (kind, parent, name). objects lost: emulator objects missing from state + state resources missing from the emulator + declared resources missing from state.",
    ]);

    console.log(`${table}\nsecret checks run: ${scenarioChecks}`);
  });

  test("the secrets scanner itself: finds planted credentials in every form, ignores secret envelopes", () => {
    const scan = new SecretScanner();
    const creds = fakeCredentialMaterial("self-test");
    const org = "os_v2_org_selftestselftestselftestselftest12";
    scan.add("org key", org).add("APNs p8", creds.apnsP8).add("FCM JSON", creds.fcmJson);
    const privateKey = (JSON.parse(creds.fcmJson) as { private_key: string }).private_key;
    const pemLine = creds.apnsP8.split("\n")[1]!;
    const planted: [string, string][] = [
      ["raw", `Authorization: Key ${org}`],
      ["json-escaped", JSON.stringify({ p8: creds.apnsP8 })],
      ["base64", Buffer.from(org).toString("base64")],
      ["fragment", `...${pemLine}...`],
      ["fcm private key", JSON.stringify(privateKey)],
      ["unregistered token shape", "token os_v2_app_abcdefgh12345678 leaked"],
    ];
    for (const [what, text] of planted)
      expect({ what, hits: scan.scanText(what, text).length > 0 }).toEqual({ what, hits: true });
    const deployment = {
      resources: [
        {
          outputs: {
            token: {
              "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
              plaintext: JSON.stringify(org),
            },
          },
        },
      ],
    };
    expect(scan.scanDeployment("envelope only", deployment)).toEqual([]);
    expect(
      scan.scanDeployment("outside an envelope", { resources: [{ outputs: { note: org } }] }).length,
    ).toBeGreaterThan(0);
    expect(
      scan.scanDeployment("__provider", { resources: [{ inputs: { __provider: `exports.k = "${org}"` } }] })
        .length,
    ).toBeGreaterThan(0);
    expect(() => scan.assertClean()).toThrow(/plaintext credential hit/);
  });

  test.each(SCENARIOS)(
    "$name: up completes or fails clearly; a re-run converges with no duplicate, no loss, no leak",
    async (s) => {
      const emu = await startEmulator();
      const box = sandbox();
      boxes.push(box);
      const scanner = new SecretScanner();
      await runScenario(s, inProcess(emu), box, scanner, () => emu.close());
    },
  );

  test("emulator restart in the middle of up (--data persistence): converges with no duplicate, no loss, no leak", async () => {
    const box = sandbox();
    boxes.push(box);
    const dataFile = path.join(box.dir, "emulator-state.json");
    // Latency stretches the run so that the kill lands mid-`up`.
    const child = await startChildEmulator(dataFile, ["--latency-ms", "150"]);
    const target: Target = {
      url: child.url,
      organizationId: child.organizationId,
      organizationApiKey: child.organizationApiKey,
      counters: async () =>
        (await (await fetch(`${child.url}/__emulator/counters`)).json()) as {
          byStatus: Record<string, number>;
        },
      clearFaults: async () =>
        void (await fetch(`${child.url}/__emulator/faults`, {
          method: "DELETE",
          headers: { "Content-Type": "application/json" }, // admin writes must be JSON
        })),
    };
    const scanner = new SecretScanner();
    const restart: Scenario = {
      name: "emulator-restart",
      inject: () => undefined,
      during: async (t) => {
        // Wait until the run is under way (the app and its key exist), then crash and restart.
        const deadline = Date.now() + 120_000;
        for (;;) {
          const s = (await (await fetch(`${t.url}/__emulator/state`)).json()) as {
            apiKeys: unknown[];
            segments: { source: string }[];
          };
          if (s.apiKeys.length >= 1 || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await child.kill();
        const down = Date.now();
        await new Promise((r) => setTimeout(r, 1500));
        await child.restart();
        return `killed (SIGKILL) once the API key existed, restarted on port ${child.port} after ${Date.now() - down} ms`;
      },
    };
    try {
      await runScenario(restart, target, box, scanner, async () => undefined);
    } finally {
      scanner.scanText("emulator stderr", child.stderr());
      scenarioChecks = totalSecretChecksOf(scanner, scenarioChecks);
      await child.stop();
    }
    scanner.assertClean();
  });
});
