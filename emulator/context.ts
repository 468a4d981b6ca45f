/**
 * Types shared by the server and the per-kind route modules.
 */
import type { ApiKeyRecord, AppRecord, OrganizationRecord, StateData } from "./state";

/** Route families: the unit for faults and (with views split from writes) for rate limits. */
export type RouteFamily = "app" | "apiKey" | "segment" | "template" | "notification";

/**
 * Rate-limit buckets. OneSignal limits "per app and per endpoint" and documents numbers only for
 * messages and "view" endpoints (OneSignal's "Rate limits" page), so template views get their own bucket.
 */
export type RateFamily =
  "apps" | "apiKeys" | "segments" | "templateViews" | "templateWrites" | "notifications";

export const RATE_FAMILIES: readonly RateFamily[] = [
  "apps",
  "apiKeys",
  "segments",
  "templateViews",
  "templateWrites",
  "notifications",
];

/** Settings that can change while the emulator runs (admin API `/__emulator/settings`). */
export interface EmulatorSettings {
  /** Fixed latency added to every OneSignal route (not the admin API). */
  latencyMs: number;
  /** How SMS templates report `channel`: `"SMS"` per the docs (`update_template`) or the 5.12 spec's `"sms"`. */
  smsChannelCase: "SMS" | "sms";
  /** Honour `X-Emulator-Client-IP` as the client address for IP-allowlist checks (tests only). */
  trustClientIpHeader: boolean;
  /** Accept `Authorization: Bearer <key>` as the 5.12 spec declares (off: the official SDKs send `Key`). */
  acceptBearer: boolean;
  /** Create OneSignal's built-in "Subscribed Users" segment in each new app (its "Segmentation" docs). */
  defaultSegments: boolean;
  /**
   * Body of Copy template: the `{"success": true}` of OneSignal's docs (`copy-template-to-app`, the
   * default) or the 5.12 spec's `TemplateResource`; the two disagree.
   */
  copyTemplateResponse: "resource" | "success";
  /** Largest accepted request body; larger ones get 413. */
  maxBodyBytes: number;
  /**
   * view-apps is switched off (400) for organizations with more apps than this; OneSignal's limit
   * is 1000. Lower it to test an organization "over the limit" without making 1001 apps.
   */
  appListLimit: number;
  /** Segment limits of the app's plan (`create-segments` 403 and 422); `{}`: no limits. */
  segmentPlan: SegmentPlan;
}

/**
 * A plan's segment limits: `available: false` answers the 403 of `create-segments` and
 * `update-segment`; `maxSegments` answers the 422 of `create-segments` once an app has that many.
 */
export interface SegmentPlan {
  available?: boolean;
  maxSegments?: number;
}

/** What the emulator core exposes to route handlers. */
export interface Core {
  data: StateData;
  settings: EmulatorSettings;
  /** Emulator clock in ms (wall clock + the admin-set offset). */
  now(): number;
  nowIso(): string;
}

export type Principal = { kind: "org"; org: OrganizationRecord } | { kind: "app"; key: ApiKeyRecord };

/** One request as a handler sees it, after auth and body parsing. */
export interface Ctx {
  core: Core;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, or `undefined` when the request had none. */
  body: unknown;
  principal: Principal;
  /** The app the route targets, already checked against the key's scope. */
  app: AppRecord | undefined;
  /** Client address used for allowlists. */
  clientIp: string;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Where a route finds the app it acts on (for key scope and per-app rate limits). */
export type AppLocator = { from: "none" } | { from: "path" } | { from: "query" } | { from: "body" };

export interface RouteDef {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** OpenAPI-style path template, e.g. `/apps/{app_id}/segments/{segment_id}`. */
  template: string;
  family: RouteFamily;
  rateFamily: RateFamily;
  /**
   * Which key kind the route takes (the operation's `security` in the 5.12 spec); `"any"`: either
   * (view-an-app takes an app key as well as the organization key in the docs).
   */
  auth: "org" | "app" | "any";
  app: AppLocator;
  /** Whether the route reads a JSON body ("none": any body is ignored, like OneSignal's rotate). */
  body: "required" | "optional" | "none";
  /** Whether the route changes state (drives `--data` writes). */
  mutates: boolean;
  handler(ctx: Ctx): Reply;
}
