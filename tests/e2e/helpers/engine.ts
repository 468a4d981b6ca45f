import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";

export const repoRoot = path.resolve(__dirname, "../../..");

/**
 * Where the engine is: scripts/with-tools.sh exports PULUMI_ONESIGNAL_ENGINE_BIN; a direct jest run
 * falls back to the bootstrap's folder. A missing engine is a failure with directions, never a skip.
 */
export function engineBin(): string {
  const bin = process.env.PULUMI_ONESIGNAL_ENGINE_BIN ?? path.join(repoRoot, ".tools/pulumi/bin");
  const needed = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];
  const missing = needed.filter((f) => !fs.existsSync(path.join(bin, f)));
  if (missing.length > 0) {
    throw new Error(
      `Pulumi engine not found: ${missing.join(", ")} missing from ${bin}. ` +
        `Run "npm run bootstrap" (uses a pulumi >= 3.259 on PATH, or builds one from Pulumi's Go modules with Go >= 1.26), ` +
        `or run the tests through "npm test" / "npm run test:e2e", which bootstrap first.`,
    );
  }
  return bin;
}

export async function pulumiCommand(): Promise<PulumiCommand> {
  return PulumiCommand.get({ root: path.dirname(engineBin()), skipVersionCheck: true });
}

/** A private backend, PULUMI_HOME and passphrase per test file: tests never share or leak state. */
export interface Sandbox {
  dir: string;
  backendUrl: string;
  envVars: Record<string, string>;
  cleanup(): void;
}

export function sandbox(extraEnv: Record<string, string> = {}): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "onesignal-e2e-"));
  fs.mkdirSync(path.join(dir, "state"));
  fs.mkdirSync(path.join(dir, "home"));
  const backendUrl = `file://${path.join(dir, "state")}`;
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: backendUrl,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: "e2e-test-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ...extraEnv,
  };
  return {
    dir,
    backendUrl,
    envVars,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Copies a program into the sandbox, so that stack config files written by the engine never land in
 * the repository, and links the repository's node_modules so the program resolves its packages.
 */
export function copyProgram(programDir: string, box: Sandbox, name = path.basename(programDir)): string {
  const dest = path.join(box.dir, "programs", name);
  fs.cpSync(programDir, dest, {
    recursive: true,
    filter: (src) => !/(^|[\\/])(node_modules|Pulumi\.[^\\/]+\.yaml)$/.test(src),
  });
  linkNodeModules(dest);
  return dest;
}

/**
 * Gives a program directory a node_modules as users have it: the built package copied in as a real
 * directory (package.json + dist/, what `npm pack` ships), so the serializer writes its providers as a
 * require() of the installed package, and links to every other package of the repository's
 * node_modules so nothing is downloaded. Needs a fresh build (npm test builds first).
 */
export function linkNodeModules(programDir: string): void {
  const nm = path.join(programDir, "node_modules");
  if (fs.existsSync(nm)) return;
  fs.mkdirSync(nm);
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry.startsWith(".") || entry === "pulumi-onesignal") continue;
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(nm, entry), "dir");
  }
  const pkg = path.join(nm, "pulumi-onesignal");
  fs.mkdirSync(pkg);
  fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(pkg, "package.json"));
  fs.cpSync(path.join(repoRoot, "dist"), path.join(pkg, "dist"), { recursive: true });
}

/** Creates a stack for a copy of a local program directory (it must hold Pulumi.yaml and package.json). */
export async function localStack(
  programDir: string,
  box: Sandbox,
  stackName = "e2e",
  env: Record<string, string> = {},
): Promise<Stack> {
  const workDir = copyProgram(programDir, box);
  const pulumiCmd = await pulumiCommand();
  const envVars = { ...box.envVars, ...env };
  return LocalWorkspace.createOrSelectStack(
    { stackName, workDir },
    { pulumiHome: envVars.PULUMI_HOME, envVars, pulumiCommand: pulumiCmd },
  );
}

/** The engine's own count of planned or applied operations, from the JSON summary. */
export function changeCounts(summary: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(summary ?? {})) if (v) out[k] = v;
  return out;
}

/**
 * Everything the file backend has written (checkpoints, history, backups), as stored on disk.
 * Secret scans must read this, not Automation's exportStack(), which runs `stack export --show-secrets`.
 */
export function backendText(box: Sandbox): string {
  const parts: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) parts.push(fs.readFileSync(p, "utf8"));
    }
  };
  walk(path.join(box.dir, "state"));
  return parts.join("\n");
}
