/**
 * App (the 5.12 spec's `App`). Org-key endpoints `GET/POST /apps`, `GET/PUT /apps/{app_id}`.
 */
import { z } from "zod";
import {
  booleanInbound,
  field,
  inboundObject,
  input,
  numberInbound,
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
 * `apns_env`: the docs (create-an-app, update-an-app) say `production | development`, the 5.12 spec
 * and older docs `sandbox | production`. `sandbox` and `development` are Apple's one development
 * environment, so they compare equal; the wire gets `development`, the docs' value, since no value
 * but `production` is in both enums.
 */
export function normaliseApnsEnv(value: unknown): unknown {
  return value === "sandbox" ? "development" : value;
}

const apnsEnvSchema = z
  .enum(["production", "development", "sandbox"])
  .transform((v) => normaliseApnsEnv(v) as "production" | "development");

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * `fcm_v1_service_account_json` is "your FCM Service Account JSON file converted to base64 format"
 * (create-an-app). Users hold the JSON file, so the raw JSON is accepted and sent as its Base64;
 * a Base64 value passes through. Both spellings of one file compare equal.
 */
export function serviceAccountBase64(value: unknown): unknown {
  if (typeof value !== "string") return value;
  return value.trimStart().startsWith("{") ? Buffer.from(value, "utf8").toString("base64") : value;
}

const serviceAccountSchema = z
  .string()
  .min(1, "must not be empty")
  .superRefine((s, ctx) => {
    // Messages never quote the value: it is a credential.
    if (s.trimStart().startsWith("{")) {
      try {
        JSON.parse(s);
      } catch {
        ctx.addIssue({
          code: "custom",
          message: "is not valid JSON (give the service-account file or its Base64)",
        });
      }
    } else if (s !== "" && !BASE64.test(s.replace(/\s+/g, ""))) {
      ctx.addIssue({ code: "custom", message: "must be the service-account JSON file or its Base64" });
    }
  })
  .transform((s) => serviceAccountBase64(s) as string);

/**
 * An optional app setting: unmanaged when left out, since removing one from the program must leave
 * OneSignal's value alone (update_an_app has no way to clear them).
 */
function setting<S extends z.ZodType, I extends z.ZodType = S>(
  wire: string,
  schema: S,
  opts: { inbound?: I } & Pick<FieldSpec, "normalise" | "writeOnly" | "secret" | "deprecated"> = {},
) {
  return field(wire, schema, { unmanagedWhenAbsent: true, ...opts });
}

/**
 * A credential: secret and write-only. view-an-app may echo some (`apns_p8`,
 * `fcm_v1_service_account_json`), which OneSignal plans to stop doing: reads never take them, and
 * diffs compare with the last inputs. An empty credential is refused: `apns_p8: ""` has made
 * create-an-app answer 500 (OneSignal/onesignal-python-api#16).
 */
const credential = <S extends z.ZodType = z.ZodString>(
  wire: string,
  opts: { schema?: S } & Pick<FieldSpec, "normalise" | "deprecated"> = {},
) => {
  const { schema, ...rest } = opts;
  return setting(wire, (schema ?? z.string().min(1, "must not be empty")) as S, {
    secret: true,
    writeOnly: true,
    ...rest,
  });
};
/** The password of a certificate: secret and write-only like one, but `""` is a valid password. */
const password = (wire: string) => setting(wire, optString, { secret: true, writeOnly: true });

/** Every App input, declared once: the client's wire table and the resource's behaviour. */
export const appFields = {
  name: field(
    "name",
    z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters"),
    { inbound: z.string(), required: true },
  ),
  organizationId: setting("organization_id", uuidSchema, { inbound: z.string() }),
  apnsEnv: setting("apns_env", apnsEnvSchema, { inbound: z.string(), normalise: normaliseApnsEnv }),
  apnsKeyId: setting("apns_key_id", optString),
  apnsTeamId: setting("apns_team_id", optString),
  apnsBundleId: setting("apns_bundle_id", optString),
  apnsP8: credential("apns_p8"),
  apnsP12: credential("apns_p12"),
  apnsP12Password: password("apns_p12_password"),
  // Required for Android by the current docs (create-an-app), though missing from the 5.12 spec.
  fcmV1ServiceAccountJson: credential("fcm_v1_service_account_json", {
    schema: serviceAccountSchema,
    normalise: serviceAccountBase64,
  }),
  chromeWebOrigin: setting(
    "chrome_web_origin",
    z.string().regex(/^https:\/\/[^\s/]+/, "must be an https:// origin"),
    { inbound: z.string(), normalise: normaliseOrigin },
  ),
  chromeWebDefaultNotificationIcon: setting("chrome_web_default_notification_icon", optString),
  // Legacy members no longer in the docs' create-an-app / update-an-app bodies: kept for old programs.
  chromeWebSubDomain: setting("chrome_web_sub_domain", optString, {
    deprecated: "OneSignal's current docs no longer take a web push sub-domain; use an https chromeWebOrigin",
  }),
  gcmKey: credential("gcm_key", {
    deprecated: "FCM v1 replaced the legacy GCM server key; use fcmV1ServiceAccountJson",
  }),
  chromeKey: credential("chrome_key", {
    deprecated: "the legacy Chrome (GCM) key is no longer used; web push needs chromeWebOrigin only",
  }),
  safariSiteOrigin: setting(
    "safari_site_origin",
    z.string().regex(/^https?:\/\/[^\s/]+/, "must include the scheme, e.g. https://example.com"),
    { inbound: z.string(), normalise: normaliseOrigin },
  ),
  safariApnsP12: credential("safari_apns_p12"),
  safariApnsP12Password: password("safari_apns_p12_password"),
  safariIcon256256: setting("safari_icon_256_256", optString),
  siteName: setting("site_name", optString),
  additionalDataIsRootPayload: setting("additional_data_is_root_payload", z.boolean(), { writeOnly: true }),
  adoptExistingId: input(z.string().trim().min(1, "must not be empty"), { createOnly: true }),
} as const satisfies FieldTable;

/**
 * The settings view-an-app shows back (no credential, nothing write-only), besides `name` and
 * `organizationId`: what a read with nothing to go by (`App.get`, a look-up) shows of an app.
 */
export const APP_READABLE_SETTINGS = (Object.keys(appFields) as (keyof typeof appFields)[]).filter((f) => {
  const spec = appFields[f] as FieldSpec;
  return !spec.secret && !spec.writeOnly && !spec.createOnly && f !== "name" && f !== "organizationId";
});

/**
 * A legacy member the client still sends but the App resource does not offer: the GCM sender id
 * that FCM v1 replaced (5.12 spec `App`).
 */
const APP_LEGACY_FIELDS = {
  androidGcmSenderId: field("android_gcm_sender_id", optString, { writeOnly: true }),
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
  // Web push setup (create-an-app, update-an-app): OneSignal applies the Safari settings only when
  // site_name, chrome_web_origin, safari_site_origin and safari_apns_p12 arrive in one request,
  // unchanged ones included. safari_apns_p12 may be empty (appInputToWire sends it so); the others
  // have no value that means "leave it", so a partial set is refused.
  const given = WEB_PUSH_MEMBERS.filter((k) => a[k] !== undefined);
  if (given.length > 0) {
    for (const k of WEB_PUSH_SET)
      if (a[k] === undefined)
        ctx.addIssue({
          code: "custom",
          path: [k],
          message:
            `is required with ${given.join(", ")}: OneSignal applies web push settings only when ` +
            "siteName, chromeWebOrigin and safariSiteOrigin (and safariApnsP12) are sent together",
        });
  }
}

/** The web push members that must be sent together; `safariApnsP12` may be left out (sent empty). */
const WEB_PUSH_SET = ["siteName", "chromeWebOrigin", "safariSiteOrigin"] as const;
const WEB_PUSH_MEMBERS = [...WEB_PUSH_SET, "safariApnsP12"] as const;

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

/**
 * Wire body for create/update from a validated input. With the web push settings goes
 * `safari_apns_p12`, empty when the program gives no certificate ("If omitted, we will assign one
 * to your app", create-an-app), since OneSignal applies Safari settings only with all of them.
 */
export function appInputToWire(input: AppUpdateInput): Record<string, unknown> {
  const wire = toWire(APP_FIELDS, input);
  if (wire.chrome_web_origin !== undefined && wire.safari_apns_p12 === undefined) wire.safari_apns_p12 = "";
  return wire;
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
    // The docs' view-an-app has the singular; the 5.12 spec a plural that OneSignal does not send.
    safari_apns_certificate: z.string().nullish(),
    safari_apns_certificates: z.string().nullish(),
    safari_push_id: z.string().nullish(),
    fcm_sender_id: z.string().nullish(),
    chrome_web_key: z.string().nullish(),
    chrome_web_gcm_sender_id: z.string().nullish(),
    channels: z.unknown().optional(),
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
      ["safari_apns_certificates", "safariApnsCertificate"],
      ["safari_apns_certificate", "safariApnsCertificate"],
      ["safari_push_id", "safariPushId"],
      ["fcm_sender_id", "fcmSenderId"],
      ["chrome_web_key", "chromeWebKey"],
      ["chrome_web_gcm_sender_id", "chromeWebGcmSenderId"],
      ["safari_icon_16_16", "safariIcon1616"],
      ["safari_icon_32_32", "safariIcon3232"],
      ["safari_icon_64_64", "safariIcon6464"],
      ["safari_icon_128_128", "safariIcon128128"],
    ] as const) {
      const v = (w as Record<string, unknown>)[wire];
      if (typeof v === "string") app[camel] = v;
    }
    for (const [wire, camel] of ATTRIBUTION_WINDOWS) {
      const v = numberInbound.safeParse((w as Record<string, unknown>)[wire]);
      if (v.success) app[camel] = v.data;
    }
    const channels = channelsInbound.safeParse(w.channels);
    if (channels.success && w.channels != null) app.channels = channels.data;
    return app;
  });

