/**
 * Test helpers for the resource handlers: contexts over the real client (pointed at an emulator)
 * or over a client that fails the test if any HTTP call is attempted.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { OneSignalClient, type OneSignalClientOptions } from "../../provider/client";
import type { OneSignalApi } from "../../provider/resources/api";
import { createClient, errorGuards } from "../../provider/resources/clientFactory";
import { type Context, type Settings } from "../../provider/resources/common";
import { buildHandlers } from "../../provider/resources/index";
import { pacingOff } from "../../provider/client/pacer";
import { forgetOwnershipWarnings } from "../../provider/resources/ownership";
import { forgetSnapshots } from "../../provider/resources/shared";

/** A client whose every member throws: proves that check/diff make no request. */
export function noHttpApi(): OneSignalApi {
  const trap = (family: string) =>
    new Proxy(
      {},
      {
        get: (_t, prop) => () => {
          throw new Error(`unexpected HTTP call ${family}.${String(prop)}`);
        },
      },
    );
  return {
    apps: trap("apps"),
    apiKeys: trap("apiKeys"),
    segments: trap("segments"),
    templates: trap("templates"),
  } as unknown as OneSignalApi;
}

export interface TestContext extends Context {
  warnings: string[];
  apiCalls: number;
  /** What `engineAlive` answers; a test sets it to false to play a killed CLI. */
  engineUp: boolean;
}

/** A context over `api` with fixed settings; collects warnings. */
export function testContext(api: OneSignalApi, settings: Partial<Settings> = {}): TestContext {
  const full: Settings = {
    apiUrl: "http://127.0.0.1:1",
    requestTimeoutMs: 30_000,
    ...settings,
  };
  let n = 0;
  const ctx: TestContext = {
    warnings: [],
    apiCalls: 0,
    api: () => {
      ctx.apiCalls = ++n;
      return api;
    },
    guards: errorGuards,
    settings: () => full,
    warn: (m) => void ctx.warnings.push(m),
    now: () => Date.now(),
    sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms)),
    uuid: () => require("node:crypto").randomUUID(),
    engineAlive: async () => ctx.engineUp,
    engineUp: true,
  };
  return ctx;
}

/** Handlers whose client throws on any request. */
export function offlineHandlers(
  settings: Partial<Settings> = { organizationId: "5a6f3e0e-7a6e-4f3c-9d2b-0a3c1b2d4e5f" },
) {
  const ctx = testContext(noHttpApi(), settings);
  return { ctx, ...buildHandlers(ctx) };
}

/**
 * Handlers over the real client pointed at an emulator, as a fresh provider process would have
 * them: the process-wide look-up snapshots and warnings are forgotten.
 */
export function emulatorHandlers(
  emu: { url: string; organizationApiKey: string; organizationId: string },
  extra: Partial<Settings> = {},
  clientOptions?: Omit<OneSignalClientOptions, "apiUrl" | "organizationApiKey">,
) {
  const settings: Settings = {
    apiUrl: emu.url,
    organizationApiKey: emu.organizationApiKey,
    organizationId: emu.organizationId,
    requestTimeoutMs: 30_000,
    ...extra,
  };
  const api = clientOptions
    ? (new OneSignalClient({
        apiUrl: emu.url,
        organizationApiKey: emu.organizationApiKey,
        ...clientOptions,
      }) as OneSignalApi)
    : createClient(settings);
  forgetSnapshots();
  forgetOwnershipWarnings();
  // The provider tests' emulators enforce no rate limit; pacing is the client's tests' subject.
  pacingOff();
  const ctx = testContext(api, settings);
  return { ctx, ...buildHandlers(ctx) };
}

/** Strips `__provider`-style keys; what a resource's outputs look like to a test. */
export const PROVIDER = "exports.handler = __f0; /* test provider text */";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "../..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds `dist/` (tsc -p tsconfig.build.json) when it is missing or older than the sources: the
 * serialized providers `require("pulumi-onesignal/runtime")`, which resolves to dist.
 */
export function ensureBuilt(): void {
  const built = path.join(ROOT, "dist/provider/runtime.js");
  const stale = () =>
    !fs.existsSync(built) ||
    fs.statSync(built).mtimeMs <
      Math.max(newestMtime(path.join(ROOT, "provider")), newestMtime(path.join(ROOT, "sdk")));
  if (!stale()) return;
  // Two jest workers may get here at once: one builds, the other waits for it.
  const lock = path.join(
    os.tmpdir(),
    `pulumi-onesignal-build-${Buffer.from(ROOT).toString("hex").slice(-16)}.lock`,
  );
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (stale()) {
      execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
        cwd: ROOT,
        stdio: "inherit",
      });
    }
  } finally {
    fs.rmdirSync(lock);
  }
}
