/**
 * Out-of-band key changes under the real engine, against the emulator: each scenario starts from a
 * converged stack (one app, its ApiKey, two segments and two templates that take the key's token),
 * does to OneSignal what an operator or a lost answer would, recovers with the command the error
 * or warning names, and ends with an empty preview and the emulator holding exactly the declared
 * objects.
 *
 * 1. The key is rotated outside Pulumi (dashboard, org key): `pulumi up --refresh` heals it.
 * 2. The same, healed by `pulumi refresh` and then `pulumi up`.
 * 3. The key is deleted outside Pulumi: `pulumi up --refresh` makes a new one.
 * 4. A rotation (rotationTrigger) whose answer was lost: `pulumi up --refresh` heals it; so it does
 *    after a run killed (SIGKILL) while OneSignal held the rotation's answer.
 * 5. The app is moved to another organization: refresh says so; moved back, it converges.
 */
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import {
  changeCounts,
  runPulumi,
  startEmulatorStack,
  stopEmulatorStack,
  type Sandbox,
} from "./helpers/engine";
import { convergence, type Kind } from "./helpers/convergence";

const PROGRAM = path.join(__dirname, "fixtures/faults/program");
const DECLARED: Record<Kind, number> = { app: 1, apiKey: 1, segment: 2, template: 2 };
/** The OneSignal objects and the stack resource itself. */
const TOTAL = 1 + 1 + 2 + 2 + 1;

let emu: RunningEmulator;
let box: Sandbox;
let stack: Stack;

beforeAll(async () => {
  ({ emu, box, stack } = await startEmulatorStack(PROGRAM, "keys", {
    config: {
      "faults:prefix": { value: "keys" },
      "faults:segments": { value: "2" },
      "faults:templates": { value: "2" },
    },
  }));
  const up = await stack.up();
  expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: TOTAL });
});

afterAll(() => stopEmulatorStack({ emu, box }));

/** The app's id and its ApiKey's token_id, from the emulator (there is one of each). */
function ids(): { appId: string; tokenId: string } {
  const [app] = emu.state.list("apps");
  const keys = emu.state.list("apiKeys", { appId: String(app!.id) });
  expect(keys).toHaveLength(1);
  return { appId: String(app!.id), tokenId: String(keys[0]!.token_id) };
}

/** The ApiKey's token as the stack exports it. */
async function stackToken(): Promise<string> {
  const outs = await stack.outputs();
  return (outs.tokens!.value as string[])[0]!;
}

/** Whether OneSignal takes `token` as the app key (view-segments). */
async function works(token: string, appId: string): Promise<boolean> {
  const res = await fetch(`${emu.url}/apps/${appId}/segments`, {
    headers: { Authorization: `Key ${token}` },
  });
  return res.ok;
}

/** An organization-key call, as the dashboard or a script would make it. */
async function orgCall(method: string, p: string): Promise<void> {
  const res = await fetch(`${emu.url}${p}`, {
    method,
    headers: { Authorization: `Key ${emu.organizationApiKey}`, "Content-Type": "application/json" },
  });
  expect(res.ok).toBe(true);
}

/** `pulumi <args>` in the stack's workspace, with the whole output (warnings included). */
function cli(args: string[]) {
  return runPulumi([...args, "--stack", stack.name], {
    cwd: stack.workspace.workDir,
    env: stack.workspace.envVars,
  });
}

/** Prints distinct lines matching `re` (what the user sees) and returns them. */
function seen(label: string, output: string, re: RegExp): string[] {
  const lines = [...new Set(output.split("\n").filter((l) => re.test(l)))].map((l) => l.trim());
  console.log(`${label}:\n${lines.slice(0, 4).join("\n")}`);
  return lines;
}

/** The empty preview and the emulator's objects: what each scenario must end with. */
async function expectConverged(label: string): Promise<void> {
  const preview = await stack.preview({ expectNoChanges: true });
  const conv = await convergence(emu.url, stack, DECLARED);
  console.log(
    `${label}: preview ${JSON.stringify(changeCounts(preview.changeSummary))}, emulator ${JSON.stringify(conv.counts)}`,
  );
  expect(changeCounts(preview.changeSummary)).toEqual({ same: TOTAL });
  expect({ duplicates: conv.duplicates, lost: conv.lost, details: conv.details }).toEqual({
    duplicates: 0,
    lost: 0,
    details: [],
  });
  for (const k of Object.keys(DECLARED) as Kind[])
    expect([k, conv.counts[k].emulator]).toEqual([k, DECLARED[k]]);
  const { appId } = ids();
  expect(await works(await stackToken(), appId)).toBe(true);
}

/** The steps of `pulumi preview --json [extra]` other than `same` (and a refresh's `refresh` reads), as "op Type::name". */
async function previewSteps(extra: string[] = []): Promise<string[]> {
  const run = await cli(["preview", "--json", ...extra]);
  expect(run.code).toBe(0);
  const steps = (JSON.parse(run.stdout) as { steps?: { op: string; urn: string }[] }).steps ?? [];
  return steps
    .filter((st) => st.op !== "same" && st.op !== "refresh")
    .map((st) => `${st.op} ${st.urn.split("onesignal:")[1] ?? st.urn}`)
    .sort();
}

