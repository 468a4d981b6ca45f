/**
 * `npm run demo`: preview and apply the quickstart (the repository's root Pulumi.yaml program) on an
 * isolated local stack, then show that a second preview is empty.
 *
 * - No OneSignal credentials configured: runs against the embedded emulator, whose state is saved
 *   in .pulumi-local/demo/emulator.json so that later runs (and `--destroy`) see the same objects.
 * - ONESIGNAL_ORGANIZATION_API_KEY and ONESIGNAL_ORGANIZATION_ID set (or `onesignal:*` config on the
 *   `onesignal` demo stack): runs against OneSignal itself, after saying so.
 *
 * Flags: `--destroy` destroys the demo stack; `--reset` (emulator only) forgets the demo entirely.
 * Everything lives under .pulumi-local/demo/ (file backend, fixed passphrase below); nothing touches
 * ~/.pulumi or a Pulumi Cloud account.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CommandError,
  LocalWorkspace,
  OutputMap,
  PulumiCommand,
  Stack,
  type LocalWorkspaceOptions,
} from "@pulumi/pulumi/automation";
import { startEmulator } from "../emulator";
import { EngineMissingError, engineEnv, pulumiCommand, repoRoot, workspaceOptions } from "./lib/engine";

/** The passphrase of the demo stacks' secrets (they hold only emulator keys, or yours: see README). */
export const DEMO_PASSPHRASE = "pulumi-onesignal-demo";

const root = repoRoot;
const demoDir = path.join(root, ".pulumi-local/demo");
const stateDir = path.join(demoDir, "state");
const emulatorData = path.join(demoDir, "emulator.json");
const CREDENTIAL_ENV = ["ONESIGNAL_ORGANIZATION_API_KEY", "ONESIGNAL_ORGANIZATION_ID"] as const;

type Mode = "emulator" | "onesignal";
const STACK: Record<Mode, string> = { emulator: "demo", onesignal: "onesignal" };

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const step = (s: string) => console.log(`\n${bold(`==> ${s}`)}`);

/** A failure the user can act on: what failed, and what to do. */
class DemoError extends Error {
  constructor(
    readonly what: string,
    readonly todo: string,
    readonly detail?: string,
  ) {
    super(what);
  }
}

/** The project's CLI; a missing engine becomes directions for the demo's user. */
async function demoCommand(): Promise<PulumiCommand> {
  try {
    return await pulumiCommand();
  } catch (err) {
    if (!(err instanceof EngineMissingError)) throw err;
    throw new DemoError(
      `the Pulumi engine is not installed (${err.missing.join(", ")} missing from ${err.bin})`,
      'run "npm run bootstrap", then "npm run demo" again',
    );
  }
}

/**
 * The quickstart imports `pulumi-onesignal` by name, and the engine's provider process loads
 * `pulumi-onesignal/runtime` from the program directory, exactly as in a user's project. Inside
 * this repository the package is the repository itself: link it into node_modules.
 */
function linkPackage(): void {
  const link = path.join(root, "node_modules/pulumi-onesignal");
  const stat = fs.lstatSync(link, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink() && path.resolve(path.dirname(link), fs.readlinkSync(link)) === root) return;
  if (stat) fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync("..", link, "dir");
  if (!fs.existsSync(path.join(root, "dist/provider/runtime.js"))) {
    throw new DemoError(
      "the package is not built (dist/provider/runtime.js is missing)",
      'run "npm run build"',
    );
  }
}

/** The demo's engine: its own file backend, the home scripts/with-tools.sh sets up, a fixed passphrase. */
function demoWorkspaceOptions(): Promise<LocalWorkspaceOptions> {
  const home = process.env.PULUMI_HOME ?? path.join(root, ".pulumi-local/home");
  fs.mkdirSync(stateDir, { recursive: true });
  fs.mkdirSync(path.join(demoDir, "config"), { recursive: true }); // Pulumi.yaml's stackConfigDir
  fs.mkdirSync(home, { recursive: true });
  return workspaceOptions(engineEnv({ stateDir, home, passphrase: DEMO_PASSPHRASE }));
}

/** Real OneSignal when credentials are in the environment or in the `onesignal` stack's config. */
async function chooseMode(opts: LocalWorkspaceOptions): Promise<{ mode: Mode; why: string }> {
  const set = CREDENTIAL_ENV.filter((v) => process.env[v]);
  if (set.length === CREDENTIAL_ENV.length) {
    return { mode: "onesignal", why: `${CREDENTIAL_ENV.join(" and ")} are set` };
  }
  if (set.length > 0) {
    console.log(
      `note: only ${set.join(", ")} is set; OneSignal needs both ${CREDENTIAL_ENV.join(" and ")}. Using the emulator.`,
    );
  }
  const ws = await LocalWorkspace.create({ ...opts, workDir: root });
  if ((await ws.listStacks()).some((s) => s.name === STACK.onesignal)) {
    const config = await ws.getAllConfig(STACK.onesignal);
    if (config["onesignal:organizationApiKey"] && config["onesignal:organizationId"]) {
      return {
        mode: "onesignal",
        why: `the "${STACK.onesignal}" demo stack has onesignal:* credentials in its config`,
      };
    }
  }
  return { mode: "emulator", why: "no OneSignal credentials are configured" };
}

