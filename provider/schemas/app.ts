/**
 * App (the 5.12 spec's `App`). Org-key endpoints `GET/POST /apps`, `GET/PUT /apps/{app_id}`.
 */
import { z } from "zod";
import {
  field,
  inboundObject,
  input,
  outboundShape,
  timestampInbound,
  toWire,
  uuidSchema,
  wireFields,
  type FieldSpec,
  type FieldTable,
} from "./common";

const optString = z.string();

/** Origins compare without a trailing slash and with a lower-case scheme and host. */
export function normaliseOrigin(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    const u = new URL(value);
    if (u.pathname === "/" && !u.search && !u.hash) return `${u.protocol}//${u.host}`;
    return u.toString();
  } catch {
    return value.replace(/\/+$/, "");
  }
}

/**
 * An optional app setting: unmanaged when left out, since removing one from the program must leave
 * OneSignal's value alone (update_an_app has no way to clear them).
 */
function setting<S extends z.ZodType, I extends z.ZodType = S>(
  wire: string,
  schema: S,
  opts: { inbound?: I } & Pick<FieldSpec, "normalise" | "writeOnly" | "secret"> = {},
) {
  return field(wire, schema, { unmanagedWhenAbsent: true, ...opts });
}

/**
 * A credential: secret and write-only. OneSignal does not echo it (the spec marks the certificates
 * `writeOnly`; current get_app examples leave the p8 key out too), so diffs compare it with the
 * last inputs, never with reads.
 */
const credential = (wire: string) => setting(wire, optString, { secret: true, writeOnly: true });

/** Every App input, declared once: the client's wire table and the resource's behaviour. */
export const appFields = {
  name: field(
    "name",
    z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters"),
    { inbound: z.string(), required: true },
  ),
  organizationId: setting("organization_id", uuidSchema, { inbound: z.string() }),
  apnsEnv: setting("apns_env", z.enum(["sandbox", "production"]), { inbound: z.string() }),
  apnsKeyId: setting("apns_key_id", optString),
  apnsTeamId: setting("apns_team_id", optString),
  apnsBundleId: setting("apns_bundle_id", optString),
  apnsP8: credential("apns_p8"),
  apnsP12: credential("apns_p12"),
  apnsP12Password: credential("apns_p12_password"),
  // Required for Android by the current docs (create_an_app), though missing from the 5.12 spec.
  fcmV1ServiceAccountJson: credential("fcm_v1_service_account_json"),
  chromeWebOrigin: setting(
    "chrome_web_origin",
    z.string().regex(/^https:\/\/[^\s/]+/, "must be an https:// origin"),
    { inbound: z.string(), normalise: normaliseOrigin },
  ),
  chromeWebDefaultNotificationIcon: setting("chrome_web_default_notification_icon", optString),
  chromeWebSubDomain: setting("chrome_web_sub_domain", optString),
  safariSiteOrigin: setting(
    "safari_site_origin",
    z.string().regex(/^https?:\/\/[^\s/]+/, "must include the scheme, e.g. https://example.com"),
    { inbound: z.string(), normalise: normaliseOrigin },
  ),
  safariApnsP12: credential("safari_apns_p12"),
  safariApnsP12Password: credential("safari_apns_p12_password"),
  safariIcon256256: setting("safari_icon_256_256", optString),
  siteName: setting("site_name", optString),
  additionalDataIsRootPayload: setting("additional_data_is_root_payload", z.boolean(), { writeOnly: true }),
  adoptExistingId: input(z.string().trim().min(1, "must not be empty"), { createOnly: true }),
} as const satisfies FieldTable;

/**
 * Legacy members the client still sends and reads but the App resource does not offer: the GCM
 * and Chrome server keys that FCM v1 replaced (create_an_app).
 */
const APP_LEGACY_FIELDS = {
  gcmKey: field("gcm_key", optString, { secret: true }),
  androidGcmSenderId: field("android_gcm_sender_id", optString, { writeOnly: true }),
  chromeKey: field("chrome_key", optString, { secret: true }),
} as const satisfies FieldTable;

/** What the client sends to and reads from `/apps`. */
export const APP_FIELDS = { ...wireFields(appFields), ...APP_LEGACY_FIELDS };

const appInputBase = z.strictObject(outboundShape(APP_FIELDS));
type AppInputBase = z.output<typeof appInputBase>;

