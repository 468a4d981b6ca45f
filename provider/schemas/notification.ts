/**
 * Create message, `POST /notifications` (`create_notification`; the 5.12 spec's `Notification`,
 * `BasicNotification_allOf`, `Notification_allOf`). Only the members this
 * project needs to exercise templates and segments are modelled; the schema is strict, so an
 * unmodelled member is reported instead of silently dropped.
 */
import { z } from "zod";
import {
  e164Schema,
  field,
  jsonByteLength,
  languageStringMapSchema,
  outboundShape,
  smsSenderSchema,
  toWire,
  type FieldTable,
} from "./common";
import { filtersSchema, filterToWire, type FilterExpression } from "./filter";
import { TEMPLATE_CHANNELS, type TemplateChannel } from "./template";

/** Documented per-call target limit (current docs; the 5.12 spec still says 2,000). */
export const MAX_TARGETS = 20_000;

/**
 * "Any RFC 9562 UUID supported" (create message's `idempotency_key`, push-notification/sms/email):
 * versions 1–8 with the RFC 9562 variant, v7 included. The Nil and Max UUIDs (RFC 9562 §5.9, §5.10)
 * are refused: they carry no version, and one constant key shared by every caller would deduplicate
 * unrelated messages for 30 days.
 */
export const idempotencyKeySchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
    "must be an RFC 9562 UUID (versions 1 to 8, e.g. a v4 or v7 UUID)",
  );

const targetList = (what: string, item: z.ZodType<string> = z.string().min(1)) =>
  z
    .array(item)
    .min(1, `must list at least one ${what}`)
    .max(MAX_TARGETS, `at most ${MAX_TARGETS} entries per request`);

