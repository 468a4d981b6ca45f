/**
 * Issue 11 under the real engine: a stack owns only what it created or was told to adopt.
 *
 * The program is the fault matrix's (tests/e2e/fixtures/faults/program): one app, one API key, two
 * segments and two templates that use the key's token. Two stacks get the same `prefix`, so every
 * object of one has the name of an object of the other, which is the most common set-up there is
 * (a per-PR or per-developer stack of one program in one OneSignal organization). Every scenario
 * counts objects through the emulator's state and prints them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { changeCounts, localStack, runPulumi, sandbox, type Sandbox } from "./helpers/engine";
import { emulatorObjects, stateObjects, type Kind } from "./helpers/convergence";

const PROGRAM = path.join(__dirname, "fixtures/faults/program");
const TWINS = path.join(__dirname, "fixtures/ownership");

let emu: RunningEmulator;
const boxes: Sandbox[] = [];
const report: string[] = [];

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
  for (const b of boxes) b.cleanup();
  const file = path.join(__dirname, "../../.pulumi-local/ownership-counts.md");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `# Object counts per ownership scenario (issue 11)\n\n${report.join("\n")}\n`);
  console.log(report.join("\n"));
});
beforeEach(() => emu.reset());

async function stackOf(name: string, prefix: string, program = PROGRAM, box?: Sandbox): Promise<Stack> {
  const b = box ?? sandbox();
  if (!box) boxes.push(b);
  const stack = await localStack(program, b, name);
  await stack.setAllConfig({
    "onesignal:organizationApiKey": { value: emu.organizationApiKey, secret: true },
    "onesignal:organizationId": { value: emu.organizationId },
    "onesignal:apiUrl": { value: emu.url },
    "faults:prefix": { value: prefix },
  });
  return stack;
}

/** The emulator's objects per kind (OneSignal's default segment left out). */
async function counts(): Promise<Record<Kind, number>> {
  const out: Record<Kind, number> = { app: 0, apiKey: 0, segment: 0, template: 0 };
  for (const o of await emulatorObjects(emu.url)) out[o.kind] += 1;
  return out;
}

function record(scenario: string, c: Record<Kind, number>, note = ""): void {
  report.push(
    `- ${scenario}: apps ${c.app}, keys ${c.apiKey}, segments ${c.segment}, templates ${c.template}${note ? `; ${note}` : ""}`,
  );
}

/** The ids a stack's state holds, per kind. */
async function idsOf(stack: Stack): Promise<Set<string>> {
  return new Set((await stateObjects(stack)).map((s) => `${s.kind}|${s.id}`));
}

/** True when `token` is accepted by OneSignal (the emulator) for its app. */
async function tokenWorks(appId: string, token: string): Promise<boolean> {
  const res = await fetch(`${emu.url}/apps/${appId}/segments?limit=1`, {
    headers: { Authorization: `Key ${token}` },
  });
  return res.status === 200;
}

async function outputsOf(stack: Stack): Promise<{ appId: string; token: string }> {
  const o = await stack.outputs();
  return { appId: (o.appIds.value as string[])[0], token: (o.tokens.value as string[])[0] };
}

/** Each stack's state and the emulator agree: disjoint ids, every object in exactly one state. */
async function expectDisjoint(stacks: Stack[]): Promise<void> {
  const sets = await Promise.all(stacks.map(idsOf));
  const all = new Set<string>();
  for (const s of sets)
    for (const id of s) {
      expect(all.has(id)).toBe(false);
      all.add(id);
    }
  const emulated = (await emulatorObjects(emu.url)).map((o) => `${o.kind}|${o.id}`);
  expect(new Set(emulated)).toEqual(all);
}

async function expectEmptyPreview(stack: Stack): Promise<void> {
  const p = await stack.preview({ expectNoChanges: true });
  expect(changeCounts(p.changeSummary)).toEqual({ same: 7 });
}

const PER_STACK: Record<Kind, number> = { app: 1, apiKey: 1, segment: 2, template: 2 };
const times = (n: number) =>
  Object.fromEntries(Object.entries(PER_STACK).map(([k, v]) => [k, v * n])) as Record<Kind, number>;

