/**
 * Apps: list, create, view, update (`get_apps`, `create_app`, `get_app`, `update_app`). There is no
 * delete route in OneSignal's API (its docs for `get_apps` send you to Support), so the emulator has
 * none either: `DELETE /apps/{id}` gets 405.
 */
import type { Core, Ctx, Reply, RouteDef } from "../context";
import { accessDenied, badRequest, notFound } from "../errors";
import { newId } from "../ids";
import { appBodySchema, parseBody, type AppBody } from "../schemas";
import type { AppRecord } from "../state";
import { createDefaultSegments } from "./segment";

/** OneSignal's docs (`get_apps`): `GET /apps` returns at most 1000 apps, without pagination. */
export const MAX_APPS_LISTED = 1000;

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
  "safari_site_origin",
  "site_name",
] as const;

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
  out.apns_certificates =
    typeof app.apns_p12 === "string" && app.apns_p12 !== "" ? "emulated-apns-certificate" : null;
  out.safari_push_id = app.safari_site_origin
    ? `web.onesignal.auto.${app.id.replace(/-/g, "").slice(0, 20)}`
    : null;
  if (typeof app.safari_icon_256_256 === "string") out.safari_icon_256_256 = app.safari_icon_256_256;
  // The legacy app REST key (a secret); the emulator has none.
  out.basic_auth_key = null;
  return out;
}

/**
 * Copies request fields onto the record. `site_name` only sticks when `chrome_web_origin` and
 * `safari_site_origin` arrive in the same request (OneSignal's docs for `create_app`
 * and `update_app`).
 */
function applyAppFields(app: AppRecord, body: AppBody, raw: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(body)) {
    if (k === "name" || k === "organization_id" || v === undefined) continue;
    if (k === "site_name" && !("chrome_web_origin" in raw && "safari_site_origin" in raw)) continue;
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
  const apps = ctx.core.data.apps
    .filter((a) => a.organization_id === orgId)
    .slice(0, MAX_APPS_LISTED)
    .map((a) => appView(ctx.core, a));
  return { status: 200, body: apps };
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
  if (body.organization_id !== undefined && body.organization_id !== app.organization_id) {
    // A different existing org id moves the app (an older revision of the docs for `update_app`);
    // unknown ids are refused.
    if (!ctx.core.data.organizations.some((o) => o.id === body.organization_id)) {
      throw badRequest("organization_id must name an existing organization");
    }
    app.organization_id = body.organization_id;
  }
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
    auth: "org",
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