/** Runs one engine operation; an engine failure becomes a DemoError naming the operation. */
async function engine<T>(what: string, todo: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof CommandError) {
      // The engine's output was streamed above; repeat only its error lines.
      const lines = err.message.split("\n").filter((l) => /^\s*error:/.test(l));
      const detail = [...new Set(lines.map((l) => l.trim()))].join("\n");
      throw new DemoError(
        `pulumi ${what} failed (the engine's messages are above)`,
        todo,
        detail || undefined,
      );
    }
    throw err;
  }
}

const onOutput = (out: string) => process.stdout.write(out);

function countsText(summary: Record<string, number> | undefined): string {
  const parts = Object.entries(summary ?? {})
    .filter(([, n]) => n)
    .map(([op, n]) => `${n} ${op}`);
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

function show(value: unknown, secret: boolean): string {
  if (secret) return "[secret]";
  return typeof value === "string" ? value : JSON.stringify(value);
}

async function printStack(stack: Stack, outputs: OutputMap): Promise<void> {
  const state = await stack.exportStack();
  const resources = (
    (state.deployment.resources ?? []) as { type: string; urn: string; id?: string }[]
  ).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  step(`Resources (${resources.length})`);
  for (const r of resources) {
    const kind = r.type.replace("pulumi-nodejs:dynamic/onesignal:", "onesignal.");
    console.log(`  ${kind.padEnd(20)} ${r.urn.split("::").pop()!.padEnd(16)} ${r.id ?? ""}`);
  }
  step("Outputs (secrets masked)");
  for (const [name, o] of Object.entries(outputs))
    console.log(`  ${name.padEnd(12)} ${show(o.value, o.secret)}`);
}

/** A pulumi command line for the demo stack, with the demo's backend and passphrase. */
function cli(mode: Mode, args: string): string {
  const env = `PULUMI_BACKEND_URL=file://${stateDir} PULUMI_CONFIG_PASSPHRASE=${DEMO_PASSPHRASE} PULUMI_ONESIGNAL_NO_BOOTSTRAP=1`;
  return `env ${env} bash scripts/with-tools.sh pulumi ${args} --stack ${STACK[mode]}`;
}

async function main(argv: string[]): Promise<void> {
  const destroy = argv.includes("--destroy");
  const reset = argv.includes("--reset");
  const unknown = argv.filter((a) => !["--destroy", "--reset"].includes(a));
  if (unknown.length > 0)
    throw new DemoError(`unknown argument ${unknown.join(" ")}`, "use --destroy or --reset");

  step("Checking the toolchain");
  const command = await demoCommand();
  console.log(`  Pulumi CLI ${command.version ?? "(version unknown)"}, Node ${process.version}`);
  linkPackage();

  const baseOpts = await demoWorkspaceOptions();
  const { mode, why } = await chooseMode(baseOpts);

  if (reset) {
    if (mode !== "emulator") {
      throw new DemoError(
        "--reset only forgets the emulator demo",
        "use --destroy to delete what the demo made in OneSignal",
      );
    }
    fs.rmSync(demoDir, { recursive: true, force: true });
    console.log(`  removed ${path.relative(root, demoDir)}: the next "npm run demo" starts from scratch`);
    return;
  }

  let closeEmulator: (() => Promise<void>) | undefined;
  try {
    if (mode === "onesignal") {
      step(
        `Targeting the OneSignal API at ${process.env.ONESIGNAL_API_URL ?? "https://api.onesignal.com"}: ${why}`,
      );
      console.log(
        "  This creates a real app (OneSignal cannot delete apps: `--destroy` leaves it in your organization).",
      );
    } else {
      step(`Starting the embedded OneSignal emulator: ${why}`);
      // The org key is reused across runs (kept in the stack config, encrypted) so that the saved
      // emulator state and the stack keep matching.
      for (const v of [...CREDENTIAL_ENV, "ONESIGNAL_API_URL", "ONESIGNAL_APP_API_KEY"])
        delete process.env[v];
    }

    const ws = await LocalWorkspace.create({ ...baseOpts, workDir: root });
    const stackName = STACK[mode];
    const exists = (await ws.listStacks()).some((s) => s.name === stackName);
    if (destroy && !exists) {
      console.log(`  There is no "${stackName}" demo stack: nothing to destroy.`);
      return;
    }
    const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: root }, baseOpts);

    if (mode === "emulator") {
      const saved = exists ? await stack.getAllConfig() : {};
      // The same address every run: `destroy` does not run the program, so the engine configures
      // the provider from the settings stored in state at the last `up`, old URL included.
      const savedPort = Number(/:(\d+)$/.exec(saved["onesignal:apiUrl"]?.value ?? "")?.[1] ?? 0);
      const start = (port: number) =>
        startEmulator({
          port,
          dataFile: emulatorData,
          organizationId: saved["onesignal:organizationId"]?.value,
          organizationApiKey: saved["onesignal:organizationApiKey"]?.value,
        });
      let emu: Awaited<ReturnType<typeof startEmulator>>;
      try {
        emu = await start(savedPort);
      } catch (err) {
        if (destroy || savedPort === 0) {
          throw new DemoError(
            `could not start the emulator on port ${savedPort}, where the demo stack expects it: ${(err as Error).message}`,
            `free port ${savedPort} and run "npm run demo -- --destroy" again (or "npm run demo -- --reset" to forget the demo)`,
          );
        }
        console.log(`  port ${savedPort} is busy; using another one (the next up re-points the stack)`);
        emu = await start(0);
      }
      closeEmulator = () => emu.close();
      console.log(`  listening on ${emu.url}; state saved in ${path.relative(root, emulatorData)}`);
      await stack.setAllConfig({
        "onesignal:apiUrl": { value: emu.url },
        "onesignal:organizationId": { value: emu.organizationId },
        "onesignal:organizationApiKey": { value: emu.organizationApiKey, secret: true },
      });
    }
    console.log(
      `  stack "${stackName}", file backend ${path.relative(root, stateDir)}, passphrase "${DEMO_PASSPHRASE}"`,
    );

    if (destroy) {
      step(`Destroying the "${stackName}" demo stack`);
      const result = await engine(
        "destroy",
        "fix the cause above and run `npm run demo -- --destroy` again",
        () => stack.destroy({ onOutput }),
      );
      console.log(`\n  destroyed: ${countsText(result.summary.resourceChanges)}`);
      if (mode === "emulator") console.log('  "npm run demo -- --reset" forgets the emulator state too.');
      return;
    }

    const problems =
      mode === "onesignal"
        ? "check the credentials (an organization API key, not an app key: see README, Troubleshooting)"
        : 'this is a bug in the demo or the package: please report it with the output above; "npm run demo -- --reset" starts over';

    step("pulumi preview");
    const preview = await engine("preview", problems, () => stack.preview({ onOutput, diff: false }));
    console.log(`\n  planned: ${countsText(preview.changeSummary)}`);

    step("pulumi up");
    const up = await engine("up", problems, () => stack.up({ onOutput }));
    console.log(`\n  applied: ${countsText(up.summary.resourceChanges)}`);
    await printStack(stack, up.outputs);

    step("pulumi preview again: it must plan no changes");
    const again = await engine("preview", problems, () => stack.preview({ onOutput }));
    const changed = Object.entries(again.changeSummary ?? {}).filter(([op, n]) => op !== "same" && n);
    if (changed.length > 0) {
      throw new DemoError(
        `the second preview planned changes (${countsText(again.changeSummary)}): the stack does not converge`,
        "report it with the output above; this is a bug in pulumi-onesignal",
      );
    }
    console.log(`\n  no changes (${countsText(again.changeSummary)})`);

    step("Next");
    console.log(`  Inspect the stack:  ${cli(mode, "stack --show-ids")}`);
    console.log(`  Show the app key:   ${cli(mode, "stack output appApiKey --show-secrets")}`);
    console.log("  Destroy it:         npm run demo -- --destroy");
    if (mode === "emulator") {
      console.log(
        "  The emulator stops with the demo; its state stays in .pulumi-local/demo/emulator.json, so",
      );
      console.log(
        "  the next run and --destroy pick up the same objects. Forget everything: npm run demo -- --reset",
      );
      console.log(
        "  Against OneSignal: export ONESIGNAL_ORGANIZATION_API_KEY and ONESIGNAL_ORGANIZATION_ID, run npm run demo.",
      );
    } else {
      console.log(
        "  Destroy deletes the key, segments and templates; the app stays (delete it in the dashboard).",
      );
    }
  } finally {
    if (closeEmulator) await closeEmulator();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof DemoError) {
        if (err.detail) console.error(`\n${err.detail}`);
        console.error(`\n${bold("demo failed:")} ${err.what}\n${bold("what to do:")} ${err.todo}`);
      } else {
        console.error(
          `\n${bold("demo failed:")} ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        console.error(`${bold("what to do:")} this is unexpected; please report it with the output above`);
      }
      process.exit(1);
    },
  );
}
