/**
 * Templates: list, create, view, update, delete (app key) and copy to another app (org key)
 * (`view_templates`, `create_template`, `view_template`, `update_template`, `delete_template`,
 * `copy_template_to_app`). `app_id` is a query parameter everywhere except create, where it is in the
 * body.
 */
import type { Core, Ctx, Reply, RouteDef } from "../context";
import { accessDenied, badRequest, notFound, unprocessable } from "../errors";
import { newId } from "../ids";
import { copyTemplateSchema, parseBody, templateCreateSchema, templateUpdateSchema } from "../schemas";
import type { Channel, TemplateRecord } from "../state";
import { intParam } from "./segment";

/** OneSignal's docs (`view_templates`): `limit` default and max 50. */
export const MAX_TEMPLATE_PAGE = 50;
export const TEMPLATE_NOT_FOUND = "Template not found";

/** Push platform flags; all on by default, naming some turns the rest off (docs for `create_template`). */
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

export function templateChannel(content: Record<string, unknown>): Channel {
  if (content.isEmail === true) return "email";
  if (content.isSMS === true) return "sms";
  return "push";
}

/**
 * Per-channel required fields (OneSignal's docs for `create_template` and `update_template`): email
 * needs subject and body; SMS needs `contents`; push needs `contents.en`. Violations are 422 (the 5.12
 * spec's code for create). The 5.12 spec also requires `contents` for email; the docs' email
 * examples omit it and we follow the docs.
 */
function checkChannelRules(content: Record<string, unknown>): void {
  if (content.isEmail === true && content.isSMS === true) {
    throw unprocessable("A template cannot be both an email (isEmail) and an SMS (isSMS) template");
  }
  const contents = content.contents as Record<string, string> | null | undefined;
  const channel = templateChannel(content);
  if (channel === "email") {
    const missing = ["email_subject", "email_body"].filter(
      (k) => typeof content[k] !== "string" || (content[k] as string).trim() === "",
    );
    if (missing.length > 0) throw unprocessable(`Email templates require ${missing.join(" and ")}`);
  } else if (channel === "sms") {
    if (!contents || Object.keys(contents).length === 0)
      throw unprocessable("SMS templates require contents");
  } else if (!contents || typeof contents.en !== "string" || contents.en === "") {
    throw unprocessable("Push templates require contents with an 'en' message");
  }
}

/** `TemplateResource`: inputs nested under `content`, plus the computed `channel` (as the 5.12 spec has it). */
export function templateView(core: Core, t: TemplateRecord): Record<string, unknown> {
  const src = t.content;
  const channel = templateChannel(src);
  const content: Record<string, unknown> = {};
  for (const k of CONTENT_KEYS) content[k] = src[k] ?? null;
  if (channel === "push") {
    const named = PLATFORM_FLAGS.filter((f) => src[f] === true);
    for (const f of PLATFORM_FLAGS) content[f] = named.length === 0 ? true : src[f] === true;
  }
  for (const [k, v] of Object.entries(src)) {
    if (!(k in content) && !WRITE_ONLY.has(k)) content[k] = v;
  }
  return {
    id: t.id,
    name: t.name,
    created_at: t.created_at,
    updated_at: t.updated_at,
    channel: channel === "sms" ? core.settings.smsChannelCase : channel,
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
 * `GET /templates?app_id=`: `{templates, limit, offset, total_count}` — the 5.12 spec's `templates`
 * plus the paging members of the example in OneSignal's docs for `view_templates`. Items are full
 * TemplateResources (the 5.12 spec).
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
  const templates = all.slice(offset, offset + limit).map((t) => templateView(ctx.core, t));
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
  return { status: 200, body: templateView(ctx.core, t) };
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
  return { status: 200, body: templateView(ctx.core, t) };
}

function deleteTemplate(ctx: Ctx): Reply {
  const t = findTemplate(ctx);
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
