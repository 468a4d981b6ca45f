import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";
import {
  createOrSelectStack,
  createSandbox,
  installPackage,
  linkDependencies,
  scratchDir,
  type Sandbox,
} from "../../../scripts/lib/engine";

// engineBin() throws when the engine is missing, and the tests let it: under CI=true as anywhere
// else a missing engine fails the suite with directions, it never skips it.
export {
  changeCounts,
  createOrSelectStack,
  engineBin,
  linkDependencies,
  pulumiCommand,
  repoRoot,
  runPulumi,
  type Sandbox,
} from "../../../scripts/lib/engine";

/**
 * Removes the developer's own OneSignal settings from this test process, so that they never reach
 * the programs, the CLI or the import command a test runs (each test passes the emulator's).
 */
export function clearOneSignalEnv(): void {
  for (const v of [
    "ONESIGNAL_ORGANIZATION_API_KEY",
    "ONESIGNAL_ORGANIZATION_ID",
    "ONESIGNAL_API_URL",
    "ONESIGNAL_APP_API_KEY",
    "ONESIGNAL_APP_API_KEYS",
  ])
    delete process.env[v];
}

/** A private backend, PULUMI_HOME and passphrase per test file: tests never share or leak state. */
export function sandbox(extraEnv: Record<string, string> = {}): Sandbox {
  return createSandbox(scratchDir("onesignal-e2e-"), "e2e-test-passphrase", extraEnv);
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
 * Gives a program directory a node_modules as users have it: the built package installed as a real
 * directory, and links to every other package of the repository's node_modules so nothing is
 * downloaded. Needs a fresh build (npm test builds first).
 */
export function linkNodeModules(programDir: string): void {
  const nm = path.join(programDir, "node_modules");
  if (fs.existsSync(nm)) return;
  linkDependencies(nm);
  installPackage(nm);
}

/** Creates a stack for a copy of a local program directory (it must hold Pulumi.yaml and package.json). */
export async function localStack(
  programDir: string,
  box: Sandbox,
  stackName = "e2e",
  env: Record<string, string> = {},
): Promise<Stack> {
  return createOrSelectStack(copyProgram(programDir, box), stackName, { ...box.envVars, ...env });
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

/** An emulator, a sandbox and a stack of one test program, configured to reach that emulator. */
export interface EmulatorStack {
  emu: RunningEmulator;
  box: Sandbox;
  stack: Stack;
}

/**
 * Starts an emulator and a sandbox, creates a stack for a copy of `programDir`, and sets the
 * provider config that points it at the emulator with its organization (the key as a secret), plus
 * `config`. If any step fails, what was started is stopped before the error is rethrown, so a
 * failed `beforeAll` leaves no server behind. Stop it with {@link stopEmulatorStack}.
 */
export async function startEmulatorStack(
  programDir: string,
  stackName: string,
  options: { emulator?: EmulatorOptions; config?: ConfigMap } = {},
): Promise<EmulatorStack> {
  const emu = await startEmulator(options.emulator);
  let box: Sandbox | undefined;
  try {
    box = sandbox();
    const stack = await localStack(programDir, box, stackName);
    await stack.setAllConfig({
      "onesignal:apiUrl": { value: emu.url },
      "onesignal:organizationId": { value: emu.organizationId },
      "onesignal:organizationApiKey": { value: emu.organizationApiKey, secret: true },
      ...options.config,
    });
    return { emu, box, stack };
  } catch (err) {
    await stopEmulatorStack({ emu, box });
    throw err;
  }
}

/** Stops what {@link startEmulatorStack} started; either part may be missing (a failed start). */
export async function stopEmulatorStack(s: { emu?: RunningEmulator; box?: Sandbox }): Promise<void> {
  await s.emu?.close();
  s.box?.cleanup();
}
