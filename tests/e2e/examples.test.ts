// Every program in examples/ under the real engine, built against the package as users install it:
// the repository is `npm pack`ed once and unpacked into <tmp>/node_modules/pulumi-onesignal, the
// repository's other dependencies are linked beside it (no network), and each example is copied
// next to that node_modules. Each one then runs preview -> up -> no-op preview -> destroy against
// a fresh emulator, with assertions on what the engine reports and on what the emulator holds.
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator } from "../../emulator";
import {
  backendText,
  changeCounts,
  createOrSelectStack,
  linkDependencies,
  repoRoot,
  sandbox,
  Sandbox,
  clearOneSignalEnv,
} from "./helpers/engine";

clearOneSignalEnv();

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** The user-facing install: a packed tarball unpacked into node_modules, other deps linked. */
let installRoot: string;
/** The paths `npm pack` put in the tarball. */
let packedFiles: string[] = [];

beforeAll(() => {
  if (!fs.existsSync(path.join(repoRoot, "dist/sdk/index.js"))) {
    throw new Error("dist/ is missing: build first (npm test and npm run test:e2e do; or run npm run build)");
  }
  installRoot = fs.mkdtempSync(path.join(os.tmpdir(), "onesignal-examples-"));
  const report = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", installRoot], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
  )[0] as { filename: string; files: { path: string }[] };
  const packed = report.filename;
  packedFiles = report.files.map((f) => f.path);
  const nm = path.join(installRoot, "node_modules");
  fs.mkdirSync(nm);
  execFileSync("tar", ["-xzf", path.join(installRoot, path.basename(packed)), "-C", installRoot]);
  fs.renameSync(path.join(installRoot, "package"), path.join(nm, "pulumi-onesignal"));
  linkDependencies(nm);
  // What npm does for the package's `bin`, so `npx onesignal-emulator` resolves locally.
  fs.mkdirSync(path.join(nm, ".bin"));
  const pkg = JSON.parse(fs.readFileSync(path.join(nm, "pulumi-onesignal/package.json"), "utf8"));
  for (const [name, rel] of Object.entries(pkg.bin as Record<string, string>)) {
    const target = path.join(nm, "pulumi-onesignal", rel);
    fs.chmodSync(target, 0o755);
    fs.symlinkSync(path.relative(path.join(nm, ".bin"), target), path.join(nm, ".bin", name));
  }
}, 120_000);

test("the tarball holds the product only, and the provider paths users' state requires", async () => {
  // The full file-list check (docs, examples, LICENSE, README links) is tests/unit/package.test.ts.
  const outside = packedFiles.filter(
    (f) =>
      !/^(dist\/(sdk|provider|emulator|policy)|docs|examples|policy-pack)\//.test(f) &&
      !["package.json", "README.md", "LICENSE", "emulator/README.md"].includes(f),
  );
  expect(outside).toEqual([]);
  // Every user's state holds require("pulumi-onesignal/dist/sdk/providers/<kind>.js"): these stay.
  for (const kind of ["app", "apiKey", "segment", "template"])
    expect(packedFiles).toContain(`dist/sdk/providers/${kind}.js`);
  for (const kind of ["app", "apiKey", "segment", "template"]) {
    const mod = require(
      path.join(installRoot, "node_modules/pulumi-onesignal/dist/sdk/providers", `${kind}.js`),
    );
    // The engine's host calls configure first; it installs the kind's methods from the runtime,
    // which the installed package must resolve by its own name.
    expect(typeof mod.configure).toBe("function");
    await mod.configure({ config: { get: () => undefined } });
    for (const m of ["check", "diff", "create", "read", "update", "delete"])
      expect([kind, m, typeof mod[m]]).toEqual([kind, m, "function"]);
  }
  console.log(`packed files (${packedFiles.length}):\n${packedFiles.join("\n")}`);
});

afterAll(() => {
  if (installRoot) fs.rmSync(installRoot, { recursive: true, force: true });
});

