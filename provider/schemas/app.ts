/**
 * App (CONTRACT §2; SPEC `App` L3454-3640). Org-key endpoints `GET/POST /apps`, `GET/PUT /apps/{app_id}`.
 */
import { z } from "zod";
import {
  field,
  inboundObject,
  outboundShape,
  timestampInbound,
  toWire,
  uuidSchema,
  type FieldTable,
} from "./common";

const optString = z.string();

/**
 * Every configurable App field, declared once. `writeOnly` fields are never echoed by OneSignal
 * (SPEC `writeOnly`, or absent from current read examples); the resource layer keeps the user's
 * input for those instead of diffing against reads.
 */
export const APP_FIELDS = {
  name: field(
    "name",
    z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters"),
    { inbound: z.string() },
  ),
  organizationId: field("organization_id", uuidSchema, { inbound: z.string() }),
  apnsEnv: field("apns_env", z.enum(["sandbox", "production"]), { inbound: z.string() }),
  apnsP12: field("apns_p12", optString, { writeOnly: true }),
  apnsP12Password: field("apns_p12_password", optString, { writeOnly: true }),
  apnsKeyId: field("apns_key_id", optString),
  apnsTeamId: field("apns_team_id", optString),
  apnsBundleId: field("apns_bundle_id", optString),
  apnsP8: field("apns_p8", optString),
  gcmKey: field("gcm_key", optString),
  androidGcmSenderId: field("android_gcm_sender_id", optString, { writeOnly: true }),
  // Not in SPEC nor NODE's model (CONTRACT §9 #8) but required for Android by current docs.
  fcmV1ServiceAccountJson: field("fcm_v1_service_account_json", optString, { writeOnly: true }),
  chromeWebOrigin: field(
    "chrome_web_origin",
    z.string().regex(/^https:\/\/[^\s/]+/, "must be an https:// origin"),
    { inbound: z.string() },
  ),
  chromeWebDefaultNotificationIcon: field("chrome_web_default_notification_icon", optString),
  chromeWebSubDomain: field("chrome_web_sub_domain", optString),
  chromeKey: field("chrome_key", optString),
  siteName: field("site_name", optString),
  safariSiteOrigin: field(
    "safari_site_origin",
    z.string().regex(/^https?:\/\/[^\s/]+/, "must include the scheme, e.g. https://example.com"),
    {
      inbound: z.string(),
    },
  ),
  safariApnsP12: field("safari_apns_p12", optString, { writeOnly: true }),
  safariApnsP12Password: field("safari_apns_p12_password", optString, { writeOnly: true }),
  safariIcon256256: field("safari_icon_256_256", optString),
  additionalDataIsRootPayload: field("additional_data_is_root_payload", z.boolean(), { writeOnly: true }),
} as const satisfies FieldTable;

const appInputBase = z.strictObject(outboundShape(APP_FIELDS));
type AppInputBase = z.output<typeof appInputBase>;

/** Platform grouping rules (CONTRACT §2.2). */
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

/** Outbound input of `POST /apps` (create_app). `name` and `organizationId` are required (current D-create-app). */
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

/** Inbound App (SPEC `App`; read fields vary by doc revision, all but `id` tolerated absent). */
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

/** `GET /apps`: a JSON array (at most 1000, no pagination — D-view-apps). */
export const appListSchema = z.array(appSchema);