/** Platform grouping rules (OneSignal's docs for `create_app` and `update_app`). */
function appGroupRules(a: AppInputBase, ctx: z.RefinementCtx): void {
  const p8 = ["apnsKeyId", "apnsTeamId", "apnsBundleId", "apnsP8"] as const;
  if (p8.some((k) => a[k] !== undefined)) {
    for (const k of p8)
      if (a[k] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [k],
          message: "is required when any iOS p8 field (apnsKeyId, apnsTeamId, apnsBundleId, apnsP8) is set",
        });
  }
  if (a.apnsP12 !== undefined && a.apnsP12Password === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["apnsP12Password"],
      message: "is required with apnsP12 (may be an empty string)",
    });
  }
  if (a.safariApnsP12 !== undefined && a.safariApnsP12Password === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["safariApnsP12Password"],
      message: "is required with safariApnsP12 (may be an empty string)",
    });
  }
  // OneSignal only applies site_name when both origins arrive in the same request.
  if (a.siteName !== undefined && (a.chromeWebOrigin === undefined || a.safariSiteOrigin === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["siteName"],
      message: "requires chromeWebOrigin and safariSiteOrigin in the same request",
    });
  }
}

/** Outbound input of `POST /apps` (create_app). `name` and `organizationId` are required (current docs). */
export const appCreateInputSchema = appInputBase
  .required({ name: true, organizationId: true })
  .superRefine((a, ctx) => appGroupRules(a, ctx));
export type AppCreateInput = z.input<typeof appCreateInputSchema>;

/** Outbound input of `PUT /apps/{app_id}` (update_app): a partial merge; at least one field. */
export const appUpdateInputSchema = appInputBase.superRefine((a, ctx) => {
  if (Object.values(a).every((v) => v === undefined))
    ctx.addIssue({ code: "custom", message: "at least one field must be set" });
  appGroupRules(a, ctx);
});
export type AppUpdateInput = z.input<typeof appUpdateInputSchema>;

/** Wire body for create/update from a validated input. */
export function appInputToWire(input: AppUpdateInput): Record<string, unknown> {
  return toWire(APP_FIELDS, input);
}

const appConfigInbound = inboundObject(APP_FIELDS);

/** Inbound App (the 5.12 spec's `App`; read fields vary by doc revision, all but `id` tolerated absent). */
export const appSchema = z
  .looseObject({
    id: z.string().min(1),
    players: z.number().nullish(),
    messageable_players: z.number().nullish(),
    created_at: timestampInbound.nullish(),
    updated_at: timestampInbound.nullish(),
    apns_certificates: z.string().nullish(),
    safari_apns_certificates: z.string().nullish(),
    safari_push_id: z.string().nullish(),
    safari_icon_16_16: z.string().nullish(),
    safari_icon_32_32: z.string().nullish(),
    safari_icon_64_64: z.string().nullish(),
    safari_icon_128_128: z.string().nullish(),
    basic_auth_key: z.string().nullish(),
  })
  .transform((w) => {
    const { id, players, messageable_players, created_at, updated_at, basic_auth_key } = w;
    const configured = appConfigInbound.parse(w);
    const app: App = { ...configured, id, name: configured.name ?? "" };
    if (players != null) app.players = players;
    if (messageable_players != null) app.messageablePlayers = messageable_players;
    if (created_at != null) app.createdAt = created_at;
    if (updated_at != null) app.updatedAt = updated_at;
    if (basic_auth_key != null) app.basicAuthKey = basic_auth_key;
    for (const [wire, camel] of [
      ["apns_certificates", "apnsCertificates"],
      ["safari_apns_certificates", "safariApnsCertificates"],
      ["safari_push_id", "safariPushId"],
      ["safari_icon_16_16", "safariIcon1616"],
      ["safari_icon_32_32", "safariIcon3232"],
      ["safari_icon_64_64", "safariIcon6464"],
      ["safari_icon_128_128", "safariIcon128128"],
    ] as const) {
      const v = (w as Record<string, unknown>)[wire];
      if (typeof v === "string") app[camel] = v;
    }
    return app;
  });

/** An app as read back (camelCase). Write-only inputs are never present. */
export interface App extends Omit<z.output<typeof appConfigInbound>, "name"> {
  id: string;
  name: string;
  players?: number;
  messageablePlayers?: number;
  createdAt?: string;
  updatedAt?: string;
  /** Legacy app REST key (secret); returned by some API revisions only. */
  basicAuthKey?: string;
  apnsCertificates?: string;
  safariApnsCertificates?: string;
  safariPushId?: string;
  safariIcon1616?: string;
  safariIcon3232?: string;
  safariIcon6464?: string;
  safariIcon128128?: string;
}

/** `GET /apps`: a JSON array (at most 1000, no pagination — docs for `get_apps`). */
export const appListSchema = z.array(appSchema);
