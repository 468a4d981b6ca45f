/**
 * Templates: list, create, view, update, delete (app key) and copy to another app (org key)
 * (`view_templates`, `create_template`, `view_template`, `update_template`, `delete_template`,
 * `copy_template_to_app`). `app_id` is a query parameter everywhere except create, where it is in the
 * body.
 */
import type { Core, Ctx, Reply, RouteDef } from "../context";
import { accessDenied, badRequest, HttpError, notFound } from "../errors";
import { newId } from "../ids";
import { copyTemplateSchema, parseBody, templateCreateSchema, templateUpdateSchema } from "../schemas";
import type { Channel, TemplateRecord } from "../state";
import { intParam } from "./segment";

/** OneSignal's docs (`view_templates`): `limit` default and max 50. */
export const MAX_TEMPLATE_PAGE = 50;
export const TEMPLATE_NOT_FOUND = "Template not found";

/**
 * Push platform flags; naming some turns the rest off (docs for `create-template`). When none is named
 * all are on except `isAlexa`, which create-template's example answers as `null`.
 */
const PLATFORM_FLAGS = [
  "isAndroid",
  "isIos",
  "isMacOSX",
  "isAdm",
  "isAlexa",
  "isWP",
  "isWP_WNS",
  "isChrome",
  "isChromeWeb",
  "isSafari",
  "isFirefox",
  "isEdge",
  "isHuawei",
] as const;

/**
 * The `content` keys of the read examples in OneSignal's docs (`create_template`, `view_template`,
 * `update_template`); unset ones come back as `null`.
 */
const CONTENT_KEYS = [
  ...PLATFORM_FLAGS,
  "headings",
  "subtitle",
  "contents",
  "global_image",
  "url",
  "isEmail",
  "email_body",
  "email_subject",
  "email_preheader",
  "email_from_address",
  "email_from_name",
  "email_reply_to_address",
  "email_bcc",
  "disable_email_click_tracking",
  "isSMS",
  "sms_from",
  "sms_media_urls",
  "huawei_badge_add_num",
  "huawei_badge_class",
  "huawei_badge_set_num",
] as const;

/** Inputs never shown on reads: `dynamic_content` appears in no read example of OneSignal's docs. */
const WRITE_ONLY = new Set(["dynamic_content"]);

/** Validation messages of OneSignal's docs (`create-template` and `update-template`, 400). */
export const EMAIL_BODY_BLANK = "'message' Email body can not be blank";
export const NO_ENGLISH_CONTENT = "'message' Notifications must have Any/English language content";
/** `delete-template`'s 400 for a template a Journey uses. */
export const TEMPLATE_IN_JOURNEY = "Can not delete a template that has journeys using it.";

/** The 400 body of template writes and deletes: `{"success": false, "errors": [...]}` (OneSignal's docs). */
function templateBadRequest(message: string): HttpError {
  return new HttpError(400, { success: false, errors: [message] });
}

/**
 * The 422 of `create-template`: an HTML page served as `text/plain` (OneSignal's docs give its
 * `<title>`; the rest is the stock page of the framework that renders it).
 */
export const REJECTED_422_PAGE = `<!DOCTYPE html>
<html>
<head>
  <title>The change you wanted was rejected (422)</title>
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <style>
  body { background-color: #EFEFEF; color: #2E2F30; text-align: center; font-family: arial, sans-serif; margin: 0; }
  div.dialog { width: 95%; max-width: 33em; margin: 4em auto 0; }
  </style>
</head>
<body>
  <div class="dialog">
    <div>
      <h1>The change you wanted was rejected.</h1>
      <p>Maybe you tried to change something you didn't have access to.</p>
    </div>
    <p>If you are the application owner check the logs for more information.</p>
  </div>
</body>
</html>
`;