const ATTRIBUTION_WINDOWS = [
  ["conversion_attribution_window_push", "conversionAttributionWindowPush"],
  ["conversion_attribution_window_iam", "conversionAttributionWindowIam"],
  ["conversion_attribution_window_email", "conversionAttributionWindowEmail"],
  ["conversion_attribution_window_sms", "conversionAttributionWindowSms"],
] as const;

/** One entry of view-an-app's `channels`: whether the channel is enabled and on which platforms. */
export interface AppChannel {
  enabled: boolean;
  platforms: string[];
}

const channelsInbound = z.record(
  z.string(),
  z
    .looseObject({ enabled: booleanInbound.nullish(), platforms: z.array(z.string()).nullish() })
    .transform((c): AppChannel => ({ enabled: c.enabled ?? false, platforms: c.platforms ?? [] })),
);

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
  /** The Safari certificate's name, or "OneSignal Provided Certificate". */
  safariApnsCertificate?: string;
  safariPushId?: string;
  fcmSenderId?: string;
  /** The web push VAPID public key. */
  chromeWebKey?: string;
  chromeWebGcmSenderId?: string;
  channels?: Record<string, AppChannel>;
  conversionAttributionWindowPush?: number;
  conversionAttributionWindowIam?: number;
  conversionAttributionWindowEmail?: number;
  conversionAttributionWindowSms?: number;
  safariIcon1616?: string;
  safariIcon3232?: string;
  safariIcon6464?: string;
  safariIcon128128?: string;
}

