/**
 * Apps: list, create, view, update (`get_apps`, `create_app`, `get_app`, `update_app`). There is no
 * delete route in OneSignal's API (its docs for `get_apps` send you to Support), so the emulator has
 * none either: `DELETE /apps/{id}` gets 405.
 */
import { createHash } from "node:crypto";
import type { Core, Ctx, Reply, RouteDef } from "../context";
import { accessDenied, badRequest, errorsBody, HttpError, notFound } from "../errors";
import { newId } from "../ids";
import { appBodySchema, parseBody, type AppBody } from "../schemas";
import type { AppRecord } from "../state";
import { createDefaultSegments } from "./segment";

/** OneSignal's docs (view-apps): `GET /apps` returns at most 1000 apps, without pagination. */
export const MAX_APPS_LISTED = 1000;

/** view-apps' 400 for organizations above the limit (`appListLimit`, 1000 at OneSignal). */
export const APP_LIST_DISABLED =
  "This API endpoint is disabled for organizations with over 1000 apps. Please contact support if you need access to this endpoint.";

/** update-an-app's 403 when the key does not belong to the body's `organization_id`. */
export const UPDATE_APP_FORBIDDEN = "You do not have permission to update this app.";

/** view-an-app's `safari_apns_certificate` when OneSignal's own Safari certificate is in use. */
export const ONESIGNAL_SAFARI_CERTIFICATE = "OneSignal Provided Certificate";

/**
 * Web push setup (create-an-app, update-an-app): the Safari settings are applied only when all of
 * these arrive in one request, unchanged ones included (`safari_apns_p12` may be empty).
 */
const WEB_PUSH_SET = ["site_name", "chrome_web_origin", "safari_site_origin", "safari_apns_p12"] as const;
const SAFARI_SETTINGS: ReadonlySet<string> = new Set([
  "site_name",
  "safari_site_origin",
  "safari_apns_p12",
  "safari_apns_p12_password",
]);

/** Conversion attribution windows (view-an-app), in minutes; the emulator's default is a day. */
const ATTRIBUTION_WINDOWS = [
  "conversion_attribution_window_push",
  "conversion_attribution_window_iam",
  "conversion_attribution_window_email",
  "conversion_attribution_window_sms",
] as const;
const DEFAULT_ATTRIBUTION_WINDOW = 1440;

/** Historic validation text for a missing name (quoted in OneSignal/OneSignal-WordPress-Plugin#80). */
export const APP_NAME_REQUIRED = "Name Enter an app name";

/** Readable (non-writeOnly) nullable App fields: echoed as `null` when unset, as in the spec's example. */
const NULLABLE_READ_FIELDS = [
  "gcm_key",
  "chrome_web_origin",
  "chrome_key",
  "chrome_web_default_notification_icon",
  "chrome_web_sub_domain",
  "apns_env",
  "apns_key_id",
  "apns_team_id",
  "apns_bundle_id",
  "apns_p8",
  // Echoed by view-an-app in the docs (OneSignal plans to stop): clients must not keep it.
  "fcm_v1_service_account_json",
  "chrome_web_gcm_sender_id",
  "safari_site_origin",
  "site_name",
] as const;

const digest = (s: string) => createHash("sha256").update(s).digest();

/** A stable FCM sender id for a service account: its `project_number` when the JSON has one. */
function fcmSenderId(serviceAccount: string): string {
  try {
    const json = JSON.parse(Buffer.from(serviceAccount, "base64").toString("utf8")) as Record<
      string,
      unknown
    >;
    if (typeof json.project_number === "string" || typeof json.project_number === "number")
      return String(json.project_number);
  } catch {
    // not Base64 JSON: fall back to a digest
  }
  return String(digest(serviceAccount).readBigUInt64BE(0) % 10n ** 12n).padStart(12, "0");
}

/** A stable VAPID public key (an uncompressed P-256 point, Base64url) for an app's web push. */
function vapidPublicKey(appId: string): string {
  const point = Buffer.concat([Buffer.from([4]), digest(`x:${appId}`), digest(`y:${appId}`)]);
  return point.toString("base64url");
}

const isSet = (v: unknown) => typeof v === "string" && v !== "";

/** The response body for an app: read fields only; write-only inputs (p12s, passwords…) are never echoed. */
export function appView(core: Core, app: AppRecord): Record<string, unknown> {
  const subs = core.data.subscriptions.filter((s) => s.app_id === app.id).length;
  const out: Record<string, unknown> = {
    id: app.id,
    name: app.name,
    players: subs,
    messageable_players: subs,
    created_at: app.created_at,
    updated_at: app.updated_at,
    // The 5.12 spec marks organization_id writeOnly, but every docs example returns it;
    // clients need it to detect a moved app. Listed as a divergence in emulator/README.md.
    organization_id: app.organization_id,
  };
  for (const f of NULLABLE_READ_FIELDS) out[f] = app[f] ?? null;
  out.apns_certificates = isSet(app.apns_p12) ? "emulated-apns-certificate" : null;
  const fcm = isSet(app.fcm_v1_service_account_json);
  out.fcm_sender_id = fcm ? fcmSenderId(app.fcm_v1_service_account_json as string) : null;
  out.chrome_web_key = isSet(app.chrome_web_origin) ? vapidPublicKey(app.id) : null;
  const safari = isSet(app.safari_site_origin);
  out.safari_push_id = safari ? `web.onesignal.auto.${app.id.replace(/-/g, "").slice(0, 20)}` : null;
  // The docs' member is singular: "the Safari APNs certificate, or OneSignal Provided Certificate".
  out.safari_apns_certificate = !safari
    ? null
    : isSet(app.safari_apns_p12)
      ? "emulated-safari-certificate"
      : ONESIGNAL_SAFARI_CERTIFICATE;
  if (typeof app.safari_icon_256_256 === "string") out.safari_icon_256_256 = app.safari_icon_256_256;
  for (const w of ATTRIBUTION_WINDOWS)
    out[w] = typeof app[w] === "number" ? app[w] : DEFAULT_ATTRIBUTION_WINDOW;
  const ios = (isSet(app.apns_key_id) && isSet(app.apns_p8)) || isSet(app.apns_p12);
  const push = [
    ...(ios ? ["ios"] : []),
    ...(fcm ? ["android"] : []),
    ...(isSet(app.chrome_web_origin) ? ["web"] : []),
    ...(safari ? ["safari"] : []),
  ];
  out.channels = {
    push: { enabled: push.length > 0, platforms: push },
    email: { enabled: false, platforms: [] },
    sms: { enabled: false, platforms: [] },
  };
  // The legacy app REST key (a secret); the emulator has none.
  out.basic_auth_key = null;
  return out;
}

