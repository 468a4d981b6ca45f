/**
 * Templates (CONTRACT §5; SPEC `CreateTemplateRequest`, `UpdateTemplateRequest`,
 * `TemplateResource`, `TemplatesListResponse`, `CopyTemplateRequest` L5157-5595).
 *
 * Inputs are top-level on the wire (`contents`, `isEmail`, `email_subject`, …) while reads nest
 * the same members under `content`; both directions come from {@link TEMPLATE_CONTENT_FIELDS}.
 */
import { z } from "zod";
import {
  booleanInbound,
  e164Schema,
  field,
  inboundObject,
  languageStringMapInbound,
  languageStringMapSchema,
  outboundShape,
  timestampInbound,
  toWire,
  type FieldTable,
} from "./common";

export const TEMPLATE_CHANNELS = ["push", "email", "sms"] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

const flag = (wire: string) => field(wire, z.boolean(), { inbound: booleanInbound });
const str = (wire: string) => field(wire, z.string(), { inbound: z.string() });
const urlString = z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/\S+$/i, "must be an absolute URL");

/**
 * Template content members, declared once: camelCase name → wire name + schemas. Docs say every
 * push/email/SMS message property is valid in a template (CONTRACT §5.2); these are the ones
 * OneSignal echoes in `content` (D-view-tpl) plus the documented write-only `dynamic_content`.
 */
export const TEMPLATE_CONTENT_FIELDS = {
  contents: field("contents", languageStringMapSchema, { inbound: languageStringMapInbound }),
  headings: field("headings", languageStringMapSchema, { inbound: languageStringMapInbound }),
  subtitle: field("subtitle", languageStringMapSchema, { inbound: languageStringMapInbound }),
  // Push platform flags: setting some to true disables the others (D-create-tpl).
  isIos: flag("isIos"),
  isAndroid: flag("isAndroid"),
  isHuawei: flag("isHuawei"),
  isChromeWeb: flag("isChromeWeb"),
  isSafari: flag("isSafari"),
  isFirefox: flag("isFirefox"),
  isEdge: flag("isEdge"),
  isChrome: flag("isChrome"),
  isAdm: flag("isAdm"),
  isMacOsx: flag("isMacOSX"),
  isWpWns: flag("isWP_WNS"),
  url: field("url", urlString, { inbound: z.string() }),
  globalImage: field("global_image", urlString, { inbound: z.string() }),
  data: field("data", z.record(z.string(), z.unknown()), { inbound: z.record(z.string(), z.unknown()) }),
  huaweiBadgeClass: str("huawei_badge_class"),
  huaweiBadgeAddNum: field("huawei_badge_add_num", z.number().int().min(1).max(99)),
  huaweiBadgeSetNum: field("huawei_badge_set_num", z.number().int().min(0).max(99)),
  isEmail: flag("isEmail"),
  emailSubject: str("email_subject"),
  emailBody: str("email_body"),
  // SPEC: array ≤ 5; one D-view-tpl example returns a string → normalised to an array.
  emailBcc: field("email_bcc", z.array(z.email("must be an email address")).max(5, "at most 5 addresses"), {
    inbound: z.union([
      z.array(z.string()),
      z.string().transform((s) => (s === "" ? [] : s.split(",").map((x) => x.trim()))),
    ]),
  }),
  emailPreheader: str("email_preheader"),
  emailFromName: str("email_from_name"),
  emailFromAddress: field("email_from_address", z.email("must be an email address"), { inbound: z.string() }),
  emailReplyToAddress: field("email_reply_to_address", z.email("must be an email address"), {
    inbound: z.string(),
  }),
  disableEmailClickTracking: flag("disable_email_click_tracking"),
  includeUnsubscribed: flag("include_unsubscribed"),
  isSms: flag("isSMS"),
  smsFrom: field("sms_from", e164Schema, { inbound: z.string() }),
  smsMediaUrls: field("sms_media_urls", z.array(urlString).max(10, "at most 10 media URLs"), {
    inbound: z.array(z.string()),
  }),
  // A JSON-encoded *string* (CONTRACT §5.2); never echoed in reads.
  dynamicContent: field(
    "dynamic_content",
    z.string().refine((s) => {
      try {
        JSON.parse(s);
        return true;
      } catch {
        return false;
      }
    }, "must be a JSON-encoded string"),
    { writeOnly: true },
  ),
} as const satisfies FieldTable;

const templateContentInbound = inboundObject(TEMPLATE_CONTENT_FIELDS);
/** Template content as read back (camelCase); `null`s and unknown members dropped. */
export type TemplateContent = z.output<typeof templateContentInbound>;

const templateInputBase = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters"),
  /** Convenience: sets `isEmail`/`isSms`; must agree with them when both are given. */
  channel: z.enum(TEMPLATE_CHANNELS).optional(),
  ...outboundShape(TEMPLATE_CONTENT_FIELDS),
});
type TemplateInputBase = z.output<typeof templateInputBase>;

/** The channel an input describes: `channel`, else the `isEmail`/`isSms` flags, else push. */
export function templateInputChannel(t: {
  channel?: TemplateChannel;
  isEmail?: boolean;
  isSms?: boolean;
}): TemplateChannel {
  return t.channel ?? (t.isEmail ? "email" : t.isSms ? "sms" : "push");
}

