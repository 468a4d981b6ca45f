#!/usr/bin/env node
/**
 * `onesignal-emulator` — runs the OneSignal API emulator until SIGINT/SIGTERM.
 *
 * Prints exactly one JSON line on stdout once listening:
 * `{"url":"http://127.0.0.1:PORT","organizationId":"…","organizationApiKey":"…"}`.
 */
import { parseArgs } from "node:util";
import { startEmulator, type EmulatorOptions, type FaultSpec, type RunningEmulator } from "./index";

export const USAGE = `Usage: onesignal-emulator [options]

  --host HOST                    interface to listen on (default 127.0.0.1)
  --port PORT                    port; 0 picks a free one (default 0)
  --organization-id UUID         primary organization id (default: random UUID v4)
  --organization-api-key KEY     primary organization API key (default: random os_v2_org_… token)
  --data FILE                    persist state to FILE (atomic writes; loaded at start)
  --rate-limits off|onesignal    rate limiting (default off); or a JSON object of per-family rules
  --latency-ms N                 fixed latency added to every OneSignal route (default 0)
  --sms-channel-case SMS|sms     channel value of SMS templates (default SMS)
  --copy-template-response resource|success   copy-to-app response body (default success)
  --max-body-bytes N             largest accepted request body (default 1048576)
  --app-list-limit N             GET /apps answers 400 above N apps in an organization (default 1000)
  --trust-client-ip-header       honour X-Emulator-Client-IP for IP allowlists (tests only)
  --accept-bearer                also accept "Authorization: Bearer <key>"
  --no-default-segments          do not create the "Subscribed Users" segment in new apps
  --fault JSON                   add a scripted fault (repeatable), e.g. '{"route":"segment","count":1,"kind":"status","status":503}'
  -h, --help                     show this help
`;

export class UsageError extends Error {}

function intOption(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`--${name} must be an integer >= ${min}`);
  return Number(value);
}

/** Parses argv (without `node script`) into emulator options and faults; throws UsageError. */
export function parseCli(argv: string[]): { help: boolean; options: EmulatorOptions; faults: FaultSpec[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        "organization-id": { type: "string" },
        "organization-api-key": { type: "string" },
        data: { type: "string" },
        "rate-limits": { type: "string" },
        "latency-ms": { type: "string" },
        "sms-channel-case": { type: "string" },
        "copy-template-response": { type: "string" },
        "max-body-bytes": { type: "string" },
        "app-list-limit": { type: "string" },
        "trust-client-ip-header": { type: "boolean" },
        "accept-bearer": { type: "boolean" },
        "no-default-segments": { type: "boolean" },
        fault: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const options: EmulatorOptions = {};
  if (v.host !== undefined) options.host = v.host;
  const port = intOption("port", v.port, 0);
  if (port !== undefined) {
    if (port > 65535) throw new UsageError("--port must be <= 65535");
    options.port = port;
  }
  if (v["organization-id"] !== undefined) options.organizationId = v["organization-id"];
  if (v["organization-api-key"] !== undefined) options.organizationApiKey = v["organization-api-key"];
  if (v.data !== undefined) options.dataFile = v.data;
  const rl = v["rate-limits"];
  if (rl !== undefined) {
    if (rl === "off" || rl === "onesignal") options.rateLimits = rl;
    else {
      try {
        options.rateLimits = JSON.parse(rl);
      } catch {
        throw new UsageError("--rate-limits must be off, onesignal, or a JSON object");
      }
    }
  }
  const latency = intOption("latency-ms", v["latency-ms"], 0);
  if (latency !== undefined) options.latencyMs = latency;
  const smsCase = v["sms-channel-case"];
  if (smsCase !== undefined) {
    if (smsCase !== "SMS" && smsCase !== "sms") throw new UsageError("--sms-channel-case must be SMS or sms");
    options.smsChannelCase = smsCase;
  }
  const copy = v["copy-template-response"];
  if (copy !== undefined) {
    if (copy !== "resource" && copy !== "success")
      throw new UsageError("--copy-template-response must be resource or success");
    options.copyTemplateResponse = copy;
  }
  const maxBody = intOption("max-body-bytes", v["max-body-bytes"], 1);
  if (maxBody !== undefined) options.maxBodyBytes = maxBody;
  const appListLimit = intOption("app-list-limit", v["app-list-limit"], 0);
  if (appListLimit !== undefined) options.appListLimit = appListLimit;
  if (v["trust-client-ip-header"]) options.trustClientIpHeader = true;
  if (v["accept-bearer"]) options.acceptBearer = true;
  if (v["no-default-segments"]) options.defaultSegments = false;
  const faults: FaultSpec[] = (v.fault ?? []).map((text) => {
    try {
      return JSON.parse(text) as FaultSpec;
    } catch {
      throw new UsageError(`--fault must be JSON: ${text}`);
    }
  });
  return { help: v.help === true, options, faults };
}

interface Io {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/**
 * Starts the emulator from argv. Resolves to the running emulator (or undefined after `--help`);
 * rejects with UsageError on bad flags. Signal handling is left to {@link runCli}.
 */
export async function main(
  argv: string[],
  io: Io = { stdout: (l) => process.stdout.write(l), stderr: (l) => process.stderr.write(l) },
): Promise<RunningEmulator | undefined> {
  const { help, options, faults } = parseCli(argv);
  if (help) {
    io.stdout(USAGE);
    return undefined;
  }
  const emu = await startEmulator(options);
  try {
    for (const f of faults) emu.faults.add(f);
  } catch (err) {
    await emu.close();
    throw new UsageError(`--fault: ${(err as Error).message}`);
  }
  io.stdout(
    `${JSON.stringify({ url: emu.url, organizationId: emu.organizationId, organizationApiKey: emu.organizationApiKey })}\n`,
  );
  return emu;
}

/** The process entry point: exit 2 on usage errors, 1 on start failures, 0 after SIGINT/SIGTERM. */
export async function runCli(argv: string[]): Promise<void> {
  let emu: RunningEmulator | undefined;
  try {
    emu = await main(argv);
  } catch (err) {
    process.stderr.write(`onesignal-emulator: ${(err as Error).message}\n`);
    if (err instanceof UsageError) process.stderr.write(USAGE);
    process.exitCode = err instanceof UsageError ? 2 : 1;
    return;
  }
  if (!emu) return;
  const running = emu;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`onesignal-emulator: error while stopping on ${signal}: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
  void runCli(process.argv.slice(2));
}
