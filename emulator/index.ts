/**
 * A stateful OneSignal REST API emulator for tests, examples and CI.
 *
 * ```ts
 * const emu = await startEmulator();
 * // emu.url, emu.organizationId, emu.organizationApiKey
 * await emu.close();
 * ```
 *
 * See emulator/README.md for routes, admin API, faults, rate limits and divergences.
 */
import { randomUUID } from "node:crypto";
import {
  adminAddSubscriptions,
  adminCreateApp,
  adminIssueKey,
  applySettings,
  stateDelete,
  stateGet,
  stateList,
  statePatch,
  statePut,
  type SubscriptionInput,
} from "./admin";
import type { EmulatorSettings, SegmentPlan } from "./context";
import type { FaultInfo, FaultSpec } from "./faults";
import { newOrgKeyToken } from "./ids";
import { resolveRateLimits, type RateLimitConfig, type RateLimitsOption } from "./rateLimit";
import { EmulatorServer, type Counters } from "./server";
import type {
  AppRecord,
  KindRecordMap,
  MessageRecord,
  OrganizationRecord,
  StateData,
  StateKind,
  SubscriptionRecord,
} from "./state";

export type { FaultBody, FaultInfo, FaultKind, FaultSpec, FaultStatus } from "./faults";
export type { RateLimitConfig, RateLimitRule, RateLimitsOption } from "./rateLimit";
export { ONESIGNAL_RATE_LIMITS } from "./rateLimit";
export type { Counters, RouteCounter } from "./server";
export { CLIENT_IP_HEADER } from "./server";
export type { EmulatorSettings, RateFamily, RouteFamily, SegmentPlan } from "./context";
export type {
  ApiKeyRecord,
  AppRecord,
  Channel,
  FilterEntry,
  KindRecordMap,
  MessageRecord,
  OrganizationRecord,
  SegmentRecord,
  StateData,
  StateKind,
  SubscriptionRecord,
  TemplateRecord,
} from "./state";
export type { SubscriptionInput } from "./admin";
export { ACCESS_DENIED_MESSAGE, RATE_LIMIT_MESSAGE } from "./errors";
export { ROUTES } from "./router";

/** Options of {@link startEmulator}; every one has a default. */
export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; `0` (default) picks a free one. */
  port?: number;
  /** The primary organization's id. Default: a random UUID v4. */
  organizationId?: string;
  /** The primary organization's API key. Default: a random `os_v2_org_…` token. */
  organizationApiKey?: string;
  /** Persist state to this JSON file (atomic writes); loaded at start when it exists. */
  dataFile?: string;
  /** `"off"` (default), `"onesignal"` (documented limits), or per-family rules. */
  rateLimits?: RateLimitsOption;
  /** Fixed latency added to every OneSignal route. Default 0. */
  latencyMs?: number;
  /** `channel` of SMS templates: `"SMS"` (default, per the docs for `update_template`) or the 5.12 spec's `"sms"`. */
  smsChannelCase?: "SMS" | "sms";
  /** Honour the `X-Emulator-Client-IP` header for IP allowlists. Default false. */
  trustClientIpHeader?: boolean;
  /** Accept `Authorization: Bearer …` (the 5.12 spec's scheme). Default false: the SDKs send `Key`. */
  acceptBearer?: boolean;
  /** Give new apps OneSignal's built-in "Subscribed Users" segment. Default true. */
  defaultSegments?: boolean;
  /** Copy-template response body: `"success"` (OneSignal's docs, default) or `"resource"` (the 5.12 spec). */
  copyTemplateResponse?: "resource" | "success";
  /** Largest accepted request body in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Above this many apps in an organization, `GET /apps` answers 400 as OneSignal does. Default 1000. */
  appListLimit?: number;
  /** Segment limits of the plan (403 / 422 on `create-segments`). Default `{}`: none. */
  segmentPlan?: SegmentPlan;
}

/** Scripted faults and run-time rate limits / latency. */
export interface FaultControls {
  /** Adds a fault for the next `count` matching requests; returns its id. */
  add(spec: FaultSpec): string;
  /** Removes one fault. */
  remove(id: string): boolean;
  /** Removes all faults. */
  clear(): void;
  /** Faults still pending. */
  list(): FaultInfo[];
  /** Replaces the rate-limit rules (`"off"`, `"onesignal"` or per-family rules); buckets restart full. */
  setRateLimits(limits: RateLimitsOption): void;
  rateLimits(): RateLimitConfig;
  /** Sets the fixed added latency. */
  setLatency(ms: number): void;
}