/** Accepted `delivery_time_of_day` formats, e.g. `9:00AM`, `21:45`, `9:45:30` (the 5.12 spec). */
const timeOfDay = z
  .string()
  .regex(
    /^((1[0-2]|0?[1-9]):[0-5]\d(:[0-5]\d)?\s?[AaPp][Mm]|([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?)$/,
    "must be a time of day such as 9:00AM or 21:45",
  );

export const NOTIFICATION_FIELDS = {
  // Targeting (exactly one strategy, checked below).
  includeAliases: field(
    "include_aliases",
    z
      .record(z.string().min(1), z.array(z.string().min(1)))
      .refine((m) => Object.keys(m).length > 0, "must contain at least one alias label"),
  ),
  targetChannel: field("target_channel", z.enum(TEMPLATE_CHANNELS)),
  includeSubscriptionIds: field("include_subscription_ids", targetList("subscription id")),
  includePhoneNumbers: field("include_phone_numbers", targetList("phone number", e164Schema), {
    channel: "sms",
  }),
  emailTo: field("email_to", targetList("email address", z.email("must be an email address")), {
    channel: "email",
  }),
  includedSegments: field("included_segments", targetList("segment name")),
  excludedSegments: field("excluded_segments", z.array(z.string().min(1))),
  filters: field("filters", filtersSchema),
  // Content.
  templateId: field("template_id", z.string().min(1)),
  contents: field("contents", languageStringMapSchema),
  headings: field("headings", languageStringMapSchema, { channel: "push" }),
  subtitle: field("subtitle", languageStringMapSchema, { channel: "push" }),
  contentAvailable: field("content_available", z.boolean(), { channel: "push" }),
  name: field("name", z.string().min(1).max(128, "must be at most 128 characters")),
  data: field(
    "data",
    z
      .record(z.string(), z.unknown())
      .refine((d) => jsonByteLength(d) <= 2048, "must be at most 2048 bytes of JSON"),
    { channel: "push" },
  ),
  url: field("url", z.string().min(1), { channel: "push" }),
  webUrl: field("web_url", z.string().min(1), { channel: "push" }),
  appUrl: field("app_url", z.string().min(1), { channel: "push" }),
  isIos: field("isIos", z.boolean(), { channel: "push" }),
  isAndroid: field("isAndroid", z.boolean(), { channel: "push" }),
  isHuawei: field("isHuawei", z.boolean(), { channel: "push" }),
  isAnyWeb: field("isAnyWeb", z.boolean(), { channel: "push" }),
  isChromeWeb: field("isChromeWeb", z.boolean(), { channel: "push" }),
  isFirefox: field("isFirefox", z.boolean(), { channel: "push" }),
  isSafari: field("isSafari", z.boolean(), { channel: "push" }),
  emailSubject: field("email_subject", z.string().min(1), { channel: "email" }),
  emailBody: field("email_body", z.string().min(1), { channel: "email" }),
  emailFromName: field("email_from_name", z.string(), { channel: "email" }),
  emailFromAddress: field("email_from_address", z.email("must be an email address"), { channel: "email" }),
  emailReplyToAddress: field("email_reply_to_address", z.email("must be an email address"), {
    channel: "email",
  }),
  emailPreheader: field("email_preheader", z.string(), { channel: "email" }),
  emailBcc: field("email_bcc", z.array(z.email("must be an email address")).max(5, "at most 5 addresses"), {
    channel: "email",
  }),
  disableEmailClickTracking: field("disable_email_click_tracking", z.boolean(), { channel: "email" }),
  includeUnsubscribed: field("include_unsubscribed", z.boolean(), { channel: "email" }),
  smsFrom: field("sms_from", smsSenderSchema, { channel: "sms" }),
  smsMediaUrls: field("sms_media_urls", z.array(z.string().min(1)).max(10, "at most 10 media URLs"), {
    channel: "sms",
  }),
  customData: field("custom_data", z.record(z.string(), z.unknown())),
  // Scheduling.
  sendAfter: field(
    "send_after",
    z
      .string()
      .refine(
        (s) => !Number.isNaN(Date.parse(s)),
        'must be a date-time, e.g. 2026-09-24T14:00:00Z or "2015-09-24 14:00:00 GMT-0700"',
      ),
  ),
  delayedOption: field("delayed_option", z.enum(["timezone", "last-active"])),
  deliveryTimeOfDay: field("delivery_time_of_day", timeOfDay),
  // push-notification types it as a number, the 5.12 spec as a string; no form satisfies both, so
  // the docs' number is sent (what OneSignal documents today) and either form is accepted from users.
  // 0 sends without throttling.
  throttleRatePerMinute: field(
    "throttle_rate_per_minute",
    z
      .union([
        z.number().int("must be a whole number").min(0, "must be 0 or more"),
        z.string().regex(/^\d+$/, 'must be a whole number, e.g. 0 or "0"'),
      ])
      .transform((v) => Number(v)),
    { channel: "push" },
  ),
  ttl: field("ttl", z.number().int().min(0), { channel: "push" }),
  priority: field("priority", z.number().int(), { channel: "push" }),
  // Idempotency ("Idempotent notification requests" page): `external_id` is the deprecated
  // predecessor of `idempotency_key`.
  idempotencyKey: field("idempotency_key", idempotencyKeySchema),
  externalId: field("external_id", idempotencyKeySchema),
} as const satisfies FieldTable;

const notificationBase = z.strictObject(outboundShape(NOTIFICATION_FIELDS));
type NotificationBase = z.output<typeof notificationBase>;

const TARGETING = {
  aliases: ["includeAliases"],
  subscriptionIds: ["includeSubscriptionIds"],
  phoneNumbers: ["includePhoneNumbers"],
  email: ["emailTo"],
  segments: ["includedSegments", "excludedSegments"],
  filters: ["filters"],
} as const satisfies Record<string, readonly (keyof NotificationBase)[]>;

/**
 * The members that belong to one channel only (the `channel` of their field): the docs' push-notification,
 * email and sms operations list them for that channel alone.
 */
const CHANNEL_MEMBERS = Object.entries(NOTIFICATION_FIELDS).flatMap(([key, spec]) =>
  "channel" in spec ? [[key as keyof NotificationBase, spec.channel as TemplateChannel] as const] : [],
);

/** Channel-specific members present in `n`, with their channel. */
function channelMembers(n: NotificationBase): { key: keyof NotificationBase; channel: TemplateChannel }[] {
  return CHANNEL_MEMBERS.filter(([key]) => n[key] !== undefined).map(([key, channel]) => ({ key, channel }));
}

/**
 * The channel a message goes to: `targetChannel`, else the channel its members belong to, else push
 * (`target_channel` defaults to `push`; a template-only message is a push unless `targetChannel`
 * says otherwise, since the template's channel is not known without viewing it).
 */
export function notificationChannel(n: NotificationBase): TemplateChannel {
  return n.targetChannel ?? channelMembers(n).find((m) => m.channel !== "push")?.channel ?? "push";
}

function notificationRules(n: NotificationBase, ctx: z.RefinementCtx): void {
  const used = Object.entries(TARGETING).filter(([, keys]) => keys.some((k) => n[k] !== undefined));
  if (used.length === 0) {
    ctx.addIssue({
      code: "custom",
      message:
        "a targeting method is required: includeAliases, includeSubscriptionIds, includePhoneNumbers, emailTo, includedSegments or filters",
    });
  } else if (used.length > 1) {
    const names = used.map(([, keys]) => keys.filter((k) => n[k] !== undefined).join("/"));
    ctx.addIssue({
      code: "custom",
      path: [used[1]![1].find((k) => n[k] !== undefined)!],
      message: `only one targeting method is allowed per message (got ${names.join(" and ")})`,
    });
  }
  if (n.excludedSegments && !n.includedSegments)
    ctx.addIssue({ code: "custom", path: ["excludedSegments"], message: "requires includedSegments" });
  const members = channelMembers(n);
  const channel = notificationChannel(n);
  const clash = members.find((m) => m.channel !== channel);
  if (clash) {
    const other = n.targetChannel
      ? `targetChannel "${n.targetChannel}"`
      : members.filter((m) => m.channel === channel).map((m) => `${m.key} (${channel})`)[0]!;
    ctx.addIssue({
      code: "custom",
      path: [n.targetChannel ? "targetChannel" : clash.key],
      message: `${other} contradicts ${clash.key}, which belongs to ${clash.channel} messages only`,
    });
  }
  if (n.includeAliases) {
    // "Required when using include_aliases": the client sets it for SMS and email (below), so only a
    // push message leaves the choice to the user.
    if (!n.targetChannel && channel === "push")
      ctx.addIssue({ code: "custom", path: ["targetChannel"], message: "is required with includeAliases" });
    const total = Object.values(n.includeAliases).reduce((a, ids) => a + ids.length, 0);
    if (total === 0)
      ctx.addIssue({ code: "custom", path: ["includeAliases"], message: "must list at least one alias id" });
    if (total > MAX_TARGETS)
      ctx.addIssue({
        code: "custom",
        path: ["includeAliases"],
        message: `at most ${MAX_TARGETS} alias ids per request (got ${total})`,
      });
  }

  const hasTemplate = n.templateId !== undefined;
  if (channel === "push" && !hasTemplate && !n.contentAvailable && n.contents?.en === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["contents", "en"],
      message: "is required for a push message unless templateId or contentAvailable is set",
    });
  }
  if (channel === "sms") {
    if (!hasTemplate && n.contents === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["contents"],
        message: "is required for an SMS message unless templateId is set",
      });
  }
  if (channel === "email" && !hasTemplate) {
    if (n.emailSubject === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["emailSubject"],
        message: "is required for an email message unless templateId is set",
      });
    if (n.emailBody === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["emailBody"],
        message: "is required for an email message unless templateId is set",
      });
  }
  if (n.customData !== undefined) {
    const limit = channel === "email" ? 10_000 : 2_048;
    const size = jsonByteLength(n.customData);
    if (size > limit)
      ctx.addIssue({
        code: "custom",
        path: ["customData"],
        message: `must be at most ${limit} bytes of JSON for ${channel} messages (got ${size})`,
      });
  }
  if (n.delayedOption === "timezone" && n.deliveryTimeOfDay === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["deliveryTimeOfDay"],
      message: 'is required when delayedOption is "timezone"',
    });
  }
  if (n.deliveryTimeOfDay !== undefined && n.delayedOption !== "timezone") {
    ctx.addIssue({
      code: "custom",
      path: ["delayedOption"],
      message: 'must be "timezone" when deliveryTimeOfDay is set',
    });
  }
  if (channel === "sms" && (n.delayedOption !== undefined || n.deliveryTimeOfDay !== undefined)) {
    // The 5.12 spec: "SMS currently only supports send_after".
    ctx.addIssue({
      code: "custom",
      path: ["delayedOption"],
      message: "is not supported for SMS (use sendAfter)",
    });
  }
  if (n.idempotencyKey !== undefined && n.externalId !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["externalId"],
      message: "is the deprecated form of idempotencyKey; set only one",
    });
  }
}