/**
 * A stack for a program directory as it is, without copying it again (the program must resolve the
 * packed `pulumi-onesignal` from `installRoot/node_modules`, and its own Pulumi.<stack>.yaml).
 */
async function exampleStack(
  workDir: string,
  box: Sandbox,
  stackName: string,
  env: Record<string, string> = {},
): Promise<Stack> {
  return createOrSelectStack(workDir, stackName, { ...box.envVars, ...env });
}

/** Copies examples/<name> next to the installed node_modules; returns the program directory. */
function installExample(name: string): string {
  const dest = path.join(installRoot, name);
  fs.cpSync(path.join(repoRoot, "examples", name), dest, {
    recursive: true,
    filter: (src) => path.basename(src) !== "node_modules",
  });
  return dest;
}

/**
 * What the emulator holds, read through its admin API (`/__emulator/state`), so the view needs no
 * key of its own and sees every object, whatever keys the program made, rotated or deleted.
 */
class EmulatorView {
  constructor(private readonly emu: Emulator) {}

  private async state(kind: string, appId?: string): Promise<any[]> {
    const query = appId ? `?app_id=${encodeURIComponent(appId)}` : "";
    const res = await fetch(`${this.emu.url}/__emulator/state/${kind}${query}`);
    if (!res.ok) throw new Error(`admin state ${kind}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as any[];
  }
  /** Calls OneSignal's public API with the organization key, as the dashboard would. */
  async org(method: string, route: string, body?: unknown): Promise<any> {
    return this.call(method, route, this.emu.organizationApiKey, body);
  }
  async call(method: string, route: string, key: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.emu.url}${route}`, {
      method,
      headers: { Authorization: `Key ${key}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
    return JSON.parse(text);
  }

  apps(): Promise<{ id: string; name: string }[]> {
    return this.state("apps");
  }
  keys(appId: string): Promise<any[]> {
    return this.state("apiKeys", appId);
  }
  /** The app's segments, without the built-in ones OneSignal gives every app. */
  async segments(appId: string): Promise<any[]> {
    return (await this.state("segments", appId)).filter((s) => s.source !== "default");
  }
  templates(appId: string): Promise<any[]> {
    return this.state("templates", appId);
  }
}

const names = (xs: { name: string }[]) => xs.map((x) => x.name).sort();

/** Stack config pointing the provider at the emulator; the key goes in as a secret. */
async function targetEmulator(stack: Stack, emu: Emulator): Promise<void> {
  await stack.setAllConfig({
    "onesignal:apiUrl": { value: emu.url },
    "onesignal:organizationId": { value: emu.organizationId },
    "onesignal:organizationApiKey": { value: emu.organizationApiKey, secret: true },
  });
}

/**
 * No credential in plaintext anywhere the file backend wrote (checkpoints, history, backups).
 * Not `exportStack()`: Automation runs `stack export --show-secrets`.
 */
function expectNoPlaintext(box: Sandbox, secrets: string[]): void {
  const text = backendText(box);
  const leaks = secrets
    .filter(Boolean)
    .flatMap((s, i) =>
      text.includes(s) ? [`secret #${i}: …${text.slice(text.indexOf(s) - 200, text.indexOf(s))}`] : [],
    );
  expect(leaks).toEqual([]);
}

describe("examples/quickstart", () => {
  let emu: Emulator;
  let box: Sandbox;
  let stack: Stack;
  let view: EmulatorView;
  let appId: string;
  let token: string;

  beforeAll(async () => {
    emu = await startEmulator();
    view = new EmulatorView(emu);
    box = sandbox();
    stack = await exampleStack(installExample("quickstart"), box, "quickstart");
    await targetEmulator(stack, emu);
  });
  afterAll(async () => {
    box?.cleanup();
    await emu?.close();
  });

  test("preview plans the app, key, two segments and three templates", async () => {
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ create: 8 });
    expect(await view.apps()).toEqual([]);
  });

  test("up creates them in OneSignal and exports their ids", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 8 });
    appId = up.outputs.appId.value;
    token = up.outputs.appApiKey.value;
    expect(up.outputs.appApiKey.secret).toBe(true);

    const apps = await view.apps();
    expect(apps.map((a) => [a.id, a.name])).toEqual([[appId, "Acme Quickstart"]]);
    const keys = await view.keys(appId);
    expect(keys.map((k) => [k.token_id, k.name])).toEqual([[up.outputs.apiKeyId.value, "quickstart-server"]]);

    const segments = await view.segments(appId);
    expect(names(segments)).toEqual(["Lapsed", "VIP"]);
    const vip = segments.find((s) => s.id === up.outputs.segmentIds.value.vip);
    expect(vip.filters.map((f: any) => f.operator ?? f.key ?? f.field)).toEqual([
      "tier",
      "OR",
      "lifetime_value",
      "session_count",
    ]);

    expect(names(await view.templates(appId))).toEqual([
      "Welcome (SMS)",
      "Welcome (email)",
      "Welcome (push)",
    ]);
    const sms = (await view.templates(appId)).find((t) => t.id === up.outputs.templateIds.value.sms);
    expect(sms.content.isSMS).toBe(true);
    expect(sms.content.contents.en).toContain("| track_link }}");
  });

  test("a second preview reports no changes", async () => {
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 8 });
  });

  test("no credential is stored in plaintext", async () => {
    expectNoPlaintext(box, [emu.organizationApiKey, token]);
  });

  test("destroy deletes key, segments and templates; the app stays (OneSignal cannot delete apps)", async () => {
    const destroy = await stack.destroy();
    expect(changeCounts(destroy.summary.resourceChanges)).toEqual({ delete: 8 });
    expect((await stack.exportStack()).deployment.resources ?? []).toHaveLength(0);
    expect((await view.apps()).map((a) => a.id)).toEqual([appId]);
    expect(await view.keys(appId)).toEqual([]);
    expect(await view.segments(appId)).toEqual([]);
    expect(await view.templates(appId)).toEqual([]);
  });
});