describe("two stacks of one program in one organization", () => {
  test("back to back: each gets its own objects, the first token keeps working, either destroy leaves the other intact", async () => {
    const first = await stackOf("dev", "shared");
    const second = await stackOf("pr-7", "shared");
    await first.up();
    const a = await outputsOf(first);
    await second.up();
    const b = await outputsOf(second);
    const c = await counts();
    record("two stacks back to back, after both `up`", c);
    expect(c).toEqual(times(2));
    expect(a.appId).not.toBe(b.appId);
    expect(await tokenWorks(a.appId, a.token)).toBe(true);
    expect(await tokenWorks(b.appId, b.token)).toBe(true);
    await expectDisjoint([first, second]);

    const firstIds = await idsOf(first);
    await second.destroy();
    const afterDestroy = await counts();
    // Apps are never deleted (OneSignal has no app delete): the second stack's app stays, empty.
    record("two stacks back to back, after the second `destroy`", afterDestroy);
    expect(afterDestroy).toEqual({ app: 2, apiKey: 1, segment: 2, template: 2 });
    const left = new Set((await emulatorObjects(emu.url)).map((o) => `${o.kind}|${o.id}`));
    for (const id of firstIds) expect(left.has(id)).toBe(true);
    expect(await tokenWorks(a.appId, a.token)).toBe(true);

    await first.refresh();
    await expectEmptyPreview(first);
    await first.destroy();
    record("two stacks back to back, after the first `destroy`", await counts());
    expect(await counts()).toEqual({ app: 2, apiKey: 0, segment: 0, template: 0 });
  });

  test("at the same time, with a lost create answer of every kind: each ends with its own objects", async () => {
    const first = await stackOf("dev", "concurrent");
    const second = await stackOf("pr-8", "concurrent");
    // The first create of each kind, whichever stack sends it, is made but its answer is lost.
    emu.faults.add({ method: "POST", route: "/apps", kind: "drop-response", count: 1 });
    emu.faults.add({ method: "POST", route: "/apps/{app_id}/auth/tokens", kind: "drop-response", count: 1 });
    emu.faults.add({ method: "POST", route: "/apps/{app_id}/segments", kind: "drop-response", count: 1 });
    emu.faults.add({ method: "POST", route: "/templates", kind: "drop-response", count: 1 });
    await Promise.all([first.up(), second.up()]);
    const c = await counts();
    record("two stacks at the same time with 4 lost create answers", c);
    expect(c).toEqual(times(2));
    await expectDisjoint([first, second]);
    const [a, b] = [await outputsOf(first), await outputsOf(second)];
    expect(await tokenWorks(a.appId, a.token)).toBe(true);
    expect(await tokenWorks(b.appId, b.token)).toBe(true);
    await Promise.all([expectEmptyPreview(first), expectEmptyPreview(second)]);
    await first.destroy();
    await second.refresh();
    await expectEmptyPreview(second);
    await second.destroy();
    expect(await counts()).toEqual({ app: 2, apiKey: 0, segment: 0, template: 0 });
  });
});

describe("identical resources", () => {
  test("two ApiKeys with one name and two templates alike in one program, applied to two stacks: distinct objects that keep working", async () => {
    const one = await stackOf("dev", "twins", TWINS);
    const two = await stackOf("pr-9", "twins", TWINS);
    await one.up();
    await two.up();
    const c = await counts();
    record("twins program in two stacks", c);
    expect(c).toEqual({ app: 2, apiKey: 4, segment: 0, template: 4 });
    await expectDisjoint([one, two]);
    for (const s of [one, two]) {
      const o = await s.outputs();
      const [k1, k2] = o.tokens.value as string[];
      expect(k1).not.toBe(k2);
      expect(await tokenWorks(o.appId.value as string, k1)).toBe(true);
      expect(await tokenWorks(o.appId.value as string, k2)).toBe(true);
      const p = await s.preview({ expectNoChanges: true });
      expect(changeCounts(p.changeSummary)).toEqual({ same: 6 });
    }
  });
});