function rejected(): HttpError {
  return new HttpError(422, REJECTED_422_PAGE);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * create-template's 422 cases come before type checks: push `contents` that is not an object (the
 * docs' own words) is answered with the HTML page, not a 400.
 */
function checkPushContentsShape(body: unknown): void {
  if (!isObject(body)) return;
  const push = body.isEmail !== true && body.isSMS !== true;
  if (push && body.contents !== undefined && body.contents !== null && !isObject(body.contents))
    throw rejected();
}

export function templateChannel(content: Record<string, unknown>): Channel {
  if (content.isEmail === true) return "email";
  if (content.isSMS === true) return "sms";
  return "push";
}

/**
 * Per-channel required fields (OneSignal's docs for `create-template` and `update-template`), answered
 * as the docs do: a push or SMS template without any `contents` is the 422 HTML page; blank email
 * body, and push contents without `en` (SMS: without any language), are 400s with the docs'
 * messages. The 5.12 spec also requires `contents` for email; the docs' email examples omit it and
 * we follow the docs.
 */
function checkChannelRules(content: Record<string, unknown>): void {
  if (content.isEmail === true && content.isSMS === true) {
    throw templateBadRequest("A template cannot be both an email (isEmail) and an SMS (isSMS) template");
  }
  const blank = (k: string) => typeof content[k] !== "string" || (content[k] as string).trim() === "";
  const contents = content.contents as Record<string, string> | null | undefined;
  const channel = templateChannel(content);
  if (channel === "email") {
    if (blank("email_body")) throw templateBadRequest(EMAIL_BODY_BLANK);
    if (blank("email_subject")) throw templateBadRequest("'message' Email subject can not be blank");
    return;
  }
  if (!contents) throw rejected();
  const ok =
    channel === "sms"
      ? Object.keys(contents).length > 0
      : typeof contents.en === "string" && contents.en !== "";
  if (!ok) throw templateBadRequest(NO_ENGLISH_CONTENT);
}

/**
 * `TemplateResource`: inputs nested under `content`, plus the computed `channel` (view-template). The
 * create and update answers have no `channel` (create-template's example; update-template: "Same
 * shape as POST /templates"): `withChannel: false`.
 */
export function templateView(core: Core, t: TemplateRecord, withChannel = true): Record<string, unknown> {
  const src = t.content;
  const channel = templateChannel(src);
  const content: Record<string, unknown> = {};
  for (const k of CONTENT_KEYS) content[k] = src[k] ?? null;
  if (channel === "push") {
    const named = PLATFORM_FLAGS.filter((f) => src[f] === true);
    for (const f of PLATFORM_FLAGS)
      content[f] = named.length > 0 ? src[f] === true : f === "isAlexa" ? (src[f] ?? null) : true;
  }
  for (const [k, v] of Object.entries(src)) {
    if (!(k in content) && !WRITE_ONLY.has(k)) content[k] = v;
  }
  return {
    id: t.id,
    name: t.name,
    created_at: t.created_at,
    updated_at: t.updated_at,
    ...(withChannel ? { channel: channel === "sms" ? core.settings.smsChannelCase : channel } : {}),
    content,
  };
}

function appTemplates(core: Core, appId: string): TemplateRecord[] {
  return core.data.templates.filter((t) => t.app_id === appId);
}

function findTemplate(ctx: Ctx): TemplateRecord {
  const t = appTemplates(ctx.core, ctx.app!.id).find((x) => x.id === ctx.params.template_id);
  if (!t) throw notFound(TEMPLATE_NOT_FOUND);
  return t;
}

/**
 * `GET /templates?app_id=`: `{templates, limit, offset, total_count}` as in OneSignal's docs
 * (`view-templates`). Items are summaries (`id`, `name`, `created_at`, `updated_at`): no `content`, no
 * `channel`, although the 5.12 spec's `TemplatesListResponse` lists full TemplateResources.
 */
function listTemplates(ctx: Ctx): Reply {
  const offset = intParam(ctx.query, "offset", 0);
  const limit = intParam(ctx.query, "limit", MAX_TEMPLATE_PAGE, MAX_TEMPLATE_PAGE);
  const channelParam = ctx.query.get("channel");
  let channel: Channel | undefined;
  if (channelParam !== null && channelParam !== "") {
    // OneSignal's docs for `view_templates` say `SMS` in the text and `sms` in the enum: accept either case.
    const c = channelParam.toLowerCase();
    if (c !== "push" && c !== "email" && c !== "sms")
      throw badRequest("channel must be one of push, email, sms");
    channel = c;
  }
  const all = appTemplates(ctx.core, ctx.app!.id)
    .filter((t) => channel === undefined || templateChannel(t.content) === channel)
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
  const templates = all.slice(offset, offset + limit).map((t) => ({
    id: t.id,
    name: t.name,
    created_at: t.created_at,
    updated_at: t.updated_at,
  }));
  return { status: 200, body: { templates, limit, offset, total_count: all.length } };
}

function splitFields(body: Record<string, unknown>): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === "app_id" || k === "name" || v === undefined) continue;
    content[k] = v;
  }
  return content;
}