/**
 * Outputs of an App that OneSignal computes (view-an-app), besides the counts and timestamps: the
 * SDK declares them and the resource copies them from each answer.
 */
export const APP_READ_ONLY_OUTPUTS = [
  "chromeWebKey",
  "fcmSenderId",
  "chromeWebGcmSenderId",
  "safariPushId",
  "channels",
  "conversionAttributionWindowPush",
  "conversionAttributionWindowIam",
  "conversionAttributionWindowEmail",
  "conversionAttributionWindowSms",
  "apnsConfigured",
  "fcmConfigured",
  "safariConfigured",
] as const satisfies readonly (keyof App | keyof ReturnType<typeof credentialStatus>)[];

/**
 * Whether each platform's credentials are set, judged from the non-secret members view-an-app
 * returns (never from echoed credentials, which OneSignal plans to stop returning).
 */
export function credentialStatus(app: App): {
  apnsConfigured: boolean;
  fcmConfigured: boolean;
  safariConfigured: boolean;
} {
  const set = (v: unknown) => typeof v === "string" && v !== "";
  return {
    apnsConfigured:
      (set(app.apnsKeyId) && set(app.apnsTeamId) && set(app.apnsBundleId)) || set(app.apnsCertificates),
    fcmConfigured: set(app.fcmSenderId),
    safariConfigured: set(app.safariApnsCertificate),
  };
}

/** `GET /apps`: a JSON array (at most 1000, no pagination; switched off above 1000 apps, view-apps). */
export const appListSchema = z.array(appSchema);
