/**
 * Provider settings. Read from the stack config handed to `configure` (the engine sends the whole
 * stack config, secrets decrypted), else from the environment, at call time: never at module load,
 * so that nothing is captured when a provider is serialized. `refresh` and `destroy` without
 * `--run-program` do not run the program: the engine configures the provider with the inputs it
 * recorded for the default `pulumi-nodejs` provider at the last deployment, so stack config changed
 * since then does not reach them, while the environment is read by this process on every command.
 */

/** Provider settings resolved from stack config, else the environment. */
export interface Settings {
  organizationApiKey?: string;
  organizationId?: string;
  apiUrl: string;
  appApiKey?: string;
  /** Per-request timeout of the OneSignal client. */
  requestTimeoutMs: number;
  /**
   * Refresh templates and API keys from their app's list (one list per app and kind per
   * operation), viewing only what changed; `false`: one view per object. Absent means true.
   */
  refreshFromLists?: boolean;
}

/** What `pulumi.dynamic.Config` offers; tests pass a plain object with `get`. */
export interface ConfigLike {
  get(key: string): string | undefined;
}

/** The config keys and their environment fallbacks. */
export const SETTINGS_KEYS = {
  organizationApiKey: { config: "onesignal:organizationApiKey", env: "ONESIGNAL_ORGANIZATION_API_KEY" },
  organizationId: { config: "onesignal:organizationId", env: "ONESIGNAL_ORGANIZATION_ID" },
  apiUrl: { config: "onesignal:apiUrl", env: "ONESIGNAL_API_URL" },
  appApiKey: { config: "onesignal:appApiKey", env: "ONESIGNAL_APP_API_KEY" },
  requestTimeoutSeconds: {
    config: "onesignal:requestTimeoutSeconds",
    env: "ONESIGNAL_REQUEST_TIMEOUT_SECONDS",
  },
  refreshFromLists: { config: "onesignal:refreshFromLists", env: "ONESIGNAL_REFRESH_FROM_LISTS" },
} as const;

export const DEFAULT_API_URL = "https://api.onesignal.com";
/**
 * Set by `onesignal.Provider` among its inputs: the settings are exactly that provider's, and the
 * environment is never consulted (a variable missing on a later run must not silently make the
 * process act on the default organization).
 */
export const EXPLICIT_PROVIDER_KEY = "onesignal:explicitProvider";
/**
 * Settings that no longer exist, with what replaced them. Setting one is not an error (a stack
 * config outlives package upgrades), but it must not look as if it still did something.
 */
export const REMOVED_SETTINGS = {
  adoptWindowSeconds: {
    config: "onesignal:adoptWindowSeconds",
    env: "ONESIGNAL_ADOPT_WINDOW_SECONDS",
    why:
      "objects are never adopted by resemblance any more; a create proves its own object by a marker " +
      "in its provisional name (docs/design.md), and adoption on purpose is adoptExistingId / tokenId",
  },
} as const;
/**
 * Default per-request timeout. The engine's customTimeouts never reach a dynamic provider, so this is
 * the only bound on a request that gets no answer (Pulumi's Node dynamic-provider host has no
 * per-call deadline).
 */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

let stored: Partial<Record<keyof typeof SETTINGS_KEYS, string>> = {};
let explicit = false;
const warnedRemoved = new Set<string>();

/** Copies the OneSignal keys out of the engine's config (the rest of the stack config is not kept). */
export function storeConfig(config: ConfigLike | undefined): void {
  const next: typeof stored = {};
  for (const [name, keys] of Object.entries(SETTINGS_KEYS) as [
    keyof typeof SETTINGS_KEYS,
    { config: string },
  ][]) {
    const v = safeGet(config, keys.config);
    if (v !== undefined) next[name] = v;
  }
  stored = next;
  explicit = safeGet(config, EXPLICIT_PROVIDER_KEY) === "true";
  for (const r of Object.values(REMOVED_SETTINGS)) {
    const set = safeGet(config, r.config) !== undefined || (process.env[r.env] ?? "").trim() !== "";
    if (set && !warnedRemoved.has(r.config)) {
      warnedRemoved.add(r.config);
      // The engine shows a dynamic provider's stderr in the CLI output.
      console.error(`warning: ${r.config} (${r.env}) no longer has any effect: ${r.why}.`);
    }
  }
}

/** Forgets stored config (tests). */
export function resetConfig(): void {
  stored = {};
  explicit = false;
}

/** Whether the settings are an explicit `onesignal.Provider`'s (no environment fallback). */
export function isExplicitProvider(): boolean {
  return explicit;
}

function safeGet(config: ConfigLike | undefined, key: string): string | undefined {
  try {
    const v = config?.get(key);
    return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
  } catch {
    return undefined;
  }
}

type SettingName = keyof typeof SETTINGS_KEYS;

/** The effective settings now: stack config first, then the environment, then defaults. */
export function resolveSettings(): Settings {
  return settingsWith((name) => stored[name], explicit);
}

/**
 * The settings a given config would give, then the environment, then defaults, without storing
 * anything: for code in the Pulumi program (the look-ups), which reads the same stack config
 * through `new pulumi.Config("onesignal")` that the engine hands the provider.
 */
export function settingsFrom(config: ConfigLike | undefined): Settings {
  return settingsWith((name) => safeGet(config, SETTINGS_KEYS[name].config));
}

/** `onlyConfigured`: an explicit provider's settings, which never come from the environment. */
function settingsWith(
  configured: (name: SettingName) => string | undefined,
  onlyConfigured = false,
): Settings {
  const pick = (name: SettingName): string | undefined => {
    if (onlyConfigured) return configured(name);
    const env = process.env[SETTINGS_KEYS[name].env];
    return configured(name) ?? (typeof env === "string" && env.trim() !== "" ? env.trim() : undefined);
  };
  const timeout = Number(pick("requestTimeoutSeconds"));
  const s: Settings = {
    apiUrl: (pick("apiUrl") ?? DEFAULT_API_URL).replace(/\/+$/, ""),
    requestTimeoutMs:
      (Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000,
  };
  // Only an explicit "false" switches back to one view per object: an unset or misspelt value
  // keeps the default rather than silently changing what a refresh costs.
  if (/^(false|0|no|off)$/i.test(pick("refreshFromLists") ?? "")) s.refreshFromLists = false;
  const org = pick("organizationApiKey");
  if (org) s.organizationApiKey = org;
  const orgId = pick("organizationId");
  if (orgId) s.organizationId = orgId;
  const appKey = pick("appApiKey");
  if (appKey) s.appApiKey = appKey;
  return s;
}