describe("state delete", () => {
  test("`pulumi state delete` then `up`: a new object (template), a clear error naming the holder (segment); never a takeover", async () => {
    const stack = await stackOf("dev", "statedel");
    await stack.up();
    const before = await stateObjects(stack);
    const tpl = before.find((s) => s.kind === "template")!;
    const seg = before.find((s) => s.kind === "segment")!;
    const cmd = (args: string[]) =>
      runCli(stack, ["state", "delete", "--yes", ...args]).then((r) => expect(r.code).toBe(0));
    await cmd([tpl.urn]);
    await cmd([seg.urn]);
    let message = "";
    try {
      // --continue-on-error: without it the engine starts no new step after the segment's failure,
      // so whether the template's create ran at all depended on the order it scheduled them in.
      await stack.up({ continueOnError: true });
    } catch (err) {
      message = String((err as Error).message);
    }
    expect(message).toMatch(
      new RegExp(
        `the app already has a segment named "statedel segment 0-\\d" \\(${seg.id}\\) that this stack did not create; set adoptExistingId: "${seg.id}"`,
      ),
    );
    const after = await stateObjects(stack);
    const newTpl = after.find((s) => s.urn === tpl.urn)!;
    expect(newTpl.id).not.toBe(tpl.id);
    const objs = await emulatorObjects(emu.url);
    expect(objs.find((o) => o.id === tpl.id)?.name).toMatch(/^statedel template/); // the old one untouched
    expect(objs.find((o) => o.id === seg.id)).toBeDefined();
    const c = await counts();
    record(
      "state delete of a template and a segment, then `up`",
      c,
      "the template's old object is left, unmanaged; the segment fails naming its id",
    );
    expect(c).toEqual({ app: 1, apiKey: 1, segment: 2, template: 3 });
  });
});

/** Runs the CLI on a stack's program; resolves with its exit code and output. */
async function runCli(
  stack: Stack,
  args: string[],
  opts: { onSpawn?: (pid: number) => void; detached?: boolean } = {},
): Promise<{ code: number; signal: NodeJS.Signals | null; out: string }> {
  const run = await runPulumi([...args, "--stack", stack.name], {
    cwd: stack.workspace.workDir,
    env: stack.workspace.envVars,
    ...opts,
  });
  return { code: run.code, signal: run.signal, out: run.output };
}

async function pendingOps(stack: Stack): Promise<{ type: string; urn: string }[]> {
  const dep = (await stack.exportStack()).deployment as {
    pending_operations?: { type: string; resource: { urn: string } }[];
  };
  return (dep.pending_operations ?? []).map((o) => ({ type: o.type, urn: o.resource.urn }));
}

/**
 * `pulumi up` killed with SIGKILL while both templates are being created: the emulator has made
 * them and holds the answers. The checkpoint records two pending creates; the provider process (when
 * only the CLI was killed) sees the engine gone and leaves the templates under their provisional names.
 */
async function killDuringTemplateCreates(stack: Stack, group: boolean): Promise<string> {
  const HOLD_MS = 8000;
  const fault = emu.faults.add({
    method: "POST",
    route: "/templates",
    kind: "delay-response",
    delayMs: HOLD_MS,
    count: 2,
  });
  let pid = 0;
  const run = runCli(stack, ["up", "--yes", "--skip-preview"], {
    onSpawn: (p) => (pid = p),
    detached: group,
  });
  // A fault leaves the list once it has matched `count` requests: both POSTs have arrived and are
  // held. The segments, created beside them, are settled first, so exactly the templates are pending.
  const settledSegments = async () =>
    (await emulatorObjects(emu.url)).filter((o) => o.kind === "segment" && !o.name.includes("[pulumi:"))
      .length;
  const deadline = Date.now() + 120_000;
  while (emu.faults.list().some((f) => f.id === fault) || (await settledSegments()) < 2) {
    if (Date.now() > deadline) throw new Error("the templates' creates never started");
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 1000)); // the engine records the segments' creates
  process.kill(group ? -pid : pid, "SIGKILL");
  const r = await run;
  expect(r.signal).toBe("SIGKILL");
  // Past the hold: an orphaned provider process (CLI-only kill) would have had its answers by now.
  await new Promise((r2) => setTimeout(r2, HOLD_MS + 3000));
  // A killed CLI leaves the stack locked (the file backend's lock file; Pulumi Cloud's update stays
  // "in progress"): `pulumi cancel` is the first step of every recovery.
  const locked = await runCli(stack, ["up", "--yes", "--skip-preview"]);
  expect(locked.code).not.toBe(0);
  expect(locked.out).toMatch(/the stack is currently locked/);
  const cancel = await runCli(stack, ["cancel", "--yes"]);
  expect({ code: cancel.code, out: cancel.out }).toMatchObject({ code: 0 });
  return r.out;
}

/** Asserts the objects the killed run left: both templates, under provisional names. */
async function expectLeftProvisional(): Promise<{ id: string; name: string }[]> {
  const templates = (await emulatorObjects(emu.url)).filter((o) => o.kind === "template");
  expect(templates).toHaveLength(2);
  for (const t of templates) expect(t.name).toMatch(/ \[pulumi:[0-9a-f]{16}\]$/);
  return templates;
}

