/**
 * Builds the real OneSignal client for the runtime and exposes its error guards. Isolated here so
 * the handlers depend only on the structural {@link OneSignalApi} (and tests can pass stubs).
 */
import { OneSignalClient } from "../client";
import { isAmbiguous, isBadRequest, isConflict, isForbidden, isNotFound } from "../client/errors";
import type { ErrorGuards, OneSignalApi } from "./api";
import type { Settings } from "./protocol";

export const errorGuards: ErrorGuards = { isAmbiguous, isBadRequest, isConflict, isForbidden, isNotFound };

export function createClient(settings: Settings): OneSignalApi {
  const opts: ConstructorParameters<typeof OneSignalClient>[0] = {
    apiUrl: settings.apiUrl,
    timeoutMs: settings.requestTimeoutMs,
  };
  if (settings.organizationApiKey) opts.organizationApiKey = settings.organizationApiKey;
  // The structural interface is checked here against the real client.
  const client: OneSignalApi = new OneSignalClient(opts);
  return client;
}