function createTemplate(ctx: Ctx): Reply {
  checkPushContentsShape(ctx.body);
  const body = parseBody(templateCreateSchema, ctx.body);
  const content = splitFields(body);
  checkChannelRules(content);
  const now = ctx.core.nowIso();
  const t: TemplateRecord = {
    id: newId(),
    app_id: ctx.app!.id,
    name: body.name,
    created_at: now,
    updated_at: now,
    content,
  };
  ctx.core.data.templates.push(t);
  return { status: 200, body: templateView(ctx.core, t, false) };
}

function viewTemplate(ctx: Ctx): Reply {
  return { status: 200, body: templateView(ctx.core, findTemplate(ctx)) };
}

/**
 * Partial PATCH (the 5.12 spec: every field optional): sent members replace stored ones (`null` clears), then
 * the merged template must still satisfy its channel's rules (docs restate them for update) → 422.
 */
function updateTemplate(ctx: Ctx): Reply {
  const t = findTemplate(ctx);
  checkPushContentsShape({ ...t.content, ...(isObject(ctx.body) ? ctx.body : {}) });
  const body = parseBody(templateUpdateSchema, ctx.body);
  const merged = { ...t.content };
  for (const [k, v] of Object.entries(splitFields(body))) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  checkChannelRules(merged);
  if (body.name !== undefined) t.name = body.name;
  t.content = merged;
  t.updated_at = ctx.core.nowIso();
  return { status: 200, body: templateView(ctx.core, t, false) };
}

function deleteTemplate(ctx: Ctx): Reply {
  const t = findTemplate(ctx);
  if (t.in_journey === true) throw templateBadRequest(TEMPLATE_IN_JOURNEY);
  ctx.core.data.templates = ctx.core.data.templates.filter((x) => x !== t);
  return { status: 200, body: { success: true } };
}

/**
 * Copy to another app of the same organization (org key). `target_app_id == app_id` → 400; a target
 * outside the key's organization → 400 "permission denied" (OneSignal's docs for
 * `copy_template_to_app`).
 */
function copyTemplate(ctx: Ctx): Reply {
  if (ctx.principal.kind !== "org") throw accessDenied();
  const orgId = ctx.principal.org.id;
  const t = findTemplate(ctx);
  const body = parseBody(copyTemplateSchema, ctx.body);
  if (body.target_app_id === t.app_id) throw badRequest("target_app_id must differ from app_id");
  const target = ctx.core.data.apps.find((a) => a.id === body.target_app_id);
  if (!target) throw badRequest("target_app_id does not name an existing app");
  if (target.organization_id !== orgId) throw badRequest("permission denied");
  const now = ctx.core.nowIso();
  const copy: TemplateRecord = {
    id: newId(),
    app_id: target.id,
    name: t.name,
    created_at: now,
    updated_at: now,
    content: structuredClone(t.content),
  };
  ctx.core.data.templates.push(copy);
  if (ctx.core.settings.copyTemplateResponse === "success") return { status: 200, body: { success: true } };
  // The 5.12 spec's answer (`copyTemplateResponse: "resource"`), which has `channel`.
  return { status: 200, body: templateView(ctx.core, copy) };
}

const tpl = { family: "template", auth: "app" } as const;

export const templateRoutes: RouteDef[] = [
  {
    ...tpl,
    rateFamily: "templateViews",
    method: "GET",
    template: "/templates",
    app: { from: "query" },
    body: "none",
    mutates: false,
    handler: listTemplates,
  },
  {
    ...tpl,
    rateFamily: "templateWrites",
    method: "POST",
    template: "/templates",
    app: { from: "body" },
    body: "required",
    mutates: true,
    handler: createTemplate,
  },
  {
    ...tpl,
    rateFamily: "templateViews",
    method: "GET",
    template: "/templates/{template_id}",
    app: { from: "query" },
    body: "none",
    mutates: false,
    handler: viewTemplate,
  },
  {
    ...tpl,
    rateFamily: "templateWrites",
    method: "PATCH",
    template: "/templates/{template_id}",
    app: { from: "query" },
    body: "required",
    mutates: true,
    handler: updateTemplate,
  },
  {
    ...tpl,
    rateFamily: "templateWrites",
    method: "DELETE",
    template: "/templates/{template_id}",
    app: { from: "query" },
    body: "none",
    mutates: true,
    handler: deleteTemplate,
  },
  {
    family: "template",
    auth: "org",
    rateFamily: "templateWrites",
    method: "POST",
    template: "/templates/{template_id}/copy_to_app",
    app: { from: "query" },
    body: "required",
    mutates: true,
    handler: copyTemplate,
  },
];
