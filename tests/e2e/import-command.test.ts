/**
 * `pulumi-onesignal import` end to end (issue 16): an organization seeded through the emulator's
 * admin API as the dashboard leaves it is turned into a program by the built command; the program,
 * installed against this checkout's build, adopts every object under the real engine with no new or
 * deleted object and no change to any object's content in OneSignal; a second preview is empty; a
 * change to one generated setting is exactly one update, of exactly that setting.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  changeCounts,
  createOrSelectStack,
  linkNodeModules,
  repoRoot,
  sandbox,
  type Sandbox,
  clearOneSignalEnv,
} from "./helpers/engine";
import { adminState, seedOrganization, type SeededOrganization } from "./helpers/organization";

clearOneSignalEnv();

const CLI = path.join(repoRoot, "dist/sdk/cli/main.js");

/** Runs the built command; resolves with its exit code, output and wall time. */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? "", ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({
          code: err ? ((err as { code?: number }).code ?? 1) : 0,
          stdout,
          stderr,
          seconds: (performance.now() - started) / 1000,
        }),
    );
  });
}

/** The emulator's objects, every member (updated_at too), in a stable order. */
function contentOf(state: Record<string, Record<string, unknown>[]>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const kind of ["apps", "apiKeys", "segments", "templates"]) {
    out[kind] = [...(state[kind] ?? [])].sort((a, b) =>
      String(a.id ?? a.token_id).localeCompare(String(b.id ?? b.token_id)),
    );
  }
  return out;
}

/** The requests the emulator took since its counters were reset, other than reads. */
function writesTo(emu: RunningEmulator): string[] {
  return Object.entries(emu.counters().routes)
    .filter(([route, c]) => !route.startsWith("GET ") && c.count > 0)
    .map(([route, c]) => `${route} ×${c.count}`);
}

