/** Starts an emulator and a client pointing at it, with one app and an app API key. */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";
import { OneSignalClient, type OneSignalClientOptions } from "../../../provider/client";
import type { AppAuth } from "../../../provider/client";
import { resetPacer } from "../../../provider/client/pacer";

export interface World {
  emu: RunningEmulator;
  client: OneSignalClient;
  appId: string;
  auth: AppAuth;
  logs: string[];
  /** A client with other options against the same emulator. */
  clientWith(opts: OneSignalClientOptions): OneSignalClient;
}

/** Retries fast so fault tests stay quick; pacing on (documented limits). */
export const FAST_RETRY = { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 50, maxElapsedMs: 20_000 };

export async function startWorld(
  emuOpts: EmulatorOptions = {},
  clientOpts: OneSignalClientOptions = {},
): Promise<World> {
  resetPacer();
  const emu = await startEmulator(emuOpts);
  const logs: string[] = [];
  const base: OneSignalClientOptions = {
    apiUrl: emu.url,
    organizationApiKey: emu.organizationApiKey,
    retry: FAST_RETRY,
    timeoutMs: 5000,
    logger: (l) => logs.push(l),
  };
  const client = new OneSignalClient({ ...base, ...clientOpts });
  const app = await client.apps.create({ name: "Test app", organizationId: emu.organizationId });
  const key = await client.apiKeys.create(app.id, { name: "test key" });
  return {
    emu,
    client,
    appId: app.id,
    auth: { appId: app.id, apiKey: key.formattedToken },
    logs,
    clientWith: (opts) => new OneSignalClient({ ...base, ...opts }),
  };
}

/** The rejection of `p` (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}
