/**
 * Builds the real OneSignal client for the runtime and exposes its error guards. Isolated here so
 * the handlers depend only on the structural {@link OneSignalApi} (and tests can pass stubs).
 */
import { OneSignalClient } from "../client";
import {
  isAmbiguous,
  isBadRequest,
  isConflict,
  isForbidden,
  isNotFound,
  isSegmentPlanLimit,
  isUserBasedSegment,
} from "../client/errors";
import { cancelOnProcessSignals } from "../client/transport";
import { hookEngineCancel } from "./engineCancel";
import type { ErrorGuards, OneSignalApi } from "./api";
import type { Settings } from "./protocol";

export const errorGuards: ErrorGuards = {
  isAmbiguous,
  isBadRequest,
  isConflict,
  isForbidden,
  isNotFound,
  isUserBasedSegment,
  isSegmentPlanLimit,
};

/** Builds the real OneSignal client for the given settings. */
export function createClient(settings: Settings): OneSignalApi {
  // A cancelled run must not sit out waits: hear the engine's Cancel RPC, and the process's signals.
  hookEngineCancel();
  cancelOnProcessSignals();
  const opts: ConstructorParameters<typeof OneSignalClient>[0] = {
    apiUrl: settings.apiUrl,
    timeoutMs: settings.requestTimeoutMs,
  };
  if (settings.organizationApiKey) opts.organizationApiKey = settings.organizationApiKey;
  // The structural interface is checked here against the real client.
  const client: OneSignalApi = new OneSignalClient(opts);
  return client;
}

/** Builds a client for the given settings; replaceable in tests. */
export type ClientFactory = (settings: Settings) => OneSignalApi;

let factory: ClientFactory = createClient;
const clients = new Map<string, OneSignalApi>();

/**
 * One client per distinct settings, shared by every resource of every kind (the rate-limit pacer
 * and the redaction registry are process-wide anyway).
 */
export function clientFor(settings: Settings): OneSignalApi {
  const key = JSON.stringify([
    settings.apiUrl,
    settings.organizationApiKey ?? "",
    settings.appApiKey ?? "",
    settings.requestTimeoutMs,
  ]);
  let c = clients.get(key);
  if (!c) {
    c = factory(settings);
    clients.set(key, c);
  }
  return c;
}

/**
 * Tests: use another client factory (and forget cached clients); `undefined` restores the real
 * one. Deliberately not exported by `pulumi-onesignal/runtime`, the entry point users' state loads.
 */
export function setClientFactory(f: ClientFactory | undefined): void {
  factory = f ?? createClient;
  clients.clear();
}