describe("examples/multi-environment", () => {
  let emu: Emulator;
  let box: Sandbox;
  let stack: Stack;
  let view: EmulatorView;
  let apps: Record<string, any>;
  const RESOURCES = 2 * 7 + 1; // per environment: app, 2 keys, 2 segments, 2 templates; plus the stack

  beforeAll(async () => {
    emu = await startEmulator();
    view = new EmulatorView(emu);
    box = sandbox();
    // Stack "platform" picks up the example's Pulumi.platform.yaml (the environments map).
    stack = await exampleStack(installExample("multi-environment"), box, "platform");
    await targetEmulator(stack, emu);
  });
  afterAll(async () => {
    box?.cleanup();
    await emu?.close();
  });

  test("preview plans every environment from the config map", async () => {
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ create: RESOURCES });
  });

  test("up creates one app per environment with the shared catalog and allowlisted backend keys", async () => {
    const up = await stack.up();
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: RESOURCES });
    apps = up.outputs.apps.value;
    expect(Object.keys(apps).sort()).toEqual(["production", "staging"]);
    expect(names(await view.apps())).toEqual(["Acme", "Acme (staging)"]);

    const prod = apps.production;
    const keys = await view.keys(prod.appId);
    const backend = keys.find((k) => k.token_id === prod.backendKeyId);
    expect(backend.ip_allowlist_mode).toBe("explicit");
    expect([...backend.ip_allowlist].sort()).toEqual(["198.51.100.10/32", "203.0.113.0/24"]);
    expect(keys.find((k) => k.name === "production-pulumi").ip_allowlist_mode).toBe("disabled");

    for (const env of ["staging", "production"]) {
      expect(names(await view.segments(apps[env].appId))).toEqual(["Active this week", "Beta testers"]);
      expect(names(await view.templates(apps[env].appId))).toEqual(["Password reset", "Release notes"]);
    }
  });

  test("a second preview reports no changes", async () => {
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ same: RESOURCES });
  });

  test("rotating the deploy keys is one config change; dependents follow in the same update", async () => {
    await stack.setConfig("deployKeyRotation", { value: "2026-12" });
    const up = await stack.up();
    const counts = changeCounts(up.summary.resourceChanges);
    expect(counts.create ?? 0).toBe(0);
    expect(counts.delete ?? 0).toBe(0);
    expect(counts.update).toBeGreaterThanOrEqual(2);
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ same: RESOURCES });
  });

  test("destroy removes keys, segments and templates of every environment", async () => {
    const destroy = await stack.destroy();
    expect(changeCounts(destroy.summary.resourceChanges)).toEqual({ delete: RESOURCES });
    for (const env of ["staging", "production"]) {
      expect(await view.keys(apps[env].appId)).toEqual([]);
      expect(await view.segments(apps[env].appId)).toEqual([]);
      expect(await view.templates(apps[env].appId)).toEqual([]);
    }
  });
});