/** Per-channel required members (D-create-tpl; CONTRACT §5.2, §5.5). */
function templateRules(t: TemplateInputBase, ctx: z.RefinementCtx): void {
  if (t.isEmail && t.isSms)
    ctx.addIssue({ code: "custom", path: ["isSms"], message: "cannot be true together with isEmail" });
  const channel = templateInputChannel(t);
  if (t.channel !== undefined) {
    if (t.isEmail !== undefined && t.isEmail !== (channel === "email"))
      ctx.addIssue({ code: "custom", path: ["isEmail"], message: `contradicts channel "${channel}"` });
    if (t.isSms !== undefined && t.isSms !== (channel === "sms"))
      ctx.addIssue({ code: "custom", path: ["isSms"], message: `contradicts channel "${channel}"` });
  }
  if (channel === "push") {
    if (t.contents?.en === undefined)
      ctx.addIssue({ code: "custom", path: ["contents", "en"], message: "is required for a push template" });
  } else if (channel === "email") {
    if (t.emailSubject === undefined || t.emailSubject === "")
      ctx.addIssue({ code: "custom", path: ["emailSubject"], message: "is required for an email template" });
    if (t.emailBody === undefined || t.emailBody === "")
      ctx.addIssue({ code: "custom", path: ["emailBody"], message: "is required for an email template" });
  } else if (t.contents === undefined) {
    ctx.addIssue({ code: "custom", path: ["contents"], message: "is required for an SMS template" });
  }
}

/** Outbound input of `POST /templates` (create_template). */
export const templateCreateInputSchema = templateInputBase.superRefine(templateRules);
export type TemplateCreateInput = z.input<typeof templateCreateInputSchema>;

/**
 * Outbound input of `PATCH /templates/{id}` (update_template). The client always sends the full
 * desired template (CONTRACT §5.5 recommendation: omitted members' fate is undocumented), so the
 * same per-channel rules apply.
 */
export const templateUpdateInputSchema = templateCreateInputSchema;
export type TemplateUpdateInput = z.input<typeof templateUpdateInputSchema>;

/** Wire body from a validated input; `appId` goes in the body for create only. */
export function templateInputToWire(input: TemplateInputBase, appId?: string): Record<string, unknown> {
  const { name, channel: _ignored, ...content } = input;
  void _ignored; // the channel is expressed by the isEmail/isSMS flags below
  const channel = templateInputChannel(input);
  const out: Record<string, unknown> = {};
  if (appId !== undefined) out.app_id = appId;
  out.name = name;
  Object.assign(out, toWire(TEMPLATE_CONTENT_FIELDS, content));
  if (channel === "email") out.isEmail = true;
  if (channel === "sms") out.isSMS = true;
  return out;
}

/** Channel as OneSignal reports it: `SMS` upper-case per D-update-tpl, lower-case per SPEC. */
const channelInbound = z.string().transform((s) => s.toLowerCase());

/** Inbound `TemplateResource`. `content` is absent in list items (D-view-tpls). */
export const templateSchema = z
  .looseObject({
    id: z.string().min(1),
    name: z.string().nullish(),
    created_at: timestampInbound.nullish(),
    updated_at: timestampInbound.nullish(),
    channel: channelInbound.nullish(),
    content: z.record(z.string(), z.unknown()).nullish(),
  })
  .transform((w) => {
    const content = templateContentInbound.parse(w.content ?? {});
    const fromFlags: TemplateChannel = content.isEmail ? "email" : content.isSms ? "sms" : "push";
    const channel: TemplateChannel = (TEMPLATE_CHANNELS as readonly string[]).includes(w.channel ?? "")
      ? (w.channel as TemplateChannel)
      : fromFlags;
    const t: {
      id: string;
      name: string;
      channel: TemplateChannel;
      createdAt?: string;
      updatedAt?: string;
      content: TemplateContent;
    } = {
      id: w.id,
      name: w.name ?? "",
      channel,
      content,
    };
    if (w.created_at != null) t.createdAt = w.created_at;
    if (w.updated_at != null) t.updatedAt = w.updated_at;
    return t;
  });
export type Template = z.output<typeof templateSchema>;

/** List item (`id`, `name`, timestamps; `channel` when the server sends it). */
export const templateSummarySchema = z
  .looseObject({
    id: z.string().min(1),
    name: z.string().nullish(),
    created_at: timestampInbound.nullish(),
    updated_at: timestampInbound.nullish(),
    channel: channelInbound.nullish(),
  })
  .transform((w) => {
    const t: { id: string; name: string; channel?: TemplateChannel; createdAt?: string; updatedAt?: string } =
      { id: w.id, name: w.name ?? "" };
    if (w.channel && (TEMPLATE_CHANNELS as readonly string[]).includes(w.channel))
      t.channel = w.channel as TemplateChannel;
    if (w.created_at != null) t.createdAt = w.created_at;
    if (w.updated_at != null) t.updatedAt = w.updated_at;
    return t;
  });
export type TemplateSummary = z.output<typeof templateSummarySchema>;

/** `TemplatesListResponse`; `limit`/`offset`/`total_count` are docs-only extras (CONTRACT §9 #31). */
export const templatePageSchema = z
  .looseObject({
    templates: z.array(templateSummarySchema).nullish(),
    total_count: z.number().nullish(),
    offset: z.number().nullish(),
    limit: z.number().nullish(),
  })
  .transform((w) => {
    const templates = w.templates ?? [];
    const page: { templates: TemplateSummary[]; offset: number; limit: number; totalCount?: number } = {
      templates,
      offset: w.offset ?? 0,
      limit: w.limit ?? 50,
    };
    if (w.total_count != null) page.totalCount = w.total_count;
    return page;
  });
export type TemplatePage = z.output<typeof templatePageSchema>;

/** Outbound `CopyTemplateRequest` (camelCase view). */
export const templateCopyInputSchema = z.strictObject({
  targetAppId: z.string().trim().min(1, "must not be empty"),
});

/** Copy response: `TemplateResource` (SPEC) or `{success: true}` (D-copy-tpl) or `{template_id}` (docs text). */
export const templateCopyResponseSchema = z.looseObject({
  id: z.string().nullish(),
  template_id: z.string().nullish(),
});