describe("pulumi-onesignal import, under the real engine", () => {
  let emu: RunningEmulator;
  let box: Sandbox;
  let stack: Stack;
  let org: SeededOrganization;
  let programDir: string;
  let before: Record<string, unknown[]>;
  let cli: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error("dist/ is missing: build first (npm run build)");
    // OneSignal's documented limits, enforced: a command that outpaced them would meet 429s.
    emu = await startEmulator({ rateLimits: "onesignal" });
    org = await seedOrganization(emu.url);
    before = contentOf(await adminState(emu.url));
    box = sandbox();
    programDir = path.join(box.dir, "generated");
    cli = await runCli(["import", "--out", programDir, "--project-name", "acme-onesignal"], {
      ONESIGNAL_API_URL: emu.url,
      ONESIGNAL_ORGANIZATION_API_KEY: emu.organizationApiKey,
      ONESIGNAL_ORGANIZATION_ID: emu.organizationId,
      ONESIGNAL_APP_API_KEYS: org.apps.map((a) => `${a.id}=${a.appKey}`).join(","),
    });
  }, 300_000);
  afterAll(async () => {
    await emu?.close();
    box?.cleanup();
  });

  const files = (): Record<string, string> => {
    const out: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name === "node_modules") continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else out[path.relative(programDir, p)] = fs.readFileSync(p, "utf8");
      }
    };
    walk(programDir);
    return out;
  };

  test("the command reads the organization without writing to it and reports what it left out", async () => {
    expect(cli.stderr).not.toMatch(/pulumi-onesignal import:/);
    expect(cli.code).toBe(0);
    process.stdout.write(`import of the seeded organization took ${cli.seconds.toFixed(1)} s\n`);
    expect(contentOf(await adminState(emu.url))).toEqual(before);
    const written = Object.keys(files()).sort();
    expect(written).toEqual(
      [
        "Pulumi.yaml",
        "README.md",
        "apps/acme-shop.ts",
        "apps/acme-web-production.ts",
        "apps/acme-web-staging.ts",
        "index.ts",
        "package.json",
        "tsconfig.json",
      ].sort(),
    );
    // The user-based segment and the built-in read-only ones are listed, never silently dropped.
    expect(cli.stderr).toContain(org.userBasedSegmentId);
    expect(cli.stderr).toMatch(/is user-based/);
    expect(cli.stderr.match(/read-only \(OneSignal's built-in\)/g)?.length).toBe(3);
    const readme = files()["README.md"]!;
    expect(readme).toContain(org.userBasedSegmentId);
    // No secret reaches the program or the output.
    for (const a of org.apps) {
      expect(cli.stderr + cli.stdout).not.toContain(a.appKey);
      for (const text of Object.values(files())) expect(text).not.toContain(a.appKey);
    }
    expect(cli.stderr + cli.stdout).not.toContain(emu.organizationApiKey);
  });

  test("the program holds one resource per object, each adopted by its id", () => {
    const text = Object.values(files()).join("\n");
    const count = (kind: string) => text.match(new RegExp(`new onesignal\\.${kind}\\(`, "g"))?.length ?? 0;
    expect(count("App")).toBe(3);
    expect(count("ApiKey")).toBe(org.keys);
    expect(count("Segment")).toBe(org.segments);
    expect(count("Template")).toBe(org.templates);
    for (const s of emu.state.list("segments")) {
      if (s.read_only || s.id === org.userBasedSegmentId)
        expect(text).not.toContain(`adoptExistingId: "${s.id}"`);
      else expect(text).toContain(`adoptExistingId: "${s.id}"`);
    }
    for (const t of emu.state.list("templates")) expect(text).toContain(`adoptExistingId: "${t.id}"`);
    for (const k of emu.state.list("apiKeys")) expect(text).toContain(`tokenId: "${k.token_id}"`);
  });

  test("the generated program type-checks against this build and is formatted as prettier formats it", async () => {
    linkNodeModules(programDir);
    const node = (args: string[]) =>
      new Promise<{ code: number; out: string }>((resolve) =>
        execFile(process.execPath, args, { cwd: programDir }, (err, stdout, stderr) =>
          resolve({ code: err ? 1 : 0, out: stdout + stderr }),
        ),
      );
    const tsc = await node([path.join(repoRoot, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", "."]);
    expect(tsc.out).toBe("");
    expect(tsc.code).toBe(0);
    const prettier = await node([
      path.join(repoRoot, "node_modules/prettier/bin/prettier.cjs"),
      "--no-config",
      "--list-different",
      ".",
    ]);
    expect(prettier.out).toBe("");
    expect(prettier.code).toBe(0);
  });

  test("installed against this build, `pulumi up` adopts everything and changes nothing in OneSignal; a second preview is empty", async () => {
    stack = await createOrSelectStack(programDir, "import", box.envVars);
    const config: Record<string, { value: string; secret?: boolean }> = {
      "onesignal:apiUrl": { value: emu.url },
      "onesignal:organizationId": { value: emu.organizationId },
      "onesignal:organizationApiKey": { value: emu.organizationApiKey, secret: true },
    };
    // Each module reads its app's key from the config key it names; map them back by app id.
    for (const [rel, text] of Object.entries(files())) {
      if (!rel.startsWith("apps/")) continue;
      const key = /config\.requireSecret\("([^"]+)"\)/.exec(text)?.[1];
      const appId = /new onesignal\.App\([\s\S]*?adoptExistingId: "([^"]+)"/.exec(text)?.[1];
      const app = org.apps.find((a) => a.id === appId);
      expect(key && app).toBeTruthy();
      config[`acme-onesignal:${key}`] = { value: app!.appKey, secret: true };
    }
    await stack.setAllConfig(config);
    const objects = 3 + org.keys + org.segments + org.templates;

    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ create: objects + 1 });

    emu.resetCounters();
    const up = await stack.up();
    // Every resource is a create step in the stack (adoption), the stack itself the one more.
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: objects + 1 });
    // Each object already holds what the program declares, so the adoption only read: not one
    // write reached OneSignal, and every object is as it was, to its updated_at.
    expect(writesTo(emu)).toEqual([]);
    expect(contentOf(await adminState(emu.url))).toEqual(before);

    const again = await stack.preview({ diff: true });
    expect(changeCounts(again.changeSummary)).toEqual({ same: objects + 1 });
  });

  test("changing one generated setting previews and applies exactly that change", async () => {
    const rel = "apps/acme-web-production.ts";
    const file = path.join(programDir, rel);
    const text = fs.readFileSync(file, "utf8");
    const from = '"https://acme.example/offers/3?utm_source=push"';
    expect(text.split(from).length).toBe(2);
    fs.writeFileSync(file, text.replace(from, '"https://acme.example/offers/3?utm_source=pulumi"'));
    const target = emu.state.list("templates").find((t) => t.name === "Prod push 3")!;
    const was = contentOf(await adminState(emu.url));

    const preview = await stack.preview({ diff: true });
    expect(changeCounts(preview.changeSummary)).toEqual({
      same: 3 + org.keys + org.segments + org.templates,
      update: 1,
    });
    expect(preview.stdout).toMatch(
      /~ url\s*:\s*"https:\/\/acme\.example\/offers\/3\?utm_source=push" => "https:\/\/acme\.example\/offers\/3\?utm_source=pulumi"/,
    );

    const up = await stack.up();
    expect(changeCounts(up.summary.resourceChanges)).toEqual({
      same: 3 + org.keys + org.segments + org.templates,
      update: 1,
    });
    const now = contentOf(await adminState(emu.url));
    const changed = (now.templates as { id: string; content: Record<string, unknown> }[]).find(
      (t) => t.id === target.id,
    )!;
    expect(changed.content.url).toBe("https://acme.example/offers/3?utm_source=pulumi");
    // Everything else, that template's other members included, is as it was.
    const expected = structuredClone(was);
    const tpl = (
      expected.templates as { id: string; updated_at: unknown; content: Record<string, unknown> }[]
    ).find((t) => t.id === target.id)!;
    tpl.content.url = "https://acme.example/offers/3?utm_source=pulumi";
    tpl.updated_at = (changed as unknown as { updated_at: unknown }).updated_at;
    expect(now).toEqual(expected);
  });
});