test("preview --json lists exactly the steps that happen: a key update, a rotation, a refresh after drift", async () => {
  // A key update (its allowlist): only the key. The segments and templates that take its token are
  // not marked, since the token does not change.
  await stack.setConfig("faults:allowlist", { value: "127.0.0.0/8" });
  const update = await previewSteps();
  console.log(`preview of a key update: ${JSON.stringify(update)}`);
  expect(update).toEqual(["update ApiKey::key0"]);
  const upd = await stack.up();
  expect(changeCounts(upd.summary.resourceChanges)).toMatchObject({ update: 1 });
  await expectConverged("after a key update");

  // A rotation: the key; at up the four resources store its new token (no request to OneSignal).
  await stack.setConfig("faults:rotation", { value: "r1" });
  const rotation = await previewSteps();
  console.log(`preview of a rotation: ${JSON.stringify(rotation)}`);
  expect(rotation).toEqual(["update ApiKey::key0"]);
  const rot = await stack.up();
  console.log(`up of the rotation: ${JSON.stringify(changeCounts(rot.summary.resourceChanges))}`);
  expect(changeCounts(rot.summary.resourceChanges)).toMatchObject({ update: 5 });
  await expectConverged("after a rotation");

  // The app and a push template renamed in the dashboard: a refreshing preview shows those two and
  // nothing else, and its diff only their names: not the organization the provider setting implies
  // (`- organizationId`) nor the channel the template implies (`[diff: -channel]`).
  const { appId } = ids();
  // The fixture's even templates are push templates, the only ones with headings.
  const tpl = emu.state.list("templates", { appId }).find((t) => t.content.headings !== undefined);
  emu.state.patch("templates", String(tpl!.id), { name: "renamed in the dashboard" });
  emu.state.patch("apps", appId, { name: "app renamed in the dashboard" });
  const drift = await previewSteps(["--refresh"]);
  console.log(`preview --refresh after drift: ${JSON.stringify(drift)}`);
  expect(drift).toHaveLength(2);
  expect(drift[0]).toBe("update App::app0");
  expect(drift[1]).toMatch(/^update Template::tpl0-\d*[02468]$/);
  const shown = await cli(["preview", "--refresh", "--diff"]);
  expect(shown.code).toBe(0);
  const diffLines = seen("preview --refresh --diff after drift", shown.output, /^\s*[-+~]\s*\w+\s*:|\[diff:/);
  expect(diffLines.filter((l) => /organizationId|channel/.test(l))).toEqual([]);
  expect(diffLines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/name\s*: "app renamed in the dashboard" => "keys app 0"/),
      expect.stringMatching(/name\s*: "renamed in the dashboard" => "keys template 0-0"/),
    ]),
  );
  await stack.up({ refresh: true });
  await expectConverged("after drift");
});

test("a key rotated outside Pulumi: up --refresh obtains a working token and the segments and templates follow", async () => {
  const { appId, tokenId } = ids();
  const before = await stackToken();
  emu.state.advanceClock(1000); // OneSignal's updated_at has one-second steps: a rotation moves it
  await orgCall("POST", `/apps/${appId}/auth/tokens/${tokenId}/rotate`);
  expect(await works(before, appId)).toBe(false);

  // The preview a reviewer reads says why the key is updated.
  const preview = await cli(["preview", "--refresh", "--diff"]);
  expect(preview.code).toBe(0);
  expect(seen("preview --refresh after an out-of-band rotation", preview.output, /refused/)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /ApiKey "keys key 0" .*refused the token in state at the last refresh.*rotates the key/,
      ),
      expect.stringMatching(
        /Segment "keys segment 0-0" .*was not refreshed: OneSignal refused the app API key/,
      ),
    ]),
  );

  seen("preview --refresh: the key and what takes its token", preview.output, /onesignal:(ApiKey|Segment)\b/);
  const up = await stack.up({ refresh: true });
  console.log(`up --refresh: ${JSON.stringify(changeCounts(up.summary.resourceChanges))}`);
  // The key is rotated and the four resources that take its token store the new one.
  expect(changeCounts(up.summary.resourceChanges)).toMatchObject({ update: 5 });
  const after = await stackToken();
  expect(after).not.toBe(before);
  expect(ids().tokenId).toBe(tokenId);
  await expectConverged("after an out-of-band rotation, up --refresh");
});

test("a key rotated outside Pulumi: refresh, then a plain up, heals it too", async () => {
  const { appId, tokenId } = ids();
  const before = await stackToken();
  emu.state.advanceClock(1000); // OneSignal's updated_at has one-second steps: a rotation moves it
  await orgCall("POST", `/apps/${appId}/auth/tokens/${tokenId}/rotate`);
  const refresh = await stack.refresh();
  seen("refresh after an out-of-band rotation", refresh.stdout + refresh.stderr, /not refreshed/);
  const up = await stack.up();
  expect(changeCounts(up.summary.resourceChanges)).toMatchObject({ update: 5 });
  expect(await stackToken()).not.toBe(before);
  await expectConverged("after an out-of-band rotation, refresh then up");
});