/** The end of every recovery: exactly the declared objects, all in state, none provisional, no pending operation. */
async function expectRecovered(stack: Stack, left: { id: string }[], scenario: string): Promise<void> {
  const c = await counts();
  record(scenario, c);
  expect(c).toEqual(PER_STACK);
  const ids = new Set((await stateObjects(stack)).map((s) => s.id));
  for (const t of left) expect(ids.has(t.id)).toBe(true);
  expect((await emulatorObjects(emu.url)).filter((o) => o.name.includes("[pulumi:"))).toEqual([]);
  expect(await pendingOps(stack)).toEqual([]);
  await expectEmptyPreview(stack);
}

const clearPending = async (stack: Stack) => {
  const r = await runCli(stack, ["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
  expect({ code: r.code, out: r.out.slice(-1500) }).toMatchObject({ code: 0 });
};

describe("pulumi up killed with SIGKILL during creates", () => {
  test("the CLI alone (its provider process lives on): `up` takes both objects over by marker; the pending creates stay until cleared", async () => {
    const stack = await stackOf("killcli", "killcli");
    await killDuringTemplateCreates(stack, false);
    expect((await pendingOps(stack)).map((p) => p.type)).toEqual(["creating", "creating"]);
    const left = await expectLeftProvisional();
    record(
      "SIGKILL of the CLI during 2 template creates, before recovery",
      await counts(),
      "2 pending creates; 2 templates under provisional names",
    );

    const up = await stack.up();
    const out = `${up.stdout}\n${up.stderr}`;
    expect(out).toMatch(/pending operations from previous deployment/);
    for (const t of left)
      expect(out).toContain(`an interrupted earlier create of this resource left ${t.id}`);
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 2, same: 5 });
    // The engine keeps pending CREATE operations until someone clears them (backend/journal.go:
    // "these must require user intervention"), even though the resources now exist in state.
    expect(await pendingOps(stack)).toHaveLength(2);
    await clearPending(stack);
    await expectRecovered(
      stack,
      left,
      "SIGKILL of the CLI, after `up` and `refresh --clear-pending-creates`",
    );
  });

  test("the whole process group (a lost CI runner): `cancel`, `refresh --clear-pending-creates`, `up`: no duplicate, nothing lost", async () => {
    const stack = await stackOf("killgroup", "killgroup");
    await killDuringTemplateCreates(stack, true);
    expect((await pendingOps(stack)).map((p) => p.type)).toEqual(["creating", "creating"]);
    const left = await expectLeftProvisional();
    await clearPending(stack);
    expect(await pendingOps(stack)).toEqual([]);
    const up = await stack.up();
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 2, same: 5 });
    await expectRecovered(
      stack,
      left,
      "SIGKILL of the process group, after `refresh --clear-pending-creates` and `up`",
    );
  });

  test("`refresh --import-pending-creates URN ID`: this engine drops them instead of importing; `up` still takes them over by marker", async () => {
    const stack = await stackOf("killimport", "killimport");
    await killDuringTemplateCreates(stack, true);
    const pending = await pendingOps(stack);
    expect(pending).toHaveLength(2);
    const left = await expectLeftProvisional();
    // Which object belongs to which pending create: the marker is the hash of `<organization>/<URN>`.
    const { markerOf } = await import("../../provider/resources/ownership");
    const args: string[] = [];
    for (const p of pending) {
      const marker = markerOf({ __owner: `organization/${p.urn}` })!;
      const obj = left.find((o) => o.name.endsWith(`[pulumi:${marker}]`));
      expect(obj).toBeDefined();
      // A string-array flag: one element per occurrence, URN then ID.
      args.push("--import-pending-creates", p.urn, "--import-pending-creates", obj!.id);
    }
    const r = await runCli(stack, ["refresh", "--yes", "--skip-preview", ...args]);
    expect({ code: r.code, out: r.out.slice(-1500) }).toMatchObject({ code: 0 });
    expect(await pendingOps(stack)).toEqual([]);
    // v3.274.1 turns them into "importing" operations that nothing reads, and the next snapshot keeps
    // only "creating" ones (backend/journal.go): the templates are not in state after this refresh.
    expect((await stateObjects(stack)).filter((o) => o.kind === "template")).toEqual([]);
    const up = await stack.up();
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 2, same: 5 });
    await expectRecovered(stack, left, "SIGKILL, after `refresh --import-pending-creates` and `up`");
  });
});
