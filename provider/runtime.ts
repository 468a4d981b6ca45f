/**
 * The module every serialized provider `require`s (as `pulumi-onesignal/runtime`) inside its
 * methods. It holds the real logic, so `__provider` stays a few hundred bytes, carries no
 * credential and no captured module, and survives package upgrades (docs/design.md, "Thin serialized providers").
 *
 * Everything here runs in the dynamic-provider process only. Module state (settings, clients) is
 * process-wide, which is what the shared rate-limit pacer wants anyway.
 */
import { randomUUID } from "node:crypto";
import { type ConfigLike, isExplicitProvider, resolveSettings, storeConfig } from "./config";
import { verifiedApi } from "./explicit";
import { engineAddress, probe, watchEngine } from "./engine";
import type { ErrorGuards } from "./resources/api";
import type { Context, Kind, ResourceHandlers } from "./resources/protocol";
import { buildHandlers } from "./resources/index";
import { clientFor, errorGuards } from "./resources/clientFactory";
import { holdExitWhile } from "./client/transport";

export type { ConfigLike } from "./config";
export type { Kind, ResourceHandlers, Settings } from "./resources/protocol";

const engine = engineAddress();
watchEngine(engine);

const context: Context = {
  api: () => {
    const settings = resolveSettings();
    const api = clientFor(settings);
    return isExplicitProvider() ? verifiedApi(api, settings, errorGuards as ErrorGuards) : api;
  },
  guards: errorGuards as ErrorGuards,
  settings: resolveSettings,
  // The engine passes a dynamic provider's stderr through to the CLI output (v3.146.0+).
  warn: (message) => console.error(`warning: ${message}`),
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms)),
  uuid: () => randomUUID(),
  engineAlive: async () => (engine ? probe(engine) : true),
};

const handlers = buildHandlers(context);

/** The engine's calls in progress: a signal lets them answer before the process exits. */
let calls = 0;
holdExitWhile(() => calls > 0);

async function counted(run: () => unknown): Promise<unknown> {
  calls++;
  try {
    return await run();
  } finally {
    calls--;
  }
}

/**
 * Called by each serialized provider's `configure` with `pulumi.dynamic.Config`. Stores only the
 * `onesignal:*` settings; environment fallbacks are read at call time.
 */
export function configure(config: ConfigLike | undefined): void {
  storeConfig(config);
}

/** The methods a serialized provider gets from {@link provide}. */
const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;

/**
 * What each serialized provider's `configure` calls (sdk/providers/thin.ts): stores the settings
 * and puts the kind's handlers on the provider object, which the engine's host then calls. Runs
 * synchronously, so the methods are there before `configure` first yields.
 */
export function provide(provider: object, kind: Kind, config: ConfigLike | undefined): void {
  const h = handlers[kind];
  if (h === undefined) throw new Error(`pulumi-onesignal: unknown resource kind ${JSON.stringify(kind)}`);
  const target = provider as Record<string, unknown>;
  for (const m of METHODS)
    target[m] = (...args: unknown[]) => counted(() => (h[m] as (...a: unknown[]) => unknown)(...args));
  storeConfig(config);
}

/** Handlers per kind; each serialized provider forwards its calls to one of these. */
export const app: ResourceHandlers = handlers.app;
export const apiKey: ResourceHandlers = handlers.apiKey;
export const segment: ResourceHandlers = handlers.segment;
export const template: ResourceHandlers = handlers.template;

/** The same handlers keyed by kind. */
export const kinds: { readonly [K in Kind]: ResourceHandlers } = handlers;
