/**
 * Engine plumbing for the benchmark: a private backend + PULUMI_HOME per run, program directories
 * with a node_modules of links, and Automation API stacks on the project's own CLI.
 *
 * Deliberately a small duplicate of tests/e2e/helpers/engine.ts (tests/ is not part of the build,
 * so build/scripts/bench.js cannot import it). Keep the two in step; see the bench report.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { findRepoRoot } from "../lib/root";

export { findRepoRoot };

export const repoRoot = findRepoRoot(__dirname);

export function engineBin(): string {
  const bin = process.env.PULUMI_ONESIGNAL_ENGINE_BIN ?? path.join(repoRoot, ".tools/pulumi/bin");
  const needed = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];
  const missing = needed.filter((f) => !fs.existsSync(path.join(bin, f)));
  if (missing.length > 0) {
    throw new Error(
      `Pulumi engine not found: ${missing.join(", ")} missing from ${bin}. Run "npm run bench" ` +
        `(it bootstraps through scripts/with-tools.sh) or "npm run bootstrap" first.`,
    );
  }
  return bin;
}

let cmd: Promise<PulumiCommand> | undefined;
export function pulumiCommand(): Promise<PulumiCommand> {
  cmd ??= PulumiCommand.get({ root: path.dirname(engineBin()), skipVersionCheck: true });
  return cmd;
}

export interface Sandbox {
  dir: string;
  envVars: Record<string, string>;
  cleanup(): void;
}

/** A private file backend, PULUMI_HOME and passphrase: runs never share state. */
export function sandbox(root: string, name: string, extraEnv: Record<string, string> = {}): Sandbox {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, "state"), { recursive: true });
  fs.mkdirSync(path.join(dir, "home"), { recursive: true });
  const envVars: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: "bench-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ...extraEnv,
  };
  return { dir, envVars, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A scratch root for one bench run (removed at the end unless --keep). */
export function scratchRoot(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "onesignal-bench-")));
}

/**
 * A shared node_modules for every program of the run, under the scratch root: links to each entry
 * of the repository's node_modules, plus `pulumi-onesignal` either
 * - installed (default): a real directory holding package.json, README.md and dist/ (what npm puts
 *   in a user's node_modules; the closure serializer then sees the package under `node_modules`,
 *   and resource source positions in state are `node_modules/pulumi-onesignal/...`), or
 * - linked (`link: true`): a symlink to the repository, as tests/e2e does (`npm link`).
 * The package's own dependencies resolve from the shared node_modules, so there is a single
 * @pulumi/pulumi in every process. When installed, @pulumi/pulumi is copied too (16 MB): the closure
 * serializer resolves packages it captures by reference from its own location, which in a user's
 * install is next to pulumi-onesignal; a link into the repository's node_modules would not be.
 */
export function sharedNodeModules(
  root: string,
  link: boolean,
  packageDir: string = repoRoot,
  extraPackages: Record<string, Record<string, string>> = {},
): string {
  const nm = path.join(root, "node_modules");
  fs.mkdirSync(nm, { recursive: true });
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry.startsWith(".") || entry === "pulumi-onesignal") continue;
    if (entry === "@pulumi" && !link) {
      fs.cpSync(path.join(repoRoot, "node_modules/@pulumi"), path.join(nm, "@pulumi"), { recursive: true });
      continue;
    }
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(nm, entry), "dir");
  }
  const pkg = path.join(nm, "pulumi-onesignal");
  if (link) {
    fs.symlinkSync(packageDir, pkg, "dir");
  } else {
    fs.mkdirSync(pkg);
    fs.copyFileSync(path.join(packageDir, "package.json"), path.join(pkg, "package.json"));
    if (fs.existsSync(path.join(packageDir, "README.md")))
      fs.copyFileSync(path.join(packageDir, "README.md"), path.join(pkg, "README.md"));
    fs.cpSync(path.join(packageDir, "dist"), path.join(pkg, "dist"), {
      recursive: true,
      filter: (src) => !/[\\/]dist[\\/](scripts|tests)([\\/]|$)/.test(src),
    });
  }
  for (const [name, files] of Object.entries(extraPackages)) {
    fs.mkdirSync(path.join(nm, name));
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(nm, name, f), text);
  }
  return nm;
}

/**
 * Writes a program directory: the given files plus a node_modules of links to every entry of the
 * shared node_modules. The package.json is required: without one the Node SDK resolves the
 * repository's.
 */
export function writeProgram(dir: string, files: Record<string, string>, sharedNm: string): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const nm = path.join(dir, "node_modules");
  if (!fs.existsSync(nm)) {
    fs.mkdirSync(nm);
    for (const entry of fs.readdirSync(sharedNm)) {
      const target = fs.realpathSync(path.join(sharedNm, entry));
      // the installed package is linked by its node_modules path, not its real path, so that it is
      // still seen under node_modules (its real path already is, when installed)
      fs.symlinkSync(
        entry === "pulumi-onesignal" ? path.join(sharedNm, entry) : target,
        path.join(nm, entry),
        "dir",
      );
    }
  }
  return fs.realpathSync(dir);
}

export async function localStack(workDir: string, box: Sandbox, stackName: string): Promise<Stack> {
  return LocalWorkspace.createOrSelectStack(
    { stackName, workDir },
    { pulumiHome: box.envVars.PULUMI_HOME, envVars: box.envVars, pulumiCommand: await pulumiCommand() },
  );
}

/** The engine's own counts of planned or applied operations, zeros dropped. */
export function changeCounts(summary: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(summary ?? {})) if (v) out[k] = v;
  return out;
}