/** Out-of-band access to the emulator's state, for tests (drift, inspection, set-up). */
export interface StateAccessor {
  /** A deep copy of everything. */
  dump(): StateData;
  list<K extends StateKind>(kind: K, filter?: { appId?: string }): KindRecordMap[K][];
  get<K extends StateKind>(kind: K, id: string): KindRecordMap[K] | undefined;
  /** Inserts or replaces by id (an id is generated when missing). For `apiKeys`, a `token` member is stored hashed. */
  put<K extends StateKind>(
    kind: K,
    record: Partial<KindRecordMap[K]> & Record<string, unknown>,
  ): KindRecordMap[K];
  /** Shallow-merges changes into a record; throws when it does not exist. */
  patch<K extends StateKind>(
    kind: K,
    id: string,
    changes: Partial<KindRecordMap[K]> & Record<string, unknown>,
  ): KindRecordMap[K];
  delete(kind: StateKind, id: string): boolean;
  /** Messages accepted by `POST /notifications`, oldest first. */
  messages(appId?: string): MessageRecord[];
  /** Adds another organization (for cross-organization tests). */
  createOrganization(fields?: { id?: string; apiKey?: string; name?: string }): OrganizationRecord;
  /** Creates an app without going through the API (default segment included when enabled). */
  createApp(fields: { name: string; organizationId?: string }): AppRecord;
  /** Issues an app API key without the org-key route; returns the secret. */
  issueApiKey(
    appId: string,
    fields?: { name?: string; ipAllowlistMode?: "disabled" | "explicit"; ipAllowlist?: string[] },
  ): { tokenId: string; token: string };
  /** Adds simulated recipients to an app. */
  addSubscriptions(appId: string, subs: SubscriptionInput[]): SubscriptionRecord[];
  /** Moves the emulator clock forward (e.g. past the 30-day idempotency window). */
  advanceClock(ms: number): void;
  /** Changes run-time settings. */
  setSettings(changes: Partial<EmulatorSettings>): EmulatorSettings;
  settings(): EmulatorSettings;
}

export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  organizationId: string;
  organizationApiKey: string;
  /** Back to an empty state (primary organization kept), faults and counters cleared, settings restored. */
  reset(): void;
  /** Stops listening and drops open connections (hung requests included). */
  close(): Promise<void>;
  faults: FaultControls;
  state: StateAccessor;
  /** Request counts per route (`GET /apps/{app_id}/segments/{segment_id}`) and per status. */
  counters(): Counters;
  resetCounters(): void;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function defaultSettings(options: EmulatorOptions = {}): EmulatorSettings {
  return {
    latencyMs: options.latencyMs ?? 0,
    smsChannelCase: options.smsChannelCase ?? "SMS",
    trustClientIpHeader: options.trustClientIpHeader ?? false,
    acceptBearer: options.acceptBearer ?? false,
    defaultSegments: options.defaultSegments ?? true,
    copyTemplateResponse: options.copyTemplateResponse ?? "success",
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    appListLimit: options.appListLimit ?? 1000,
    segmentPlan: { ...options.segmentPlan },
  };
}

/**
 * Starts an emulator. When `dataFile` exists its state is loaded, and the organization it holds is
 * reused unless `organizationId` says otherwise — so a restarted emulator keeps its org id and key.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = defaultSettings(options);
  let organizationId = options.organizationId;
  let organizationApiKey = options.organizationApiKey;
  if (options.dataFile && (organizationId === undefined || organizationApiKey === undefined)) {
    const { readStateFile } = await import("./persistence");
    const saved = readStateFile(options.dataFile)?.organizations[0];
    if (saved && (organizationId === undefined || organizationId === saved.id)) {
      organizationId = saved.id;
      organizationApiKey ??= saved.api_key;
    }
  }
  organizationId ??= randomUUID();
  organizationApiKey ??= newOrgKeyToken(organizationId);

  const server = new EmulatorServer({
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    organizationId,
    organizationApiKey,
    dataFile: options.dataFile,
    settings,
    rateLimits: resolveRateLimits(options.rateLimits),
  });
  await server.start();

  const faults: FaultControls = {
    add: (spec) => server.faults.add(spec),
    remove: (id) => server.faults.remove(id),
    clear: () => server.faults.clear(),
    list: () => server.faults.list(),
    setRateLimits: (limits) => server.rateLimiter.set(resolveRateLimits(limits)),
    rateLimits: () => server.rateLimiter.get(),
    setLatency: (ms) => void applySettings(server, { latencyMs: ms }),
  };

  const state: StateAccessor = {
    dump: () => structuredClone(server.data),
    list: (kind, filter) => stateList(server, kind, filter?.appId),
    get: (kind, id) => stateGet(server, kind, id),
    put: (kind, record) => statePut(server, kind, record),
    patch: (kind, id, changes) => statePatch(server, kind, id, changes),
    delete: (kind, id) => stateDelete(server, kind, id),
    messages: (appId) => stateList(server, "messages", appId),
    createOrganization: (fields = {}) => {
      const org = server.createOrganization({ id: fields.id, api_key: fields.apiKey, name: fields.name });
      server.persist();
      return structuredClone(org);
    },
    createApp: (fields) =>
      adminCreateApp(server, { name: fields.name, organization_id: fields.organizationId }),
    issueApiKey: (appId, fields = {}) => {
      const r = adminIssueKey(server, appId, {
        name: fields.name,
        ip_allowlist_mode: fields.ipAllowlistMode,
        ip_allowlist: fields.ipAllowlist,
      });
      return { tokenId: r.token_id, token: r.formatted_token };
    },
    addSubscriptions: (appId, subs) => adminAddSubscriptions(server, appId, subs),
    advanceClock: (ms) => {
      server.data.clockOffsetMs += ms;
      server.persist();
    },
    setSettings: (changes) => applySettings(server, changes as Record<string, unknown>),
    settings: () => ({ ...server.settings }),
  };

  return {
    url: server.url,
    organizationId,
    organizationApiKey,
    reset: () => server.reset(),
    close: () => server.close(),
    faults,
    state,
    counters: () => server.counters(),
    resetCounters: () => server.resetCounters(),
  };
}
