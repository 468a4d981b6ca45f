/**
 * The recovery commands of docs/guides/troubleshooting.md ("Recovering"), under the real engine.
 *
 * A key changes out of band and the user gives the provider the new one. `pulumi refresh` and
 * `pulumi destroy` do not run the program, so the engine configures the provider with the inputs
 * the last deployment recorded for the default `pulumi-nodejs` provider (the stack config; the
 * first test reads them from the state); the CLI's `--run-program` flag ("Run the program to
 * determine up-to-date state for providers", `pulumi refresh --help`) makes them run the program
 * and take the current stack config. Environment variables are read by the provider
 * process itself, whatever the command. Every command here is run through the CLI as a user types
 * it, and every scenario ends with an empty preview and a count of the emulator's objects.
 *
 * Cleanup after an interrupted run (SIGKILL during creates, then `pulumi cancel --yes`,
 * `pulumi refresh --clear-pending-creates`, `pulumi up`) is tests/e2e/ownership.test.ts's
 * "pulumi up killed with SIGKILL during creates".
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { backendText, localStack, runPulumi, sandbox, type Sandbox } from "./helpers/engine";
import { emulatorObjects, type Kind } from "./helpers/convergence";

const FULL = path.join(__dirname, "fixtures/faults/program"); // app, key, 2 segments, 2 templates using its token
const FALLBACK = path.join(__dirname, "fixtures/recovery"); // a segment and a template without apiKey

let emu: RunningEmulator;
const boxes: Sandbox[] = [];
const report: string[] = [];

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
  for (const b of boxes) b.cleanup();
  const file = path.join(__dirname, "../../.pulumi-local/recovery.md");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `# Recovery scenarios: what the user sees\n\n${report.join("\n")}\n`);
  console.log(report.join("\n"));
});
beforeEach(() => emu.reset());

interface Cli {
  stack: Stack;
  box: Sandbox;
  /** Runs `pulumi <args> --stack <name>` in the program's directory; `env` adds to the stack's. */
  run(args: string[], env?: Record<string, string>): Promise<{ code: number; out: string }>;
}

async function cliStack(program: string, name: string, config: Record<string, string>): Promise<Cli> {
  const box = sandbox();
  boxes.push(box);
  const stack = await localStack(program, box, name);
  await stack.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v, secret: /ApiKey$/.test(k) }])),
  );
  return {
    stack,
    box,
    run: async (args, env = {}) => {
      const r = await runPulumi([...args, "--stack", name], {
        cwd: stack.workspace.workDir,
        env: { ...stack.workspace.envVars, ...env },
      });
      return { code: r.code, out: r.output };
    },
  };
}

/** Expects a command to succeed; shows the end of its output when it does not. */
async function ok(cli: Cli, args: string[], env?: Record<string, string>): Promise<string> {
  const r = await cli.run(args, env);
  expect({ code: r.code, tail: r.code === 0 ? "" : r.out.slice(-3000) }).toEqual({ code: 0, tail: "" });
  return r.out;
}

/** Expects a command to fail; returns its output. */
async function fails(cli: Cli, args: string[], env?: Record<string, string>): Promise<string> {
  const r = await cli.run(args, env);
  expect(r.code).not.toBe(0);
  return r.out;
}

// The commands exactly as docs/guides/troubleshooting.md gives them (`--yes`: no prompt).
const UP = ["up", "--yes"];
const REFRESH = ["refresh", "--yes"];
const DESTROY = ["destroy", "--yes"];
const EMPTY_PREVIEW = ["preview", "--expect-no-changes"];

async function counts(): Promise<Record<Kind, number>> {
  const out: Record<Kind, number> = { app: 0, apiKey: 0, segment: 0, template: 0 };
  for (const o of await emulatorObjects(emu.url)) out[o.kind] += 1;
  return out;
}

/** The engine's diagnostics of a failed command (`error: … OneSignal …`), once each, for the report. */
function errorLines(out: string): string {
  const lines = out
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^error: .*OneSignal/.test(l));
  return [...new Set(lines)].map((l) => `\`${l}\``).join("; ");
}

function record(scenario: string, before: string, after: string, c: Record<Kind, number>): void {
  report.push(
    `- **${scenario}**\n  - before: ${before}\n  - after: ${after}\n` +
      `  - emulator: apps ${c.app}, keys ${c.apiKey}, segments ${c.segment}, templates ${c.template}`,
  );
}

/** An organization key in OneSignal's format, never used before. */
const newOrgKey = () => `os_v2_org_${randomBytes(20).toString("hex")}`;

