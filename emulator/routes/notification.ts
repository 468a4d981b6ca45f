/**
 * `POST /notifications` — Create message (`create_notification`), the parts that touch the managed
 * resources: targeting, content per channel, scheduling fields, idempotency, and the "empty id means
 * not sent" rule (the 5.12 spec's `CreateNotificationSuccessResponse`).
 *
 * The emulator has no real audience: recipients are the simulated subscriptions of the app (added
 * through the admin API), plus the phone numbers / email addresses a request names, which OneSignal
 * turns into new subscriptions (its "SMS" and "Email" message docs; the 5.12 spec instead wants existing
 * subscribers).
 */
import type { Core, Ctx, Reply, RouteDef } from "../context";
import { badRequest, NO_TARGETS_MESSAGE, NOT_SUBSCRIBED_MESSAGE } from "../errors";
import { matchesFilters, validateFilters } from "../filters";
import { newId, uuidVersion } from "../ids";
import { notificationSchema, parseBody, type NotificationBody } from "../schemas";
import type { Channel, FilterEntry, IdempotencyRecord, MessageRecord, SubscriptionRecord } from "../state";
import { segmentMembers } from "./segment";
import { templateChannel } from "./template";

/** Targets per call: 20,000 per current docs (the 5.12 spec says 2,000). */
export const MAX_TARGETS = 20_000;
/**
 * `custom_data` limits (OneSignal's "Notification parameters" docs): 2,048 bytes push/SMS, 10,000 bytes
 * email (the 5.12 spec's figure, the stricter reading of the docs' "10 KB").
 */
export const CUSTOM_DATA_LIMIT: Record<Channel, number> = { push: 2048, sms: 2048, email: 10_000 };
/** OneSignal's "Idempotent notification requests" page: a key deduplicates for 30 days. */
export const IDEMPOTENCY_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;
export const MAX_MESSAGE_NAME = 128;
export const PUSH_NEEDS_ENGLISH = "Message Notifications must have English language content";
export const ONE_TARGETING_METHOD = "Only one targeting method is allowed per message";

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Parses `send_after` leniently, like OneSignal: ISO 8601 plus the 5.12 spec's human formats such as
 * `"September 24th 2015, 2:00:00 pm UTC-07:00"` (ordinal suffixes are dropped before parsing).
 */
export function parseSendAfter(text: string): number {
  const direct = Date.parse(text);
  if (!Number.isNaN(direct)) return direct;
  return Date.parse(text.replace(/(\d)(st|nd|rd|th)\b/gi, "$1").replace(/\bUTC([+-])/i, "GMT$1"));
}

/** `delivery_time_of_day` formats ("Notification parameters" docs): `"9:00AM"`, `"21:45"`, `"9:45:30"`. */
export function validTimeOfDay(text: string): boolean {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(text.trim());
  if (!m) return false;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const sec = m[3] === undefined ? 0 : Number(m[3]);
  if (min > 59 || sec > 59) return false;
  return m[4] ? h >= 1 && h <= 12 : h <= 23;
}

type Targeting = "aliases" | "subscriptions" | "phones" | "emails" | "segments" | "filters";

