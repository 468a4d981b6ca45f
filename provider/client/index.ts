/**
 * Typed OneSignal REST client (apps, API keys, segments, templates, create message). It knows
 * nothing about Pulumi: the resource layer converts inputs and calls it.
 *
 * Every outbound input is validated before any request (throws {@link OneSignalValidationError});
 * every failed call throws {@link OneSignalApiError}, whose message and JSON are redacted.
 */
import type { AxiosAdapter, AxiosInstance } from "axios";
import { OneSignalValidationError } from "./errors";
import { operationName } from "./context";
import { appsApi, type AppsApi } from "./app";
import { apiKeysApi, type ApiKeysApi } from "./apiKey";
import { segmentsApi, type SegmentsApi } from "./segment";
import { templatesApi, type TemplatesApi } from "./template";
import { notificationsApi, type NotificationsApi } from "./notification";
import { Transport, type RetryOptions } from "./transport";
import { registerSecret } from "./redact";

export interface OneSignalClientOptions {
  /** Base URL; default `https://api.onesignal.com` (no `/api/v1` prefix). */
  apiUrl?: string;
  /**
   * Organization API key: needed by `apps`, `apiKeys` and `templates.copy`. Calls that need it
   * throw a clear error when it is missing.
   */
  organizationApiKey?: string;
  /** Per-request timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Retry bounds (see transport.ts for the policy). */
  retry?: RetryOptions;
  /** Pace requests to OneSignal's documented per-app limits, process-wide (default true). */
  pacing?: boolean;
  /** Receives one redacted line per request outcome and retry. */
  logger?: (line: string) => void;
  /** Injectable axios instance or adapter (tests). */
  transport?: AxiosInstance | AxiosAdapter;
}

/** The OneSignal client. Cheap to construct; pacing and redaction state are process-wide. */
export class OneSignalClient {
  /** Apps (org key). */
  readonly apps: AppsApi;
  /** App API keys (org key). */
  readonly apiKeys: ApiKeysApi;
  /** Segments (app key). */
  readonly segments: SegmentsApi;
  /** Templates (app key; `copy` uses the org key). */
  readonly templates: TemplatesApi;
  /** Create message (app key). */
  readonly notifications: NotificationsApi;

  constructor(opts: OneSignalClientOptions = {}) {
    const transport = new Transport(opts);
    const orgKey = opts.organizationApiKey;
    registerSecret(orgKey);
    const ctx = {
      transport,
      orgKey(operation: string): string {
        if (typeof orgKey !== "string" || orgKey.trim() === "") {
          throw new OneSignalValidationError("client configuration", [
            {
              path: "organizationApiKey",
              message: `is required for ${operationName(operation)}; set stack config onesignal:organizationApiKey (as a secret) or env ONESIGNAL_ORGANIZATION_API_KEY`,
            },
          ]);
        }
        return orgKey;
      },
    };
    this.apps = appsApi(ctx);
    this.apiKeys = apiKeysApi(ctx);
    this.segments = segmentsApi(ctx);
    this.templates = templatesApi(ctx);
    this.notifications = notificationsApi(ctx);
  }
}

export type { AppAuth } from "./context";
export type { AppsApi } from "./app";
export type { ApiKeysApi } from "./apiKey";
export type { SegmentsApi } from "./segment";
export type { TemplatesApi } from "./template";
export type { NotificationsApi } from "./notification";
export type { RetryOptions } from "./transport";
export { SEGMENT_PAGE_LIMIT } from "./segment";
export { TEMPLATE_PAGE_LIMIT } from "./template";
export * from "./errors";
export { redact, registerSecret } from "./redact";
export { setPacingLimits, resetPacer, DOCUMENTED_LIMITS, type RateLimit } from "./pacer";
export * from "../schemas";
