/**
 * Drives the project's local Pulumi engine for the end-to-end tests, the benchmark and the demo:
 * where the engine is, the offline, isolated environment it runs in (a file backend, a private
 * PULUMI_HOME, a fixed passphrase, no update checks or plugin downloads), program directories whose
 * node_modules resolve from the repository's, Automation API stacks on the project's own CLI, and
 * single `pulumi` commands run as a user or CI runs them.
 *
 * It lives under scripts/ so that tsconfig.scripts.json builds it into build/ for `npm run bench` and
 * `npm run demo`, while ts-jest compiles it from source for tests/e2e. It is not part of the package
 * (tsconfig.build.json covers sdk, provider and emulator only), so nothing here reaches dist/.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  LocalWorkspace,
  PulumiCommand,
  type LocalWorkspaceOptions,
  type Stack,
} from "@pulumi/pulumi/automation";
import { findRepoRoot } from "./root";

export const repoRoot = findRepoRoot(__dirname);

/** What scripts/bootstrap-engine.sh puts in .tools/pulumi/bin; the engine needs all three. */
export const ENGINE_FILES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"] as const;

/** The engine is not installed: `missing` names the files absent from `bin`. */
export class EngineMissingError extends Error {
  constructor(
    readonly bin: string,
    readonly missing: string[],
  ) {
    super(
      `Pulumi engine not found: ${missing.join(", ")} missing from ${bin}. ` +
        `Run "npm run bootstrap" (uses a pulumi >= 3.274.1 on PATH, or builds one from Pulumi's Go modules with Go >= 1.26), ` +
        `or go through the npm scripts ("npm test", "npm run test:e2e", "npm run bench", "npm run demo"), which bootstrap first.`,
    );
    this.name = "EngineMissingError";
  }
}

/**
 * The engine's bin directory: scripts/with-tools.sh exports PULUMI_ONESIGNAL_ENGINE_BIN; a direct
 * run (jest, node build/scripts/…) falls back to the bootstrap's folder. Throws EngineMissingError
 * rather than returning something callers could skip on: a missing engine is always a failure.
 */
export function engineBin(): string {
  const bin = process.env.PULUMI_ONESIGNAL_ENGINE_BIN ?? path.join(repoRoot, ".tools/pulumi/bin");
  const missing = ENGINE_FILES.filter((f) => !fs.existsSync(path.join(bin, f)));
  if (missing.length > 0) throw new EngineMissingError(bin, missing);
  return bin;
}

let command: Promise<PulumiCommand> | undefined;

/**
 * The Automation API's handle on the project's CLI, made once per process (each `get` runs
 * `pulumi version`). The version check is skipped: the engine is built from source and may be
 * newer than the SDK knows.
 */
export function pulumiCommand(): Promise<PulumiCommand> {
  command ??= PulumiCommand.get({ root: path.dirname(engineBin()), skipVersionCheck: true });
  return command;
}

/** Where an engine's state and settings go; see engineEnv. */
export interface EngineLocation {
  /** The file backend's directory (PULUMI_BACKEND_URL=file://…). */
  stateDir: string;
  /** PULUMI_HOME: plugins, workspaces and credentials, never the user's ~/.pulumi. */
  home: string;
  /** Encrypts the stacks' secrets (the passphrase provider: no Pulumi Cloud account involved). */
  passphrase: string;
}

