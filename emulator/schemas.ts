/**
 * zod schemas for request bodies. They are written from OneSignal's docs and its 5.12 spec, never
 * imported from `provider/`: the emulator is an independent implementation, so a misreading of the
 * API in the client cannot be mirrored here.
 *
 * Unknown members are stripped (zod's default) because OneSignal ignores fields it does not know;
 * wrong types are 400s. Semantic rules that need state (uniqueness, existence) live in the routes.
 */
import { z } from "zod";
import { badRequest, HttpError } from "./errors";

/** Turns zod issues into OneSignal-style `errors` strings, e.g. `"name: Too big: expected string to have <=128 characters"`. */
export function issuesToMessages(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join(".");
    return where ? `${where}: ${issue.message}` : issue.message;
  });
}

/** Parses `body` with `schema`, throwing a 400 `{"errors":[…]}` (or `status`) on failure. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, status = 400): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    if (status === 400) throw badRequest(...issuesToMessages(result.error));
    throw new HttpError(status, { errors: issuesToMessages(result.error) });
  }
  return result.data;
}

/** A JSON object body (not an array, not a scalar). */
export const jsonObject = z.record(z.string(), z.unknown());

// ---------------------------------------------------------- filters (the 5.12 spec's `Filter`, `Operator`)

/** The 10 relations of the 5.12 spec's `Filter.relation`. */
export const RELATIONS = [
  ">",
  "<",
  "=",
  "!=",
  "exists",
  "not_exists",
  "time_elapsed_gt",
  "time_elapsed_lt",
  "in_array",
  "not_in_array",
] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * `radius`/`lat`/`long` are numbers in the 5.12 spec but strings in the table of OneSignal's docs for
 * `get_segment`: accept both, as long as the string is numeric.
 */
const numberish = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, "must be a number")]);

export const operatorEntrySchema = z.strictObject({ operator: z.enum(["OR", "AND"]) });

export const filterEntrySchema = z.object({
  field: z.string().min(1),
  relation: z.enum(RELATIONS),
  key: z.string().optional(),
  value: z.string().optional(),
  hours_ago: z.string().optional(),
  radius: numberish.optional(),
  lat: numberish.optional(),
  long: numberish.optional(),
});

export type FilterObject = z.infer<typeof filterEntrySchema>;

// ---------------------------------------------------------------- apps (`create_app`, `update_app`)

const nullableString = z.string().nullable();

/** Every App field OneSignal accepts on create/update; read-only members are ignored if sent. */
export const appBodySchema = z.object({
  name: z.string().max(128).optional(),
  organization_id: z.string().optional(),
  // The docs' enum is production | development, the 5.12 spec's sandbox | production.
  apns_env: z.enum(["production", "development", "sandbox"]).nullable().optional(),
  apns_p12: z.string().optional(),
  apns_p12_password: z.string().optional(),
  apns_key_id: nullableString.optional(),
  apns_team_id: nullableString.optional(),
  apns_bundle_id: nullableString.optional(),
  apns_p8: nullableString.optional(),
  gcm_key: nullableString.optional(),
  android_gcm_sender_id: z.string().optional(),
  fcm_v1_service_account_json: z.string().optional(),
  chrome_web_origin: nullableString.optional(),
  chrome_web_default_notification_icon: nullableString.optional(),
  chrome_web_sub_domain: nullableString.optional(),
  chrome_key: nullableString.optional(),
  site_name: nullableString.optional(),
  safari_site_origin: nullableString.optional(),
  safari_apns_p12: z.string().optional(),
  safari_apns_p12_password: z.string().optional(),
  safari_icon_256_256: z.string().optional(),
  additional_data_is_root_payload: z.boolean().optional(),
});
export type AppBody = z.infer<typeof appBodySchema>;

// ---------------------------------------------------------- API keys (`create_api_key`, `update_api_key`)

export const apiKeyCreateSchema = z.object({
  name: z.string().min(1).max(128),
  ip_allowlist_mode: z.enum(["disabled", "explicit"]).optional(),
  ip_allowlist: z.array(z.string()).optional(),
});