function present(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

function targetingMethods(b: NotificationBody): Targeting[] {
  const out: Targeting[] = [];
  if (present(b.include_aliases) || present(b.include_external_user_ids)) out.push("aliases");
  if (present(b.include_subscription_ids) || present(b.include_player_ids)) out.push("subscriptions");
  if (present(b.include_phone_numbers)) out.push("phones");
  if (present(b.email_to) || present(b.include_email_tokens)) out.push("emails");
  if (present(b.included_segments) || present(b.excluded_segments)) out.push("segments");
  if (b.filters !== undefined && b.filters !== null) out.push("filters");
  return out;
}

/**
 * The channel a message goes out on: `target_channel` ("Accepts `push`, `email`, or `sms`", default
 * `push`), else the members only one channel has. The docs' sms operation makes `target_channel` a
 * required member and says `included_segments` "requires `target_channel` to be set to `'sms'` or
 * `isSms=true` when sending SMS/RCS", so SMS content members (`sms_from`, `sms_media_urls`) do not
 * make a message an SMS: without `target_channel` it is a push (default) and reaches the push
 * subscribers only. Email bodies need no `target_channel` (the email operation's required members
 * are `app_id`, `email_subject`, `email_body`). A template's own channel applies only when it is not
 * SMS, for the same reason.
 */
function messageChannel(b: NotificationBody, core: Core, appId: string): Channel {
  if (b.target_channel) return b.target_channel;
  if (
    present(b.email_to) ||
    present(b.include_email_tokens) ||
    b.isEmail === true ||
    present(b.email_subject) ||
    present(b.email_body)
  )
    return "email";
  if (present(b.include_phone_numbers) || b.isSms === true || b.isSMS === true) return "sms";
  if (b.template_id) {
    const t = core.data.templates.find((x) => x.id === b.template_id && x.app_id === appId);
    if (t && templateChannel(t.content) === "email") return "email";
  }
  return "push";
}

function validate(b: NotificationBody, ctx: Ctx, channel: Channel): { filters?: FilterEntry[] } {
  const methods = targetingMethods(b);
  if (methods.length === 0) throw badRequest(NO_TARGETS_MESSAGE);
  if (methods.length > 1) throw badRequest(`${ONE_TARGETING_METHOD} (got ${methods.join(", ")})`);
  const method = methods[0]!;

  let targets = 0;
  for (const list of Object.values(b.include_aliases ?? {})) targets += list.length;
  for (const list of [
    b.include_external_user_ids,
    b.include_subscription_ids,
    b.include_player_ids,
    b.include_phone_numbers,
    b.email_to,
    b.include_email_tokens,
  ]) {
    targets += list?.length ?? 0;
  }
  if (targets > MAX_TARGETS)
    throw badRequest(`At most ${MAX_TARGETS} targets are allowed per call (got ${targets})`);

  if (method === "aliases" && present(b.include_aliases) && !b.target_channel) {
    throw badRequest("include_aliases requires target_channel");
  }
  if (method === "phones") {
    if (channel !== "sms") throw badRequest("include_phone_numbers can only be used for SMS messages");
    const bad = b.include_phone_numbers!.filter((n) => !E164.test(n));
    if (bad.length > 0) throw badRequest(`include_phone_numbers must be E.164 numbers: ${bad.join(", ")}`);
  }
  if (method === "emails" && channel !== "email")
    throw badRequest("email_to can only be used for email messages");
  if (method === "segments") {
    if (!present(b.included_segments)) throw badRequest(NO_TARGETS_MESSAGE);
    const names = new Set(ctx.core.data.segments.filter((s) => s.app_id === ctx.app!.id).map((s) => s.name));
    const unknown = [...(b.included_segments ?? []), ...(b.excluded_segments ?? [])].filter(
      (n) => !names.has(n),
    );
    if (unknown.length > 0) throw badRequest(`Segments not found: ${unknown.join(", ")}`);
  }
  const filters = method === "filters" ? validateFilters(b.filters!, "filters") : undefined;

  if (b.name !== undefined && b.name !== null && b.name.length > MAX_MESSAGE_NAME) {
    throw badRequest(`name must be at most ${MAX_MESSAGE_NAME} characters`);
  }
  if (b.custom_data) {
    const size = Buffer.byteLength(JSON.stringify(b.custom_data), "utf8");
    if (size > CUSTOM_DATA_LIMIT[channel]) {
      throw badRequest(
        `custom_data must be at most ${CUSTOM_DATA_LIMIT[channel]} bytes for ${channel} messages (got ${size})`,
      );
    }
  }
  if (b.send_after !== undefined && b.send_after !== null && Number.isNaN(parseSendAfter(b.send_after))) {
    throw badRequest("send_after must be a date, e.g. 2015-09-24T14:00:00-07:00");
  }
  if (b.delayed_option !== undefined && b.delayed_option !== null) {
    if (b.delayed_option !== "timezone" && b.delayed_option !== "last-active") {
      throw badRequest("delayed_option must be 'timezone' or 'last-active'");
    }
    if (b.delayed_option === "timezone" && !b.delivery_time_of_day) {
      throw badRequest("delivery_time_of_day is required when delayed_option is 'timezone'");
    }
  }
  if (b.delivery_time_of_day && !validTimeOfDay(b.delivery_time_of_day)) {
    throw badRequest("delivery_time_of_day must look like 9:00AM, 21:45 or 9:45:30");
  }
  // "Any RFC 9562 UUID supported" (push-notification, sms, email): versions 1–8, v7 included. The
  // Nil and Max UUIDs carry no version and are refused.
  if (
    b.idempotency_key !== undefined &&
    b.idempotency_key !== null &&
    uuidVersion(b.idempotency_key) === undefined
  )
    throw badRequest("idempotency_key must be an RFC 9562 UUID");
  // A number in the docs (push-notification), a string in the 5.12 spec: both forms are taken.
  const throttle = b.throttle_rate_per_minute;
  if (throttle !== undefined && throttle !== null && !/^\d+$/.test(String(throttle)))
    throw badRequest("throttle_rate_per_minute must be a whole number of 0 or more");
  if (b.template_id) {
    if (!ctx.core.data.templates.some((t) => t.id === b.template_id && t.app_id === ctx.app!.id)) {
      throw badRequest(`template_id ${b.template_id} does not exist in this app`);
    }
  } else if (channel === "email") {
    if (!b.email_subject) throw badRequest("email_subject is required for email messages");
    if (!b.email_body) throw badRequest("email_body is required for email messages");
  } else if (channel === "sms") {
    if (!b.contents || Object.keys(b.contents).length === 0)
      throw badRequest("contents is required for SMS messages");
  } else if (b.content_available !== true && !(b.contents && typeof b.contents.en === "string")) {
    throw badRequest(PUSH_NEEDS_ENGLISH);
  }
  return filters ? { filters } : {};
}

/** Finds (creating where OneSignal would) the recipients; reports unknown aliases/ids like OneSignal. */
function resolveRecipients(
  b: NotificationBody,
  ctx: Ctx,
  channel: Channel,
  filters: FilterEntry[] | undefined,
): { recipients: SubscriptionRecord[]; errors: Record<string, unknown> } {
  const core = ctx.core;
  const appId = ctx.app!.id;
  const subs = core.data.subscriptions.filter((s) => s.app_id === appId);
  const errors: Record<string, unknown> = {};
  const found = new Map<string, SubscriptionRecord>();
  const add = (s: SubscriptionRecord) => found.set(s.id, s);

  const aliases: Record<string, string[]> = { ...(b.include_aliases ?? {}) };
  if (b.include_external_user_ids)
    aliases.external_id = [...(aliases.external_id ?? []), ...b.include_external_user_ids];
  const invalidAliases: Record<string, string[]> = {};
  for (const [label, ids] of Object.entries(aliases)) {
    for (const id of ids) {
      const hits = subs.filter(
        (s) =>
          s.type === channel &&
          ((label === "external_id" && s.external_id === id) || (label === "onesignal_id" && s.id === id)),
      );
      if (hits.length === 0) (invalidAliases[label] ??= []).push(id);
      hits.forEach(add);
    }
  }
  if (Object.keys(invalidAliases).length > 0) errors.invalid_aliases = invalidAliases;

  const invalidIds: string[] = [];
  for (const id of [...(b.include_subscription_ids ?? []), ...(b.include_player_ids ?? [])]) {
    const s = subs.find((x) => x.id === id);
    if (s) add(s);
    else invalidIds.push(id);
  }
  if (invalidIds.length > 0) errors.invalid_player_ids = invalidIds;

  const byToken = (type: Channel, token: string) => {
    let s = subs.find((x) => x.type === type && x.token === token);
    if (!s) {
      s = { id: newId(), app_id: appId, type, token, external_id: null };
      core.data.subscriptions.push(s);
    }
    add(s);
  };
  for (const n of b.include_phone_numbers ?? []) byToken("sms", n);
  for (const e of [...(b.email_to ?? []), ...(b.include_email_tokens ?? [])]) byToken("email", e);

  if (present(b.included_segments)) {
    const appSegs = core.data.segments.filter((s) => s.app_id === appId);
    const members = (names: string[] | null | undefined) =>
      new Set(
        appSegs
          .filter((s) => (names ?? []).includes(s.name))
          .flatMap((s) => segmentMembers(core, s).map((m) => m.id)),
      );
    const inc = members(b.included_segments);
    const exc = members(b.excluded_segments);
    for (const s of subs) if (s.type === channel && inc.has(s.id) && !exc.has(s.id)) add(s);
  }
  if (filters) for (const s of subs) if (s.type === channel && matchesFilters(s.tags, filters)) add(s);

  return { recipients: [...found.values()], errors };
}

function sendNotification(ctx: Ctx): Reply {
  const core = ctx.core;
  const appId = ctx.app!.id;
  const b = parseBody(notificationSchema, ctx.body);
  const channel = messageChannel(b, core, appId);
  const { filters } = validate(b, ctx, channel);

  // Replays are checked after validation: a retry of a lost response carries the same body.
  const keys: string[] = [];
  if (b.idempotency_key) keys.push(`idempotency_key:${b.idempotency_key}`);
  if (b.external_id) keys.push(`external_id:${b.external_id}`);
  const now = core.now();
  core.data.idempotency = core.data.idempotency.filter((r) => now - r.created_at_ms < IDEMPOTENCY_WINDOW_MS);
  for (const key of keys) {
    const hit = core.data.idempotency.find((r) => r.app_id === appId && r.key === key);
    // The official Node SDK (`helpers.js`) reads `Idempotent-Replayed: true` to tell a replay.
    if (hit) return { status: 200, body: hit.response, headers: { "Idempotent-Replayed": "true" } };
  }

  const { recipients, errors } = resolveRecipients(b, ctx, channel, filters);
  const externalId = b.external_id ?? b.idempotency_key ?? null;
  let response: Record<string, unknown>;
  if (recipients.length === 0) {
    // HTTP 200 with an empty id: nothing was created (the 5.12 spec's `create_notification` response).
    response = { id: "", external_id: externalId, errors: [NOT_SUBSCRIBED_MESSAGE] };
  } else {
    const id = newId();
    const message: MessageRecord = {
      id,
      app_id: appId,
      channel,
      recipients: recipients.length,
      created_at: core.nowIso(),
      send_after: b.send_after ? new Date(parseSendAfter(b.send_after)).toISOString() : null,
      idempotency_key: b.idempotency_key ?? null,
      external_id: b.external_id ?? null,
      template_id: b.template_id ?? null,
      request: structuredClone(ctx.body as Record<string, unknown>),
    };
    core.data.messages.push(message);
    response = { id, external_id: externalId };
    if (Object.keys(errors).length > 0) response.errors = errors;
  }
  for (const key of keys) {
    const rec: IdempotencyRecord = { key, app_id: appId, created_at_ms: now, response };
    core.data.idempotency.push(rec);
  }
  return { status: 200, body: response };
}

export const notificationRoutes: RouteDef[] = [
  {
    method: "POST",
    template: "/notifications",
    family: "notification",
    rateFamily: "notifications",
    auth: "app",
    app: { from: "body" },
    body: "required",
    mutates: true,
    handler: sendNotification,
  },
];