test("a key deleted outside Pulumi: up --refresh makes a new key and the segments and templates follow", async () => {
  const { appId, tokenId } = ids();
  const before = await stackToken();
  await orgCall("DELETE", `/apps/${appId}/auth/tokens/${tokenId}`);
  const up = await stack.up({ refresh: true });
  console.log(
    `up --refresh after the key was deleted: ${JSON.stringify(changeCounts(up.summary.resourceChanges))}`,
  );
  expect(changeCounts(up.summary.resourceChanges)).toMatchObject({ create: 1, update: 4 });
  expect(ids().tokenId).not.toBe(tokenId);
  expect(await stackToken()).not.toBe(before);
  await expectConverged("after an out-of-band delete, up --refresh");
});

test("a rotation whose answer was lost: the failed up says so, and up --refresh heals the key", async () => {
  const { appId, tokenId } = ids();
  const before = await stackToken();
  await stack.setConfig("faults:rotation", { value: "r2" });
  emu.faults.add({
    method: "POST",
    route: "/apps/{app_id}/auth/tokens/{token_id}/rotate",
    count: 1,
    kind: "drop-response",
  });
  let failed = "";
  try {
    await stack.up();
  } catch (err) {
    failed = String((err as Error).message);
  }
  emu.faults.clear();
  seen("up whose rotation answer was lost", failed, /ApiKey update/);
  expect(failed).toMatch(
    /OneSignal ApiKey update \(rotate\) failed: .*may have taken effect.*run `pulumi up --refresh`, which finds that out and rotates again/,
  );
  // OneSignal did rotate: the token in state is the revoked one.
  expect(await works(before, appId)).toBe(false);

  const up = await stack.up({ refresh: true });
  console.log(
    `up --refresh after the lost rotation: ${JSON.stringify(changeCounts(up.summary.resourceChanges))}`,
  );
  expect(changeCounts(up.summary.resourceChanges)).toMatchObject({ update: 5 });
  expect(ids().tokenId).toBe(tokenId);
  expect(
    (await stack.exportStack()).deployment.resources.find((r: { type: string }) => r.type.endsWith("ApiKey"))
      .outputs.rotationTrigger,
  ).toBe("r2");
  await expectConverged("after a lost rotation answer, up --refresh");
});

test("a run killed during a rotation: up --refresh heals the key", async () => {
  const { appId, tokenId } = ids();
  const before = await stackToken();
  await stack.setConfig("faults:rotation", { value: "r3" });
  // OneSignal rotates at once but holds the answer: the window in which a killed CLI never hears of it.
  emu.faults.add({
    method: "POST",
    route: "/apps/{app_id}/auth/tokens/{token_id}/rotate",
    count: 1,
    kind: "delay-response",
    delayMs: 60_000,
  });
  let group = 0;
  const run = runPulumi(["up", "--yes", "--skip-preview", "--stack", stack.name], {
    cwd: stack.workspace.workDir,
    env: stack.workspace.envVars,
    detached: true,
    onSpawn: (pid) => (group = pid),
  });
  const deadline = Date.now() + 120_000;
  while ((await works(before, appId)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(await works(before, appId)).toBe(false);
  process.kill(-group, "SIGKILL");
  const killed = await run;
  expect(killed.signal).toBe("SIGKILL");
  emu.faults.clear();

  // The killed CLI left its lock: the next command says so and names the way out.
  const locked = await cli(["up", "--refresh", "--yes", "--skip-preview"]);
  expect(locked.code).not.toBe(0);
  expect(seen("up --refresh after a run killed during the rotation", locked.output, /locked/)).toEqual([
    expect.stringMatching(/the stack is currently locked .*`pulumi cancel`/),
  ]);
  const cancel = await cli(["cancel", "--yes"]);
  expect(cancel.code).toBe(0);
  const up = await cli(["up", "--refresh", "--yes", "--skip-preview"]);
  seen("pulumi cancel, then up --refresh", up.output, /warning|error|pending/i);
  expect(up.code).toBe(0);
  expect(ids().tokenId).toBe(tokenId);
  await expectConverged("after a run killed during a rotation, up --refresh");
});

test("an app moved to another organization: refresh says so; moved back, the stack converges", async () => {
  const { appId } = ids();
  const other = "33333333-3333-4333-8333-333333333333";
  emu.state.patch("apps", appId, { organization_id: other });
  const refresh = await cli(["refresh", "--yes", "--skip-preview"]);
  expect(refresh.code).not.toBe(0);
  const lines = seen("refresh after the app moved", refresh.output, /not in the organization/);
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        new RegExp(
          `OneSignal App read failed: app ${appId} is not in the organization of the configured organization key.*moved to another organization`,
        ),
      ),
    ]),
  );
  // The error says what happened; no Node stack trace comes with it.
  expect(refresh.output).not.toMatch(/\n\s+at \S+ \(/);
  emu.state.patch("apps", appId, { organization_id: emu.organizationId });
  await stack.refresh();
  await expectConverged("after the app moved back");
});