/** Outbound input of `POST /notifications` (create_notification); `app_id` comes from the auth. */
export const notificationCreateInputSchema = notificationBase.superRefine(notificationRules);
export type NotificationCreateInput = z.input<typeof notificationCreateInputSchema>;

/** Wire body from a validated input. */
export function notificationInputToWire(input: NotificationBase, appId: string): Record<string, unknown> {
  const { filters, ...rest } = input;
  const out: Record<string, unknown> = { app_id: appId, ...toWire(NOTIFICATION_FIELDS, rest) };
  // sms: "`included_segments` requires `target_channel` to be set to `sms`", and `target_channel` is
  // a required member of the SMS body; it defaults to `push`, so SMS and email always name theirs.
  const channel = notificationChannel(input);
  if (out.target_channel === undefined && channel !== "push") out.target_channel = channel;
  if (filters !== undefined) out.filters = (filters as FilterExpression[]).map(filterToWire);
  return out;
}

/** `CreateNotificationSuccessResponse` (the 5.12 spec): `id` may be `""` (nothing sent). */
export const notificationCreateResponseSchema = z
  .looseObject({
    id: z.string().nullish(),
    external_id: z.string().nullish(),
    errors: z.unknown().optional(),
  })
  .transform((w) => ({
    id: w.id ?? "",
    externalId: w.external_id ?? null,
    // Pulumi cannot hold `undefined`: absent errors become null.
    errors: (w.errors ?? null) as unknown,
    sent: typeof w.id === "string" && w.id.length > 0,
  }));

/** Result of create message; `replayed` from the `Idempotent-Replayed: true` header (official Node SDK). */
export type NotificationCreateResult = z.output<typeof notificationCreateResponseSchema> & {
  replayed: boolean;
};