/** Replaces the organization's key, as regenerating it in the dashboard does: the old one stops working. */
async function replaceOrganizationKey(): Promise<string> {
  const key = newOrgKey();
  const res = await fetch(`${emu.url}/__emulator/state/organizations/${emu.organizationId}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ api_key: key }),
  });
  expect(res.status).toBe(200);
  expect(await orgKeyWorks(emu.organizationApiKey)).toBe(false);
  expect(await orgKeyWorks(key)).toBe(true);
  return key;
}

async function orgKeyWorks(key: string): Promise<boolean> {
  const res = await fetch(`${emu.url}/apps`, { headers: { Authorization: `Key ${key}` } });
  return res.status === 200;
}

async function appKeyWorks(appId: string, key: string): Promise<boolean> {
  const res = await fetch(`${emu.url}/apps/${appId}/segments?limit=1`, {
    headers: { Authorization: `Key ${key}` },
  });
  return res.status === 200;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d"; // the engine's marker of a secret value

/** The organization key the default dynamic provider's recorded inputs hold (export shows secrets). */
async function recordedProviderConfig(stack: Stack): Promise<{ key: unknown; secret: boolean }> {
  const resources = ((await stack.exportStack()).deployment.resources ?? []) as {
    type: string;
    inputs?: Record<string, unknown>;
  }[];
  const provider = resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs");
  const v = provider?.inputs?.["onesignal:organizationApiKey"] as
    { [SECRET_SIG]?: string; plaintext?: string } | string | undefined;
  if (v && typeof v === "object" && SECRET_SIG in v)
    return { key: JSON.parse(v.plaintext ?? "null") as unknown, secret: true };
  return { key: v, secret: false };
}

/** What a plain refresh shows when the provider still has the old key: a 403 per affected resource, no key. */
function expectStaleKeyFailure(out: string, types: string[], keys: string[]): void {
  expect(out).toMatch(/403/);
  for (const t of types) expect(out).toContain(`onesignal:${t}`);
  for (const k of keys) expect(out).not.toContain(k);
}

const FULL_CONFIG = (prefix: string) => ({
  "onesignal:organizationId": emu.organizationId,
  "onesignal:apiUrl": emu.url,
  "faults:prefix": prefix,
});
const FULL_COUNTS: Record<Kind, number> = { app: 1, apiKey: 1, segment: 2, template: 2 };
// OneSignal has no app delete: a destroyed stack leaves its app, empty.
const DESTROYED: Record<Kind, number> = { app: 1, apiKey: 0, segment: 0, template: 0 };

describe("a new organization key in stack config", () => {
  test("plain `refresh` still sends the old key and fails with 403; `refresh --run-program` and `destroy --run-program` use the new one", async () => {
    const cli = await cliStack(FULL, "orgcfg", {
      ...FULL_CONFIG("orgcfg"),
      "onesignal:organizationApiKey": emu.organizationApiKey,
    });
    await ok(cli, UP);
    expect(await counts()).toEqual(FULL_COUNTS);
    // Where the old key comes from: the engine records the provider's configuration (the stack
    // config) as the inputs of the default `pulumi-nodejs` provider, a secret stays one there.
    expect(await recordedProviderConfig(cli.stack)).toEqual({
      key: emu.organizationApiKey,
      secret: true,
    });
    const key = await replaceOrganizationKey();
    await ok(cli, ["config", "set", "--secret", "onesignal:organizationApiKey", key]);

    const stale = await fails(cli, REFRESH);
    expectStaleKeyFailure(stale, ["App", "ApiKey"], [emu.organizationApiKey, key]);
    expect(await counts()).toEqual(FULL_COUNTS);

    await ok(cli, ["refresh", "--run-program", "--yes"]);
    expect(await recordedProviderConfig(cli.stack)).toEqual({ key, secret: true });
    await ok(cli, EMPTY_PREVIEW);
    const c = await counts();
    expect(c).toEqual(FULL_COUNTS);
    record(
      "organization key replaced, `pulumi config set --secret onesignal:organizationApiKey <new>`",
      `\`pulumi refresh\`: ${errorLines(stale)}`,
      "`pulumi refresh --run-program` succeeds; `pulumi preview --expect-no-changes` is empty",
      c,
    );

    await ok(cli, ["destroy", "--run-program", "--yes"]);
    expect(await counts()).toEqual(DESTROYED);
    expect(backendText(cli.box)).not.toContain(key);
  });

  test("plain `destroy` fails on the key it cannot delete with the old key; `destroy --run-program` finishes", async () => {
    const cli = await cliStack(FULL, "orgdestroy", {
      ...FULL_CONFIG("orgdestroy"),
      "onesignal:organizationApiKey": emu.organizationApiKey,
    });
    await ok(cli, UP);
    const key = await replaceOrganizationKey();
    await ok(cli, ["config", "set", "--secret", "onesignal:organizationApiKey", key]);

    const stale = await fails(cli, DESTROY);
    expectStaleKeyFailure(stale, ["ApiKey"], [emu.organizationApiKey, key]);
    // The segments and templates use the app key's token, which still works: they are gone already.
    const between = await counts();
    expect(between.apiKey).toBe(1);

    await ok(cli, ["destroy", "--run-program", "--yes"]);
    const c = await counts();
    expect(c).toEqual(DESTROYED);
    expect((await cli.stack.exportStack()).deployment.resources ?? []).toEqual([]);
    record(
      "organization key replaced, new key in stack config, then `pulumi destroy`",
      `\`pulumi destroy\`: ${errorLines(stale)}`,
      "`pulumi destroy --run-program` deletes the rest; the stack is empty",
      c,
    );
  });

  test("a plain `up` first records the new key: after it, plain `refresh` and `destroy` work", async () => {
    const cli = await cliStack(FULL, "orgup", {
      ...FULL_CONFIG("orgup"),
      "onesignal:organizationApiKey": emu.organizationApiKey,
    });
    await ok(cli, UP);
    const key = await replaceOrganizationKey();
    await ok(cli, ["config", "set", "--secret", "onesignal:organizationApiKey", key]);

    await ok(cli, UP);
    expect(await recordedProviderConfig(cli.stack)).toEqual({ key, secret: true });
    await ok(cli, REFRESH);
    await ok(cli, EMPTY_PREVIEW);
    const c = await counts();
    expect(c).toEqual(FULL_COUNTS);
    record(
      "organization key replaced, new key in stack config, `pulumi up` first",
      "(plain `pulumi refresh` fails as above)",
      "`pulumi up`, then plain `pulumi refresh` succeeds; the preview is empty",
      c,
    );
    await ok(cli, DESTROY);
    expect(await counts()).toEqual(DESTROYED);
  });
});