export const apiKeyUpdateSchema = z.object({
  name: z.string().min(1).max(128).optional(),
  ip_allowlist_mode: z.enum(["disabled", "explicit"]).optional(),
  ip_allowlist: z.array(z.string()).optional(),
});

// ---------------------------------------------------------- segments (`create_segment`, `update_segment`)

export const segmentCreateSchema = z.object({
  id: z.string().optional(),
  name: z.string().min(1).max(128),
  description: z.string().max(255).nullable().optional(),
  filters: z.array(z.unknown()),
});

export const segmentUpdateSchema = z.object({
  name: z.string().min(1).max(128),
  description: z.string().max(255).nullable().optional(),
  filters: z.array(z.unknown()).optional(),
});

// -------------------------------------------------------- templates (`create_template`, `update_template`)

/** LanguageStringMap: language code → string. */
export const languageStringMap = z.record(z.string(), z.string());

/**
 * Template properties that have a known type. Any other push/email/SMS channel property is also valid
 * in a template (OneSignal's docs for `create_template`), so the object is loose: extra members are
 * kept and echoed in `content`.
 */
export const templateFieldsSchema = z.looseObject({
  contents: languageStringMap.nullable().optional(),
  headings: languageStringMap.nullable().optional(),
  subtitle: languageStringMap.nullable().optional(),
  isEmail: z.boolean().nullable().optional(),
  email_subject: z.string().nullable().optional(),
  email_body: z.string().nullable().optional(),
  email_bcc: z.array(z.string()).max(5).nullable().optional(),
  isSMS: z.boolean().nullable().optional(),
  // An object in OneSignal's docs (`create-template`, `update-template`), a JSON string in the 5.12 spec.
  dynamic_content: z.union([jsonObject, z.string()]).nullable().optional(),
  sms_from: z.string().nullable().optional(),
  sms_media_urls: z.array(z.string()).max(10).nullable().optional(),
  url: z.string().nullable().optional(),
});

export const templateCreateSchema = templateFieldsSchema.extend({
  app_id: z.string().min(1),
  name: z.string().min(1).max(128),
});

export const templateUpdateSchema = templateFieldsSchema.extend({
  name: z.string().min(1).max(128).optional(),
});

export const copyTemplateSchema = z.object({ target_app_id: z.string().min(1) });

// ---------------------------------------------------------------- Create message (`create_notification`)

const stringArray = z.array(z.string());

export const notificationSchema = z.looseObject({
  app_id: z.string().min(1),
  include_aliases: z.record(z.string(), stringArray).nullable().optional(),
  target_channel: z.enum(["push", "email", "sms"]).nullable().optional(),
  include_subscription_ids: stringArray.nullable().optional(),
  include_player_ids: stringArray.nullable().optional(),
  include_external_user_ids: stringArray.nullable().optional(),
  include_phone_numbers: stringArray.nullable().optional(),
  email_to: stringArray.nullable().optional(),
  include_email_tokens: stringArray.nullable().optional(),
  included_segments: stringArray.nullable().optional(),
  excluded_segments: stringArray.nullable().optional(),
  filters: z.array(z.unknown()).nullable().optional(),
  contents: languageStringMap.nullable().optional(),
  headings: languageStringMap.nullable().optional(),
  name: z.string().nullable().optional(),
  template_id: z.string().nullable().optional(),
  custom_data: z.record(z.string(), z.unknown()).nullable().optional(),
  send_after: z.string().nullable().optional(),
  delayed_option: z.string().nullable().optional(),
  delivery_time_of_day: z.string().nullable().optional(),
  throttle_rate_per_minute: z.union([z.string(), z.number()]).nullable().optional(),
  idempotency_key: z.string().nullable().optional(),
  external_id: z.string().nullable().optional(),
  email_subject: z.string().nullable().optional(),
  email_body: z.string().nullable().optional(),
  email_bcc: stringArray.max(5).nullable().optional(),
  sms_from: z.string().nullable().optional(),
  sms_media_urls: stringArray.max(10).nullable().optional(),
  content_available: z.boolean().nullable().optional(),
  isEmail: z.boolean().nullable().optional(),
  isSms: z.boolean().nullable().optional(),
  isSMS: z.boolean().nullable().optional(),
});
export type NotificationBody = z.infer<typeof notificationSchema>;
