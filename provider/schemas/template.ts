/**
 * Templates (the 5.12 spec's `CreateTemplateRequest`, `UpdateTemplateRequest`, `TemplateResource`,
 * `TemplatesListResponse`, `CopyTemplateRequest`).
 *
 * Inputs are top-level on the wire (`contents`, `isEmail`, `email_subject`, …) while reads nest
 * the same members under `content`; both directions come from {@link TEMPLATE_CONTENT_FIELDS}.
 */
import { z } from "zod";
import {
  booleanInbound,
  field,
  inboundObject,
  input,
  isPlainObject,
  languageStringMapInbound,
  languageStringMapSchema,
  outboundShape,
  smsSenderSchema,
  timestampInbound,
  toWire,
  type FieldTable,
} from "./common";

export const TEMPLATE_CHANNELS = ["push", "email", "sms"] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

const urlString = z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/\S+$/i, "must be an absolute URL");

/** Empty maps, empty strings and null all mean "not set" (OneSignal echoes `headings: {}`). */
function blankToUndefined(v: unknown): unknown {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0) return undefined;
  return v;
}

/** The object a JSON string encodes, or `undefined` when `v` is not one (an object is returned as is). */
function parseJsonObject(v: unknown): Record<string, unknown> | undefined {
  if (isPlainObject(v)) return v;
  if (typeof v !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `dynamic_content`: an object in OneSignal's docs (`create-template`, `update-template`:
 * `{"campaign_id": {"A": {...}}}`), a JSON-encoded string in the 5.12 spec. Both are accepted from
 * users; no form satisfies both specs, so the docs' object is what is sent (the transform), and the
 * two forms compare equal (the field's `normalise`).
 */
const dynamicContentSchema = z
  .union([z.record(z.string(), z.unknown()), z.string()], {
    error: "must be an object or a JSON-encoded object",
  })
  .transform((v, ctx) => {
    const obj = parseJsonObject(v);
    if (obj === undefined) {
      ctx.addIssue({ code: "custom", message: "must be an object or a JSON-encoded object" });
      return z.NEVER;
    }
    return obj;
  });

/**
 * A content member. OneSignal fills server defaults (push platform flags, channel flags) and its
 * API cannot clear an optional member, so an absent input means "not managed", not "must be empty".
 */
function content<S extends z.ZodType, I extends z.ZodType = S>(
  wire: string,
  schema: S,
  opts: { inbound?: I; channel?: TemplateChannel; writeOnly?: boolean } = {},
) {
  return field(wire, schema, { normalise: blankToUndefined, unmanagedWhenAbsent: true, ...opts });
}
const push = { channel: "push" } as const;
const email = { channel: "email" } as const;
const sms = { channel: "sms" } as const;
const flag = (wire: string, o: { channel?: TemplateChannel } = {}) =>
  content(wire, z.boolean(), { inbound: booleanInbound, ...o });
const str = (wire: string, o: { channel?: TemplateChannel } = {}) =>
  content(wire, z.string(), { inbound: z.string(), ...o });

/**
 * Template content members, declared once: camelCase name → wire name, schemas, behaviour and the
 * channel whose templates may set it. Docs say every push/email/SMS message property is valid in
 * a template (create_template); these are the ones OneSignal echoes in `content` (view_template)
 * plus the documented write-only `dynamic_content`. A new member is one line here plus its JSDoc
 * in `sdk/template.ts`.
 */
export const TEMPLATE_CONTENT_FIELDS = {
  contents: content("contents", languageStringMapSchema, { inbound: languageStringMapInbound }),
  headings: content("headings", languageStringMapSchema, { inbound: languageStringMapInbound, ...push }),
  subtitle: content("subtitle", languageStringMapSchema, { inbound: languageStringMapInbound, ...push }),
  // Push platform flags: setting some to true disables the others (create_template).
  isIos: flag("isIos", push),
  isAndroid: flag("isAndroid", push),
  isHuawei: flag("isHuawei", push),
  isChromeWeb: flag("isChromeWeb", push),
  isSafari: flag("isSafari", push),
  isFirefox: flag("isFirefox", push),
  isEdge: flag("isEdge", push),
  isChrome: flag("isChrome", push),
  // Windows (legacy MPNS); echoed by create-template beside `isWP_WNS`.
  isWp: flag("isWP", push),
  isAdm: flag("isAdm", push),
  isMacOsx: flag("isMacOSX", push),
  // In view_template's content (`TemplateResourceContent.isAlexa`, docs reference 11.6).
  isAlexa: flag("isAlexa", push),
  isWpWns: flag("isWP_WNS", push),
  url: content("url", urlString, { inbound: z.string(), ...push }),
  globalImage: content("global_image", urlString, { inbound: z.string(), ...push }),
  data: content("data", z.record(z.string(), z.unknown()), {
    inbound: z.record(z.string(), z.unknown()),
    ...push,
  }),
  huaweiBadgeClass: str("huawei_badge_class", push),
  huaweiBadgeAddNum: content("huawei_badge_add_num", z.number().int().min(1).max(99), push),
  huaweiBadgeSetNum: content("huawei_badge_set_num", z.number().int().min(0).max(99), push),
  isEmail: flag("isEmail"),
  emailSubject: str("email_subject", email),
  emailBody: str("email_body", email),
  // The spec says an array of at most 5; one view_template example returns a string → normalised to an array.
  emailBcc: content("email_bcc", z.array(z.email("must be an email address")).max(5, "at most 5 addresses"), {
    inbound: z.union([
      z.array(z.string()),
      z.string().transform((s) => (s === "" ? [] : s.split(",").map((x) => x.trim()))),
    ]),
    ...email,
  }),
  emailPreheader: str("email_preheader", email),
  emailFromName: str("email_from_name", email),
  emailFromAddress: content("email_from_address", z.email("must be an email address"), {
    inbound: z.string(),
    ...email,
  }),
  emailReplyToAddress: content("email_reply_to_address", z.email("must be an email address"), {
    inbound: z.string(),
    ...email,
  }),
  disableEmailClickTracking: flag("disable_email_click_tracking", email),
  includeUnsubscribed: flag("include_unsubscribed", email),
  isSms: flag("isSMS"),
  smsFrom: content("sms_from", smsSenderSchema, { inbound: z.string(), ...sms }),
  smsMediaUrls: content("sms_media_urls", z.array(urlString).max(10, "at most 10 media URLs"), {
    inbound: z.array(z.string()),
    ...sms,
  }),
  // Never echoed in reads. See dynamicContentSchema for the two forms.
  dynamicContent: field("dynamic_content", dynamicContentSchema, {
    normalise: (v: unknown) => blankToUndefined(parseJsonObject(v) ?? v),
    unmanagedWhenAbsent: true,
    writeOnly: true,
  }),
} as const satisfies FieldTable;

const templateName = z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters");

/**
 * Every Template input, declared once: check, diff, read, the SDK's secrets and the generated
 * reference all follow from it; the client sends the members that have a wire name.
 */
export const templateFields = {
  appId: input(z.string().min(1, "must not be empty"), { required: true, replaceOnChange: true }),
  // The app key: stored so that refresh and destroy keep working; no API call when only it changes.
  apiKey: input(z.string().min(1, "must not be empty"), {
    secret: true,
    writeOnly: true,
    unknownIsNoChange: true,
  }),
  name: field("name", templateName, { required: true }),
  channel: input(z.enum(TEMPLATE_CHANNELS), {
    replaceOnChange: true,
    // OneSignal reports `SMS` in upper case (update_template's example).
    normalise: (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v),
  }),
  ...TEMPLATE_CONTENT_FIELDS,
  adoptExistingId: input(z.string().min(1, "must not be empty"), { createOnly: true }),
} as const satisfies FieldTable;

const templateContentInbound = inboundObject(TEMPLATE_CONTENT_FIELDS);
/** Template content as read back (camelCase); `null`s and unknown members dropped. */
export type TemplateContent = z.output<typeof templateContentInbound>;

/**
 * Every content member a read returned, by its field name, leaving out the blank ones (OneSignal
 * echoes `headings: {}` and `""` for members never set): what a read with nothing to go by (a
 * `get`, an import, a look-up) shows of a template.
 */
export function readableContent(content: TemplateContent | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(TEMPLATE_CONTENT_FIELDS)) {
    if ((spec as { writeOnly?: boolean }).writeOnly) continue;
    const v = (content as Record<string, unknown> | undefined)?.[name];
    if (blankToUndefined(v) !== undefined) out[name] = v;
  }
  return out;
}

const templateInputBase = z.strictObject({
  name: templateName,
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

/**
 * The per-channel rules of create_template, for the client's schema and the handlers' `check`
 * alike: one channel flag at most, flags that agree with `channel`, and each channel's required
 * members (push `contents.en`, email subject and body, SMS `contents`). `isUnknown` tells a value
 * that is only known at apply (preview), which no rule may judge.
 */
export function templateChannelRules(
  t: Record<string, unknown>,
  channel: TemplateChannel,
  ctx: z.RefinementCtx,
  isUnknown: (v: unknown) => boolean = () => false,
): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  if (t.isEmail === true && t.isSms === true) issue(["isSms"], "cannot be true together with isEmail");
  if (t.channel !== undefined) {
    if (t.isEmail !== undefined && t.isEmail !== (channel === "email"))
      issue(["isEmail"], `contradicts channel "${channel}"`);
    if (t.isSms !== undefined && t.isSms !== (channel === "sms"))
      issue(["isSms"], `contradicts channel "${channel}"`);
  }
  if (channel === "push") {
    const contents = t.contents as Record<string, unknown> | undefined;
    if (!isUnknown(t.contents) && contents?.en === undefined)
      issue(["contents", "en"], "is required for a push template");
  } else if (channel === "email") {
    for (const f of ["emailSubject", "emailBody"] as const)
      if (t[f] === undefined || t[f] === null || t[f] === "") issue([f], "is required for an email template");
  } else if (t.contents === undefined) {
    issue(["contents"], "is required for an SMS template");
  }
}

/** Outbound input of `POST /templates` (create_template). */
export const templateCreateInputSchema = templateInputBase.superRefine((t, ctx) =>
  templateChannelRules(t, templateInputChannel(t), ctx),
);
export type TemplateCreateInput = z.input<typeof templateCreateInputSchema>;

/**
 * Outbound input of `PATCH /templates/{id}` (update_template). The client always sends the full
 * desired template (OneSignal does not document what happens to omitted members), so the
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

/** Channel as OneSignal reports it: `SMS` per the docs for `update_template`, `sms` per the 5.12 spec. */
const channelInbound = z.string().transform((s) => s.toLowerCase());

const MODELLED_CONTENT_KEYS: ReadonlySet<string> = new Set(
  Object.values(TEMPLATE_CONTENT_FIELDS).map((f) => f.wire),
);

/**
 * The `content` members OneSignal returned that no content field models (any channel property is
 * valid in a template, create-template), with their wire names; `null`s (other channels' members)
 * left out. Kept visible rather than dropped, so nothing the template does is hidden.
 */
function unmodelledContent(content: Record<string, unknown>): Record<string, unknown> | undefined {
  const out = Object.fromEntries(
    Object.entries(content).filter(
      ([k, v]) => v !== null && v !== undefined && !MODELLED_CONTENT_KEYS.has(k),
    ),
  );
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Inbound `TemplateResource`. create-template and update-template answer without `channel` (the
 * docs' example), so the channel then comes from the content flags (`isEmail`, `isSMS`, else push).
 */
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
      /** `content` members no field models, by wire name (absent when there are none). */
      unmodelledContent?: Record<string, unknown>;
    } = {
      id: w.id,
      name: w.name ?? "",
      channel,
      content,
    };
    const extra = unmodelledContent(w.content ?? {});
    if (extra !== undefined) t.unmodelledContent = extra;
    if (w.created_at != null) t.createdAt = w.created_at;
    if (w.updated_at != null) t.updatedAt = w.updated_at;
    return t;
  });
export type Template = z.output<typeof templateSchema>;

/**
 * List item: `id`, `name`, timestamps (view-templates' example); `channel` only when a server
 * following the 5.12 spec sends it. Nothing about content: finding a template by content means
 * viewing it.
 */
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

/** `TemplatesListResponse`; `limit`/`offset`/`total_count` are docs-only extras (not in the 5.12 spec). */
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

/**
 * Copy response: `{success: true}` (OneSignal's docs, `copy-template-to-app`), `TemplateResource`
 * (the 5.12 spec) or `{template_id}` (older docs' text).
 */
export const templateCopyResponseSchema = z.looseObject({
  id: z.string().nullish(),
  template_id: z.string().nullish(),
});