/** The environment of every engine run: a file backend, a private home, offline. */
export function engineEnv(
  where: EngineLocation,
  extraEnv: Record<string, string> = {},
): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${where.stateDir}`,
    PULUMI_HOME: where.home,
    PULUMI_CONFIG_PASSPHRASE: where.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    ...extraEnv,
  };
}

/** A private backend and PULUMI_HOME under one directory: runs never share or leak state. */
export interface Sandbox {
  dir: string;
  backendUrl: string;
  envVars: Record<string, string>;
  cleanup(): void;
}

/** Makes `dir` (if need be) a sandbox: `state/` is the file backend, `home/` the PULUMI_HOME. */
export function createSandbox(
  dir: string,
  passphrase: string,
  extraEnv: Record<string, string> = {},
): Sandbox {
  const stateDir = path.join(dir, "state");
  const home = path.join(dir, "home");
  fs.mkdirSync(stateDir, { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  const envVars = engineEnv({ stateDir, home, passphrase }, extraEnv);
  return {
    dir,
    backendUrl: envVars.PULUMI_BACKEND_URL!,
    envVars,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A fresh directory under the OS temp dir, by its real path: the engine and Node report real paths
 * (source positions in state, process cwd), which then compare equal to ours.
 */
export function scratchDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/**
 * An installed `@pulumi/pulumi` package directory other than the repository's, for running the
 * end-to-end programs against another SDK release of the peer range (README, Install): set
 * PULUMI_ONESIGNAL_TEST_SDK to `<dir>/node_modules/@pulumi/pulumi` after
 * `npm install --prefix <dir> @pulumi/pulumi@<version>`. Only the programs use it; the test
 * process and its Automation API keep the repository's.
 */
export function testSdkDir(): string | undefined {
  const dir = process.env.PULUMI_ONESIGNAL_TEST_SDK;
  if (!dir) return undefined;
  if (!fs.existsSync(path.join(dir, "cmd/dynamic-provider/index.js")))
    throw new Error(`PULUMI_ONESIGNAL_TEST_SDK=${dir} is not an installed @pulumi/pulumi package`);
  return dir;
}

/**
 * Fills the node_modules directory `nm` with every package of the repository's node_modules, as
 * symlinks (nothing is downloaded or installed), except the package itself, which each caller puts
 * there its own way (installPackage, a link, an unpacked tarball). `@pulumi/pulumi`, the package's
 * peer dependency, lands beside it as npm puts a peer: programs and package share one SDK copy.
 * Packages named in `copy` are copied instead of linked, for when a package must be seen at its
 * path under `nm`. With PULUMI_ONESIGNAL_TEST_SDK set (testSdkDir), `@pulumi/pulumi` links there.
 */
export function linkDependencies(nm: string, copy: readonly string[] = []): void {
  fs.mkdirSync(nm, { recursive: true });
  const from = path.join(repoRoot, "node_modules");
  const sdk = testSdkDir();
  for (const entry of fs.readdirSync(from)) {
    if (entry.startsWith(".") || entry === "pulumi-onesignal") continue;
    if (copy.includes(entry)) fs.cpSync(path.join(from, entry), path.join(nm, entry), { recursive: true });
    else if (entry === "@pulumi" && sdk) {
      fs.mkdirSync(path.join(nm, entry));
      for (const member of fs.readdirSync(path.join(from, entry)))
        fs.symlinkSync(
          member === "pulumi" ? sdk : path.join(from, entry, member),
          path.join(nm, entry, member),
          "dir",
        );
    } else fs.symlinkSync(path.join(from, entry), path.join(nm, entry), "dir");
  }
}

/**
 * Installs the built package into `nm` as npm does for users: a real directory holding
 * package.json, README.md and dist/ (the part of what `npm pack` ships that programs load; the
 * docs and examples are left out), so the closure serializer sees it under node_modules and writes
 * the providers as a require() of the installed package. Its peer `@pulumi/pulumi` must be beside
 * it in `nm` (linkDependencies puts it there). `packageDir` must be built (dist/); dist/scripts and
 * dist/tests, left by builds of other layouts, are not shipped.
 */
export function installPackage(nm: string, packageDir: string = repoRoot): string {
  const pkg = path.join(nm, "pulumi-onesignal");
  fs.mkdirSync(pkg, { recursive: true });
  fs.copyFileSync(path.join(packageDir, "package.json"), path.join(pkg, "package.json"));
  if (fs.existsSync(path.join(packageDir, "README.md")))
    fs.copyFileSync(path.join(packageDir, "README.md"), path.join(pkg, "README.md"));
  fs.cpSync(path.join(packageDir, "dist"), path.join(pkg, "dist"), {
    recursive: true,
    filter: (src) => !/[\\/]dist[\\/](scripts|tests)([\\/]|$)/.test(src),
  });
  return pkg;
}

/** Automation API options for the project's CLI in the given environment (engineEnv's). */
export async function workspaceOptions(envVars: Record<string, string>): Promise<LocalWorkspaceOptions> {
  return { pulumiHome: envVars.PULUMI_HOME, envVars, pulumiCommand: await pulumiCommand() };
}

/** Creates or selects a stack of the program in `workDir` (it must hold Pulumi.yaml and package.json). */
export async function createOrSelectStack(
  workDir: string,
  stackName: string,
  envVars: Record<string, string>,
): Promise<Stack> {
  return LocalWorkspace.createOrSelectStack({ stackName, workDir }, await workspaceOptions(envVars));
}

/** The engine's own count of planned or applied operations, from the JSON summary, zeros dropped. */
export function changeCounts(summary: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(summary ?? {})) if (v) out[k] = v;
  return out;
}

export interface PulumiRun {
  /** Wall time of the `pulumi` process alone. */
  seconds: number;
  /** The exit code; -1 when the process ended by a signal. */
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
}

export interface PulumiRunOptions {
  cwd: string;
  /** Added to this process's environment (engineEnv's, a stack's workspace.envVars). */
  env: Record<string, string>;
  /** Its own process group, so that a test can kill the CLI and its plugins together. */
  detached?: boolean;
  onSpawn?: (pid: number) => void;
  /** SIGINT after this long (the CLI then cancels cleanly), so a hung engine cannot hang the caller. */
  timeoutMs?: number;
}

/**
 * Runs one `pulumi` command as a user or CI does (`pulumi up --yes --skip-preview`, …), with the
 * engine first on PATH (it finds its language host and provider shim there), non-interactive and
 * without colour codes in the captured output.
 */
export function runPulumi(args: string[], opts: PulumiRunOptions): Promise<PulumiRun> {
  const bin = engineBin();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color", "never"], {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
      detached: opts.detached ?? false,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => (out.push(b), all.push(b)));
    child.stderr.on("data", (b: Buffer) => (err.push(b), all.push(b)));
    const timer = setTimeout(() => child.kill("SIGINT"), opts.timeoutMs ?? 15 * 60 * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        seconds: (performance.now() - started) / 1000,
        code: code ?? -1,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        output: Buffer.concat(all).toString("utf8"),
      });
    });
  });
}