/**
 * Copies request fields onto the record. The Safari settings (and `site_name`) only stick when the
 * whole web push set arrives in the same request (create-an-app, update-an-app).
 */
function applyAppFields(app: AppRecord, body: AppBody, raw: Record<string, unknown>): void {
  const webPushSet = WEB_PUSH_SET.every((k) => k in raw);
  for (const [k, v] of Object.entries(body)) {
    if (k === "name" || k === "organization_id" || v === undefined) continue;
    if (SAFARI_SETTINGS.has(k) && !webPushSet) continue;
    app[k] = v;
  }
}

function requireApp(ctx: Ctx): AppRecord {
  if (!ctx.app) throw notFound("App not found");
  return ctx.app;
}

function orgOf(ctx: Ctx): string {
  if (ctx.principal.kind !== "org") throw accessDenied();
  return ctx.principal.org.id;
}

function listApps(ctx: Ctx): Reply {
  const orgId = orgOf(ctx);
  const all = ctx.core.data.apps.filter((a) => a.organization_id === orgId);
  // view-apps: switched off above 1000 apps, otherwise at most 1000 without pagination.
  if (all.length > ctx.core.settings.appListLimit) throw badRequest(APP_LIST_DISABLED);
  return { status: 200, body: all.slice(0, MAX_APPS_LISTED).map((a) => appView(ctx.core, a)) };
}

function createApp(ctx: Ctx): Reply {
  const raw = ctx.body as Record<string, unknown>;
  const body = parseBody(appBodySchema, raw);
  if (!body.name) throw badRequest(APP_NAME_REQUIRED);
  // Current docs for `create_app`: organization_id is required and must belong to the key (the 5.12
  // spec requires nothing).
  if (!body.organization_id) throw badRequest("organization_id is required");
  if (body.organization_id !== orgOf(ctx)) throw accessDenied();
  const now = ctx.core.nowIso();
  const app: AppRecord = {
    id: newId(),
    organization_id: body.organization_id,
    name: body.name,
    players: 0,
    messageable_players: 0,
    created_at: now,
    updated_at: now,
  };
  applyAppFields(app, body, raw);
  ctx.core.data.apps.push(app);
  if (ctx.core.settings.defaultSegments) createDefaultSegments(ctx.core, app.id);
  return { status: 200, body: appView(ctx.core, app) };
}

function viewApp(ctx: Ctx): Reply {
  return { status: 200, body: appView(ctx.core, requireApp(ctx)) };
}

/** `PUT` that merges: omitted fields stay unchanged (OneSignal's v7 docs for `update_app`). */
function updateApp(ctx: Ctx): Reply {
  const app = requireApp(ctx);
  const raw = ctx.body as Record<string, unknown>;
  const body = parseBody(appBodySchema, raw);
  if (body.name !== undefined) {
    if (body.name === "") throw badRequest(APP_NAME_REQUIRED);
    app.name = body.name;
  }
  // update-an-app: the organization key must belong to the body's organization_id (the key already
  // reaches the app, so another id can only be refused; the API cannot move an app).
  if (body.organization_id !== undefined && body.organization_id !== orgOf(ctx))
    throw new HttpError(403, errorsBody(UPDATE_APP_FORBIDDEN));
  applyAppFields(app, body, raw);
  app.updated_at = ctx.core.nowIso();
  return { status: 200, body: appView(ctx.core, app) };
}

export const appRoutes: RouteDef[] = [
  {
    method: "GET",
    template: "/apps",
    family: "app",
    rateFamily: "apps",
    auth: "org",
    app: { from: "none" },
    body: "none",
    mutates: false,
    handler: listApps,
  },
  {
    method: "POST",
    template: "/apps",
    family: "app",
    rateFamily: "apps",
    auth: "org",
    app: { from: "none" },
    body: "required",
    mutates: true,
    handler: createApp,
  },
  {
    method: "GET",
    template: "/apps/{app_id}",
    family: "app",
    rateFamily: "apps",
    // view-an-app: the docs ask for an app API key; the organization key works too.
    auth: "any",
    app: { from: "path" },
    body: "none",
    mutates: false,
    handler: viewApp,
  },
  {
    method: "PUT",
    template: "/apps/{app_id}",
    family: "app",
    rateFamily: "apps",
    auth: "org",
    app: { from: "path" },
    body: "required",
    mutates: true,
    handler: updateApp,
  },
];
