/**
 * Bounded waits and prompt cancels under the real engine, against the emulator.
 *
 * Refresh views each template here (`ONESIGNAL_REFRESH_FROM_LISTS=false`): these are the waits of
 * view_template, which a refresh from lists no longer sends when nothing changed.
 *
 * 1. A 429 with `Retry-After: 3600` on a template read: `pulumi refresh` fails, naming the wait
 *    OneSignal asked for and the retry budget, instead of sleeping an hour; the other template
 *    reads of the app fail at once too (they are not sent).
 * 2. A 429 with a long `Retry-After` that fits in the budget, then SIGTERM to the CLI's process
 *    group (the CLI starts its plugins in groups of their own, so only the CLI gets it): Pulumi's
 *    graceful cancel sends the provider `Cancel`, the waits stop, the run ends, the provider sends
 *    nothing more, and a later `pulumi up` leaves an empty preview.
 *
 * Elapsed seconds are printed, never asserted.
 */
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { changeCounts, localStack, runPulumi, sandbox, type Sandbox } from "./helpers/engine";
import { convergence, type Kind } from "./helpers/convergence";

const PROGRAM = path.join(__dirname, "fixtures/faults/program");
const DECLARED: Record<Kind, number> = { app: 1, apiKey: 1, segment: 0, template: 3 };
/** The OneSignal objects and the stack resource itself. */
const TOTAL = 1 + 1 + 3 + 1;

let emu: RunningEmulator;
let box: Sandbox;
let stack: Stack;

beforeAll(async () => {
  emu = await startEmulator();
  box = sandbox();
  // These are the waits of template views (view_template, 1 request/s per app): refresh views
  // each template, as with the documented switch, instead of reading them from one list.
  stack = await localStack(PROGRAM, box, "waits", { ONESIGNAL_REFRESH_FROM_LISTS: "false" });
  await stack.setAllConfig({
    "onesignal:organizationApiKey": { value: emu.organizationApiKey, secret: true },
    "onesignal:organizationId": { value: emu.organizationId },
    "onesignal:apiUrl": { value: emu.url },
    "faults:prefix": { value: "waits" },
    "faults:segments": { value: "0" },
    "faults:templates": { value: "3" },
  });
  const up = await stack.up();
  expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: TOTAL });
});

afterAll(async () => {
  await emu?.close();
  box?.cleanup();
});

/** Template reads (view-template) the emulator has answered with `status`. */
function templateReads(status: string): number {
  const c = emu.counters();
  return c.routes["GET /templates/{template_id}"]?.byStatus[status] ?? 0;
}

async function expectConverged(label: string): Promise<void> {
  const up = await stack.up();
  const preview = await stack.preview();
  const conv = await convergence(emu.url, stack, DECLARED);
  console.log(
    `${label}: up after ${JSON.stringify(changeCounts(up.summary.resourceChanges))}, preview ${JSON.stringify(changeCounts(preview.changeSummary))}, emulator ${JSON.stringify(conv.counts)}`,
  );
  expect(changeCounts(preview.changeSummary)).toEqual({ same: TOTAL });
  expect({ duplicates: conv.duplicates, lost: conv.lost, details: conv.details }).toEqual({
    duplicates: 0,
    lost: 0,
    details: [],
  });
}

test("refresh with Retry-After: 3600 on a template read fails at once with the wait and the budget", async () => {
  emu.resetCounters();
  emu.faults.add({
    method: "GET",
    route: "/templates/{template_id}",
    count: 1,
    kind: "status",
    status: 429,
    retryAfter: 3600,
  });
  const started = Date.now();
  let message = "";
  try {
    await stack.refresh();
  } catch (err) {
    message = String((err as Error).message);
  }
  console.log(`refresh with Retry-After 3600 ended after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  emu.faults.clear();
  expect(message).toContain(
    "OneSignal asked to wait 3600 s (Retry-After); that is more than the retry budget of 120 s; run again later",
  );
  // The other two template reads were not sent: they failed on the pause, saying so. (The CLI
  // repeats each diagnostic, so distinct templates are counted.)
  const paths = (re: RegExp) => new Set([...message.matchAll(re)].map((m) => m[1]));
  const unsent = paths(
    /OneSignal GET (\/templates\/[^?\s]+)\S* failed: not sent: an earlier request was answered 429/g,
  );
  const answered = paths(/OneSignal GET (\/templates\/[^?\s]+)\S* failed: 429 [^\n]*retry budget of 120 s/g);
  console.log(
    `what the user sees:\n${[...new Set(message.split("\n").filter((l) => /OneSignal GET \/templates\//.test(l)))].slice(0, 3).join("\n")}`,
  );
  console.log(`template reads: answered 429 ${[...answered].join(" ")}; not sent ${[...unsent].join(" ")}`);
  expect([answered.size, unsent.size]).toEqual([1, 2]);
  expect(templateReads("429")).toBe(1);
  await expectConverged("after the long Retry-After");
});

test("SIGTERM during a within-budget Retry-After pause ends the run; a later up converges", async () => {
  emu.resetCounters();
  emu.faults.add({
    method: "GET",
    route: "/templates/{template_id}",
    count: 1,
    kind: "status",
    status: 429,
    retryAfter: 100,
  });
  let group = 0;
  const run = runPulumi(["refresh", "--yes", "--skip-preview", "--stack", stack.name], {
    cwd: stack.workspace.workDir,
    env: stack.workspace.envVars,
    detached: true,
    onSpawn: (pid) => (group = pid),
  });
  // Wait for the 429: every template read of the app now sits on the 100 s pause.
  const deadline = Date.now() + 120_000;
  while (templateReads("429") < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(templateReads("429")).toBe(1);
  await new Promise((r) => setTimeout(r, 1000));
  const killedAt = Date.now();
  process.kill(-group, "SIGTERM");
  const result = await run;
  console.log(
    `refresh cancelled by SIGTERM during a 100 s pause: ended ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the signal (exit ${result.code}, signal ${result.signal ?? "none"})`,
  );
  emu.faults.clear();
  const tail = result.output.split("\n").slice(-40).join("\n");
  expect({ code: result.code === 0 ? "zero" : "non-zero", tail }).toEqual({
    code: "non-zero",
    tail: expect.stringMatching(/cancel/i),
  });
  // The template reads ended on the engine's Cancel, not on their pause.
  const cancelledLines = [...new Set(result.output.split("\n").filter((l) => /cancelled while/.test(l)))];
  console.log(`what the user sees:\n${cancelledLines.slice(0, 2).join("\n")}`);
  expect(result.output).toMatch(
    /OneSignal GET \/templates\/\S+ failed: cancelled while waiting for its turn: Pulumi cancelled the run \(Cancel\)/,
  );
  // Nothing more reaches OneSignal once the run has ended: no template read was retried.
  const after = emu.counters().total;
  await new Promise((r) => setTimeout(r, 2000));
  expect(emu.counters().total).toBe(after);
  expect(templateReads("200")).toBe(0);
  await expectConverged("after SIGTERM");
});
