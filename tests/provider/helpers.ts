/**
 * Test helpers for the resource handlers: a context over a given client, and handlers over a
 * client that fails the test if any HTTP call is attempted. Handlers over the real client pointed
 * at an emulator: tests/helpers/world.ts.
 */
import * as path from "node:path";
import type { OneSignalApi } from "../../provider/resources/api";
import { errorGuards } from "../../provider/resources/clientFactory";
import { type Context, type Settings } from "../../provider/resources/protocol";
import { buildHandlers } from "../../provider/resources/index";

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
  settings: Partial<Settings> = {
    organizationId: "5a6f3e0e-7a6e-4f3c-9d2b-0a3c1b2d4e5f",
    // Check needs the keys to be set (never used: the client throws on any call).
    organizationApiKey: "os_v2_org_offlineofflineoffline",
    appApiKey: "os_v2_app_offlineofflineoffline",
  },
) {
  const ctx = testContext(noHttpApi(), settings);
  return { ctx, ...buildHandlers(ctx) };
}

/** Strips `__provider`-style keys; what a resource's outputs look like to a test. */
export const PROVIDER = "exports.handler = __f0; /* test provider text */";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "../..");