describe("examples/adopt-existing", () => {
  let emu: Emulator;
  let box: Sandbox;
  let stack: Stack;
  let view: EmulatorView;
  const existing: { appId?: string; segmentId?: string; templateId?: string; keyId?: string } = {};

  beforeAll(async () => {
    emu = await startEmulator();
    view = new EmulatorView(emu);
    // What a user clicked together in the dashboard, made through OneSignal's own REST API.
    const app = await view.org("POST", "/apps", { name: "Acme Legacy", organization_id: emu.organizationId });
    existing.appId = app.id;
    const dashboardKey = await view.org("POST", `/apps/${app.id}/auth/tokens`, { name: "dashboard" });
    existing.keyId = dashboardKey.token_id;
    const appCall = async (method: string, route: string, body: unknown) => {
      const res = await fetch(`${emu.url}${route}`, {
        method,
        headers: { Authorization: `Key ${dashboardKey.formatted_token}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.ok).toBe(true);
      return res.json() as Promise<any>;
    };
    existing.segmentId = (
      await appCall("POST", `/apps/${app.id}/segments`, {
        name: "Newsletter",
        filters: [{ field: "tag", key: "newsletter", relation: "=", value: "yes" }],
      })
    ).id;
    existing.templateId = (
      await appCall("POST", "/templates", {
        app_id: app.id,
        name: "Order shipped",
        contents: { en: "Your order is on its way." },
      })
    ).id;

    box = sandbox();
    stack = await exampleStack(installExample("adopt-existing"), box, "adopt");
    await targetEmulator(stack, emu);
    await stack.setAllConfig({
      appId: { value: existing.appId! },
      segmentId: { value: existing.segmentId! },
      templateId: { value: existing.templateId! },
    });
  });
  afterAll(async () => {
    box?.cleanup();
    await emu?.close();
  });

  test("preview plans to take over the three objects and make one key", async () => {
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ create: 5 });
  });

  test("up adopts the objects under their existing ids instead of creating new ones", async () => {
    const up = await stack.up();
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 5 });
    expect(up.outputs.appId.value).toBe(existing.appId);
    expect(up.outputs.segmentId.value).toBe(existing.segmentId);
    expect(up.outputs.templateId.value).toBe(existing.templateId);

    expect((await view.apps()).map((a) => a.id)).toEqual([existing.appId]);
    expect((await view.segments(existing.appId!)).map((s) => s.id)).toEqual([existing.segmentId]);
    expect((await view.templates(existing.appId!)).map((t) => t.id)).toEqual([existing.templateId]);
    expect(names(await view.keys(existing.appId!))).toEqual(["dashboard", "pulumi-managed"]);
  });

  test("a second preview reports no changes", async () => {
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 5 });
  });

  test("destroy lets go of the retained objects and deletes only what the stack made", async () => {
    await stack.destroy();
    expect((await stack.exportStack()).deployment.resources ?? []).toHaveLength(0);
    expect((await view.segments(existing.appId!)).map((s) => s.id)).toEqual([existing.segmentId]);
    expect((await view.templates(existing.appId!)).map((t) => t.id)).toEqual([existing.templateId]);
    expect((await view.keys(existing.appId!)).map((k) => k.token_id)).toEqual([existing.keyId]);
  });
});

describe("examples/ci", () => {
  let box: Sandbox;
  let stack: Stack;
  let programDir: string;
  let emulatorGroup: number | undefined;
  let env: Record<string, string>;
  let workflow: any;

  beforeAll(async () => {
    programDir = installExample("ci");
    workflow = parseYaml(fs.readFileSync(path.join(programDir, ".github/workflows/onesignal.yml"), "utf8"));
  });
  afterAll(() => {
    if (emulatorGroup) {
      try {
        process.kill(-emulatorGroup, "SIGTERM");
      } catch {
        // already gone
      }
    }
    box?.cleanup();
  });

  test("the workflow previews pull requests, applies on main and gates both on the hermetic job", () => {
    const { hermetic, preview, up } = workflow.jobs;
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["pull_request", "push"]));
    expect(preview.if).toContain("pull_request");
    expect(up.if).toContain("refs/heads/main");
    expect(preview.needs).toBe("hermetic");
    expect(up.needs).toBe("hermetic");
    const action = (job: any) => job.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions"));
    expect(action(preview).with.command).toBe("preview");
    expect(action(up).with.command).toBe("up");
    for (const job of [preview, up]) {
      expect(job.env.ONESIGNAL_ORGANIZATION_API_KEY).toContain("secrets.ONESIGNAL_ORGANIZATION_API_KEY");
      expect(job.env.PULUMI_ACCESS_TOKEN).toContain("secrets.PULUMI_ACCESS_TOKEN");
    }
    // The hermetic job touches no secret.
    expect(JSON.stringify(hermetic)).not.toContain("secrets.");
  });

  test("the hermetic job's emulator step starts the packaged emulator and exports its settings", async () => {
    const step = workflow.jobs.hermetic.steps.find((s: any) => s.name === "start the OneSignal emulator");
    const runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), "onesignal-runner-"));
    const githubEnv = path.join(runnerTemp, "github.env");
    fs.writeFileSync(githubEnv, "");
    // Its own process group, so the background emulator is stopped with it at the end.
    const child = spawn("bash", ["-eo", "pipefail", "-c", step.run], {
      cwd: programDir,
      detached: true,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, RUNNER_TEMP: runnerTemp, GITHUB_ENV: githubEnv },
    });
    emulatorGroup = child.pid;
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    env = Object.fromEntries(
      fs
        .readFileSync(githubEnv, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(Object.keys(env).sort()).toEqual([
      "ONESIGNAL_API_URL",
      "ONESIGNAL_ORGANIZATION_API_KEY",
      "ONESIGNAL_ORGANIZATION_ID",
    ]);
    expect(env.ONESIGNAL_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("the same program runs preview, up, a no-op preview and destroy against it, configured by env only", async () => {
    box = sandbox();
    stack = await exampleStack(programDir, box, "ci-hermetic", env);
    expect(changeCounts((await stack.preview()).changeSummary)).toEqual({ create: 5 });
    const up = await stack.up();
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 5 });
    expect(up.outputs.appId.value).toMatch(/\S/);
    expect(changeCounts((await stack.preview()).changeSummary)).toEqual({ same: 5 });
    expectNoPlaintext(box, [env.ONESIGNAL_ORGANIZATION_API_KEY]);
    const destroy = await stack.destroy();
    expect(changeCounts(destroy.summary.resourceChanges)).toEqual({ delete: 5 });
  });
});
