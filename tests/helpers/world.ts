/**
 * The one set-up of the emulator-backed tests: an in-process emulator for the test file, an app of
 * its organization with an app API key, an organization-key client and provider handlers pointed
 * at it, and the tear-down. `useWorld()` registers the jest hooks; the returned object is filled in
 * by `beforeAll` (and re-filled by `beforeEach` with `fresh: "each"`).
 *
 * Pacing is off unless a test file asks for it: the emulator enforces no rate limit unless told
 * to, and at OneSignal's documented 1 template view per second a pacer would only slow a test
 * down. Real-time pacing is the subject of the pacer's own tests (`pacing: true`).
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { OneSignalClient, type OneSignalClientOptions } from "../../provider/client";
import type { AppAuth } from "../../provider/client";
import { pacingOff, resetPacer } from "../../provider/client/pacer";
import type { OneSignalApi } from "../../provider/resources/api";
import { createClient } from "../../provider/resources/clientFactory";
import { forgetSnapshots } from "../../provider/resources/ownership";
import { forgetLists } from "../../provider/resources/listCache";
import type { Settings } from "../../provider/resources/protocol";
import { buildHandlers } from "../../provider/resources/index";
import { forgetOwnershipWarnings } from "../../provider/resources/ownership";
import { client as httpClient } from "../emulator/helpers";
import { testContext, type TestContext } from "../provider/helpers";

/** Retries fast so fault tests stay quick. */
export const FAST_RETRY = { maxRetries: 3, baseDelayMs: 10, maxDelayMs: 50, maxElapsedMs: 20_000 };

export interface WorldOptions {
  emulator?: EmulatorOptions;
  /** Options of `client` over the defaults (org key, {@link FAST_RETRY}, 5 s timeout, log into `logs`). */
  client?: OneSignalClientOptions;
  /** Pace requests at OneSignal's documented limits. Default false: no pacing. */
  pacing?: boolean;
  /**
   * The app and its key, or `false` for none (`appId`, `key` and `auth` are then empty).
   * `via`: `"client"` (default) through `client`, `"http"` through the emulator's API with
   * `http`, `"state"` straight into the emulator's state (no request). `key: false`: no key.
   * Without a name, `"http"` picks a random one and the others "Test app".
   */
  app?: false | { via?: "client" | "http" | "state"; name?: string; key?: string | false };
  /**
   * `"file"` (default): one world for the file, set up in `beforeAll`. `"each"`: before each test
   * the emulator is reset and the app, key and handlers made again, as a fresh provider process.
   */
  fresh?: "file" | "each";
}

/** Provider handlers over the real client pointed at the emulator, with their test context. */
export type Handlers = ReturnType<typeof buildHandlers> & { ctx: TestContext };

export interface World {
  emu: RunningEmulator;
  /** A client with the organization key. */
  client: OneSignalClient;
  /** A raw HTTP client of the emulator (tests/emulator/helpers.ts). */
  http: ReturnType<typeof httpClient>;
  appId: string;
  /** The app API key (its formatted token). */
  key: string;
  auth: AppAuth;
  /** Log lines of `client` (and of `clientWith` clients). */
  logs: string[];
  /** Handlers made for this test (or file): `handlers()` with no arguments. */
  h: Handlers;
  /** A client with other options against the same emulator. */
  clientWith(opts: OneSignalClientOptions): OneSignalClient;
  /**
   * Handlers over the real client pointed at the emulator, as a fresh provider process would have
   * them: the process-wide look-up snapshots and warnings are forgotten, pacing set as the world's.
   */
  handlers(
    extra?: Partial<Settings>,
    clientOptions?: Omit<OneSignalClientOptions, "apiUrl" | "organizationApiKey">,
  ): Handlers;
}

class TestWorld implements World {
  emu!: RunningEmulator;
  client!: OneSignalClient;
  http!: ReturnType<typeof httpClient>;
  appId = "";
  key = "";
  auth: AppAuth = { appId: "", apiKey: "" };
  logs: string[] = [];
  h!: Handlers;
  private base!: OneSignalClientOptions;

  constructor(private readonly opts: WorldOptions) {}

  private pace(): void {
    if (this.opts.pacing) resetPacer();
    else pacingOff();
  }

  async start(): Promise<void> {
    this.pace();
    this.emu = await startEmulator(this.opts.emulator);
    this.http = httpClient(this.emu);
    this.base = {
      apiUrl: this.emu.url,
      organizationApiKey: this.emu.organizationApiKey,
      retry: FAST_RETRY,
      timeoutMs: 5000,
      logger: (l) => this.logs.push(l),
    };
    this.client = new OneSignalClient({ ...this.base, ...this.opts.client });
    if (this.opts.fresh !== "each") await this.populate();
  }

  async reset(): Promise<void> {
    this.emu.reset();
    this.pace();
    await this.populate();
  }

  private async populate(): Promise<void> {
    const app = this.opts.app ?? {};
    if (app === false) {
      this.appId = this.key = "";
    } else {
      const via = app.via ?? "client";
      const name = app.name ?? "Test app";
      const keyName = app.key ?? "test key";
      const organizationId = this.emu.organizationId;
      if (via === "http") {
        if (keyName !== "test key") throw new Error('via "http" issues the key "test key"');
        ({ appId: this.appId, key: this.key } = await this.http.appWithKey(app.name));
      } else if (via === "state") {
        this.appId = this.emu.state.createApp({ name, organizationId }).id;
        this.key = keyName === false ? "" : this.emu.state.issueApiKey(this.appId, { name: keyName }).token;
      } else {
        this.appId = (await this.client.apps.create({ name, organizationId })).id;
        this.key =
          keyName === false
            ? ""
            : (await this.client.apiKeys.create(this.appId, { name: keyName })).formattedToken;
      }
    }
    this.auth = { appId: this.appId, apiKey: this.key };
    this.h = this.handlers();
  }

  clientWith(opts: OneSignalClientOptions): OneSignalClient {
    return new OneSignalClient({ ...this.base, ...opts });
  }

  handlers(
    extra: Partial<Settings> = {},
    clientOptions?: Omit<OneSignalClientOptions, "apiUrl" | "organizationApiKey">,
  ): Handlers {
    const settings: Settings = {
      apiUrl: this.emu.url,
      organizationApiKey: this.emu.organizationApiKey,
      organizationId: this.emu.organizationId,
      requestTimeoutMs: 30_000,
      ...extra,
    };
    const api = clientOptions
      ? (new OneSignalClient({
          apiUrl: this.emu.url,
          organizationApiKey: this.emu.organizationApiKey,
          ...clientOptions,
        }) as OneSignalApi)
      : createClient(settings);
    forgetSnapshots();
    forgetLists();
    forgetOwnershipWarnings();
    this.pace();
    const ctx = testContext(api, settings);
    return { ctx, ...buildHandlers(ctx) };
  }

  async close(): Promise<void> {
    await this.emu?.close();
  }
}

/** Registers the hooks that set up and tear down a world for this test file; see the file's top. */
export function useWorld(opts: WorldOptions = {}): World {
  const w = new TestWorld(opts);
  beforeAll(() => w.start());
  if (opts.fresh === "each") beforeEach(() => w.reset());
  afterAll(() => w.close());
  return w;
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
