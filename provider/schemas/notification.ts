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
 * RFC 4122 UUID of version 3 or 4 (older "Idempotent notification requests" page; the newer one says
 * "RFC 9562"; the official Node SDK generates v4).
 */
export const idempotencyKeySchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[34][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
    "must be a version 3 or 4 UUID",
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
  includePhoneNumbers: field("include_phone_numbers", targetList("phone number", e164Schema)),
  emailTo: field("email_to", targetList("email address", z.email("must be an email address"))),
  includedSegments: field("included_segments", targetList("segment name")),
  excludedSegments: field("excluded_segments", z.array(z.string().min(1))),
  filters: field("filters", filtersSchema),
  // Content.
  templateId: field("template_id", z.string().min(1)),
  contents: field("contents", languageStringMapSchema),
  headings: field("headings", languageStringMapSchema),
  subtitle: field("subtitle", languageStringMapSchema),
  contentAvailable: field("content_available", z.boolean()),
  name: field("name", z.string().min(1).max(128, "must be at most 128 characters")),
  data: field(
    "data",
    z
      .record(z.string(), z.unknown())
      .refine((d) => jsonByteLength(d) <= 2048, "must be at most 2048 bytes of JSON"),
  ),
  url: field("url", z.string().min(1)),
  webUrl: field("web_url", z.string().min(1)),
  appUrl: field("app_url", z.string().min(1)),
  isIos: field("isIos", z.boolean()),
  isAndroid: field("isAndroid", z.boolean()),
  isHuawei: field("isHuawei", z.boolean()),
  isAnyWeb: field("isAnyWeb", z.boolean()),
  isChromeWeb: field("isChromeWeb", z.boolean()),
  isFirefox: field("isFirefox", z.boolean()),
  isSafari: field("isSafari", z.boolean()),
  emailSubject: field("email_subject", z.string().min(1)),
  emailBody: field("email_body", z.string().min(1)),
  emailFromName: field("email_from_name", z.string()),
  emailFromAddress: field("email_from_address", z.email("must be an email address")),
  emailReplyToAddress: field("email_reply_to_address", z.email("must be an email address")),
  emailPreheader: field("email_preheader", z.string()),
  emailBcc: field("email_bcc", z.array(z.email("must be an email address")).max(5, "at most 5 addresses")),
  disableEmailClickTracking: field("disable_email_click_tracking", z.boolean()),
  includeUnsubscribed: field("include_unsubscribed", z.boolean()),
  smsFrom: field("sms_from", smsSenderSchema),
  smsMediaUrls: field("sms_media_urls", z.array(z.string().min(1)).max(10, "at most 10 media URLs")),
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
  // The 5.12 spec types it as a string ("0" disables app throttling for this message).
  throttleRatePerMinute: field(
    "throttle_rate_per_minute",
    z.string().regex(/^\d+$/, 'must be a whole number written as a string, e.g. "0"'),
  ),
  ttl: field("ttl", z.number().int().min(0)),
  priority: field("priority", z.number().int()),
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

/** The channel a message goes to, from `targetChannel` or the targeting/content members. */
export function notificationChannel(n: NotificationBase): TemplateChannel {
  if (n.targetChannel) return n.targetChannel;
  if (n.emailTo || n.emailSubject !== undefined || n.emailBody !== undefined) return "email";
  if (n.includePhoneNumbers || n.smsFrom !== undefined || n.smsMediaUrls !== undefined) return "sms";
  return "push";
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
  if (n.includeAliases) {
    if (!n.targetChannel)
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
  const channel = notificationChannel(n);
  if (n.targetChannel && n.emailTo && channel !== "email")
    ctx.addIssue({ code: "custom", path: ["targetChannel"], message: 'must be "email" with emailTo' });
  if (n.targetChannel && n.includePhoneNumbers && channel !== "sms")
    ctx.addIssue({
      code: "custom",
      path: ["targetChannel"],
      message: 'must be "sms" with includePhoneNumbers',
    });

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
    // The 5.12 spec: "Required for SMS Messages".
    if (n.name === undefined)
      ctx.addIssue({ code: "custom", path: ["name"], message: "is required for an SMS message" });
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