describe("a new organization key in the environment", () => {
  test("ONESIGNAL_ORGANIZATION_API_KEY is read by every command: plain `refresh` and `destroy` use the new one", async () => {
    const cli = await cliStack(FULL, "orgenv", FULL_CONFIG("orgenv"));
    const oldEnv = { ONESIGNAL_ORGANIZATION_API_KEY: emu.organizationApiKey };
    await ok(cli, UP, oldEnv);
    expect(await counts()).toEqual(FULL_COUNTS);
    const key = await replaceOrganizationKey();

    // What the user sees when the variable still holds the old key.
    const stale = await fails(cli, REFRESH, oldEnv);
    expectStaleKeyFailure(stale, ["App", "ApiKey"], [emu.organizationApiKey, key]);

    const env = { ONESIGNAL_ORGANIZATION_API_KEY: key };
    await ok(cli, REFRESH, env);
    await ok(cli, EMPTY_PREVIEW, env);
    const c = await counts();
    expect(c).toEqual(FULL_COUNTS);
    record(
      "organization key replaced, key given only by ONESIGNAL_ORGANIZATION_API_KEY",
      `\`pulumi refresh\` with the old value: ${errorLines(stale)}`,
      "`export ONESIGNAL_ORGANIZATION_API_KEY=<new>`; plain `pulumi refresh` succeeds; the preview is empty",
      c,
    );
    await ok(cli, DESTROY, env);
    expect(await counts()).toEqual(DESTROYED);
    const text = backendText(cli.box);
    expect(text).not.toContain(key);
    expect(text).not.toContain(emu.organizationApiKey);
  });
});

describe("a new onesignal:appApiKey for segments and templates without apiKey", () => {
  test("plain `refresh` still sends the rotated key; `refresh --run-program` and `destroy --run-program` use the new one", async () => {
    const app = emu.state.createApp({ name: "Recovery" });
    const issued = emu.state.issueApiKey(app.id, { name: "deploy" });
    const cli = await cliStack(FALLBACK, "appkey", {
      "onesignal:apiUrl": emu.url,
      "onesignal:appApiKey": issued.token,
      "rec:appId": app.id,
    });
    await ok(cli, UP);
    expect(await counts()).toEqual({ app: 1, apiKey: 1, segment: 1, template: 1 });

    // Rotated in the dashboard (rotate_api_key): the old token stops working at once.
    const res = await fetch(`${emu.url}/apps/${app.id}/auth/tokens/${issued.tokenId}/rotate`, {
      method: "POST",
      headers: { Authorization: `Key ${emu.organizationApiKey}` },
    });
    expect(res.status).toBe(200);
    const key = ((await res.json()) as { formatted_token: string }).formatted_token;
    expect(await appKeyWorks(app.id, issued.token)).toBe(false);
    await ok(cli, ["config", "set", "--secret", "onesignal:appApiKey", key]);

    const stale = await fails(cli, REFRESH);
    expectStaleKeyFailure(stale, ["Segment", "Template"], [issued.token, key]);

    await ok(cli, ["refresh", "--run-program", "--yes"]);
    await ok(cli, EMPTY_PREVIEW);
    const c = await counts();
    expect(c).toEqual({ app: 1, apiKey: 1, segment: 1, template: 1 });
    record(
      "app key rotated, `pulumi config set --secret onesignal:appApiKey <new>` (Segment/Template without apiKey)",
      `\`pulumi refresh\`: ${errorLines(stale)}`,
      "`pulumi refresh --run-program` succeeds; the preview is empty",
      c,
    );
    await ok(cli, ["destroy", "--run-program", "--yes"]);
    expect(await counts()).toEqual({ app: 1, apiKey: 1, segment: 0, template: 0 });
    expect(backendText(cli.box)).not.toContain(key);
  });
});
