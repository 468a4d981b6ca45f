import * as pulumi from "@pulumi/pulumi";
import { APP_READ_ONLY_OUTPUTS, appFields } from "../provider/schemas/app";
import {
  ownerOf,
  quietStacks,
  secretFields,
  secretInputs,
  withSecretOutputs,
  warnPlainCredentials,
} from "./common";
import appProvider = require("./providers/app");

/** Inputs of {@link App}. Every optional setting left out is not managed: OneSignal's value stays. */
export interface AppArgs {
  /** Dashboard name, 1–128 characters. Optional: defaults to the Pulumi resource name. In place. */
  name?: pulumi.Input<string>;
  /**
   * Organization (UUID) that owns the app. Optional: defaults to the provider setting
   * `onesignal:organizationId` / `ONESIGNAL_ORGANIZATION_ID`. Sent on every update, since OneSignal
   * requires the organization key to belong to it. The API cannot move an app to another
   * organization: a change fails at `up`, before any request (move it in the dashboard, run
   * `pulumi refresh`, then set the new id).
   */
  organizationId?: pulumi.Input<string>;
  /**
   * iOS APNs environment: `"production"` (OneSignal's default) or `"development"`; `"sandbox"` (the
   * older name) is the same environment as `"development"` and never shows as a change against it.
   * Sent as `"development"`. In place.
   */
  apnsEnv?: pulumi.Input<"production" | "development" | "sandbox">;
  /** iOS token auth (p8): key id. Set all four p8 fields together. In place. */
  apnsKeyId?: pulumi.Input<string>;
  /** iOS token auth (p8): Apple team id. In place. */
  apnsTeamId?: pulumi.Input<string>;
  /** iOS token auth (p8): app bundle id. In place. */
  apnsBundleId?: pulumi.Input<string>;
  /** iOS token auth (p8): the .p8 key, Base64, not empty. **Secret, write-only** (compared with the last input, never read back). */
  apnsP8?: pulumi.Input<string>;
  /** iOS certificate auth: the .p12, Base64, not empty. **Secret, write-only.** Requires `apnsP12Password`. */
  apnsP12?: pulumi.Input<string>;
  /** Password of `apnsP12` (may be ""). **Secret, write-only.** */
  apnsP12Password?: pulumi.Input<string>;
  /**
   * Android: the Firebase service-account JSON file, as JSON or as its Base64 (OneSignal takes the
   * Base64; JSON is converted before sending, and the two spellings compare equal). Not empty.
   * **Secret, write-only.**
   */
  fcmV1ServiceAccountJson?: pulumi.Input<string>;
  /**
   * Web push: site origin, `https://…`. Set together with `safariSiteOrigin` and `siteName`:
   * OneSignal applies web push settings only when they arrive in one request. In place.
   */
  chromeWebOrigin?: pulumi.Input<string>;
  /** Web push: default notification icon URL (256×256 PNG recommended). In place. */
  chromeWebDefaultNotificationIcon?: pulumi.Input<string>;
  /**
   * Deprecated: legacy non-HTTPS web push sub-domain, no longer in OneSignal's docs; `check` warns.
   * Use an https `chromeWebOrigin`. In place.
   * @deprecated OneSignal's current docs no longer take it.
   */
  chromeWebSubDomain?: pulumi.Input<string>;
  /**
   * Deprecated: the legacy GCM server key, replaced by FCM v1 (`fcmV1ServiceAccountJson`); `check`
   * warns. **Secret, write-only.**
   * @deprecated Use `fcmV1ServiceAccountJson`.
   */
  gcmKey?: pulumi.Input<string>;
  /**
   * Deprecated: the legacy Chrome (GCM) key, no longer used by web push; `check` warns.
   * **Secret, write-only.**
   * @deprecated Web push needs `chromeWebOrigin` only.
   */
  chromeKey?: pulumi.Input<string>;
  /** Safari web push: site origin including the scheme. In place. */
  safariSiteOrigin?: pulumi.Input<string>;
  /**
   * Safari web push certificate (.p12, Base64), not empty. Left out, OneSignal assigns its own: the
   * web push settings are then sent with an empty certificate, as OneSignal asks. Requires the web
   * push settings. **Secret, write-only.**
   */
  safariApnsP12?: pulumi.Input<string>;
  /** Password of `safariApnsP12`. **Secret, write-only.** */
  safariApnsP12Password?: pulumi.Input<string>;
  /** Safari 256×256 icon URL. In place. */
  safariIcon256256?: pulumi.Input<string>;
  /** Web push site name; set with `chromeWebOrigin` and `safariSiteOrigin` (sent together). In place. */
  siteName?: pulumi.Input<string>;
  /** iOS: put additional data at the root of the payload. **Write-only.** In place. */
  additionalDataIsRootPayload?: pulumi.Input<boolean>;
  /**
   * Adopt an existing app (its id) instead of creating one: the first `up` reads it and applies the
   * settings declared here (no update-an-app when it already holds them and no credential is
   * declared, since credentials are never shown back). Consulted only when the resource is created;
   * later changes are ignored.
   */
  adoptExistingId?: pulumi.Input<string>;
}

/** Credential inputs: secret in state as inputs and as outputs. */
const SECRET_INPUTS = secretFields<AppArgs>()(appFields);

/**
 * A OneSignal app (organization API key).
 *
 * **Deletion:** OneSignal has no API to delete apps. Removing an `App` from the program (or
 * `pulumi destroy`) removes it from the stack and prints a warning; the app stays in OneSignal
 * until deleted in the dashboard or by OneSignal support.
 *
 * **Ownership:** the create is sent under a provisional name that carries this resource's marker
 * (`<name> [pulumi:<16 hex>]`) and renamed once confirmed, so a lost answer or an `up` that died
 * is recovered by the next run, and an object that merely resembles this one (another stack's) is
 * never taken over. Take an existing one over on purpose with `adoptExistingId` (docs/design.md).
 */
export class App extends pulumi.dynamic.Resource {
  /** Dashboard name. */
  declare public readonly name: pulumi.Output<string>;
  /** Owning organization. */
  declare public readonly organizationId: pulumi.Output<string>;
  /** Number of subscriptions (computed; changes without any `up`). */
  declare public readonly players: pulumi.Output<number>;
  /** Number of messageable subscriptions (computed). */
  declare public readonly messageablePlayers: pulumi.Output<number>;
  /** Creation time, ISO-8601. */
  declare public readonly createdAt: pulumi.Output<string>;
  /** Last update time, ISO-8601. */
  declare public readonly updatedAt: pulumi.Output<string>;
  declare public readonly apnsEnv: pulumi.Output<string | undefined>;
  declare public readonly apnsKeyId: pulumi.Output<string | undefined>;
  declare public readonly apnsTeamId: pulumi.Output<string | undefined>;
  declare public readonly apnsBundleId: pulumi.Output<string | undefined>;
  declare public readonly chromeWebOrigin: pulumi.Output<string | undefined>;
  declare public readonly chromeWebDefaultNotificationIcon: pulumi.Output<string | undefined>;
  /** Deprecated legacy web push sub-domain, as OneSignal reports it. */
  declare public readonly chromeWebSubDomain: pulumi.Output<string | undefined>;
  declare public readonly safariSiteOrigin: pulumi.Output<string | undefined>;
  declare public readonly safariIcon256256: pulumi.Output<string | undefined>;
  declare public readonly siteName: pulumi.Output<string | undefined>;
  /** The input `additionalDataIsRootPayload` as last given (write-only). */
  declare public readonly additionalDataIsRootPayload: pulumi.Output<boolean | undefined>;
  /** The input `apnsP8` as last given. **Secret, write-only.** */
  declare public readonly apnsP8: pulumi.Output<string | undefined>;
  /** The input `apnsP12` as last given. **Secret, write-only.** */
  declare public readonly apnsP12: pulumi.Output<string | undefined>;
  /** The input `apnsP12Password` as last given. **Secret, write-only.** */
  declare public readonly apnsP12Password: pulumi.Output<string | undefined>;
  /** The input `fcmV1ServiceAccountJson` as last given. **Secret, write-only.** */
  declare public readonly fcmV1ServiceAccountJson: pulumi.Output<string | undefined>;
  /** The input `gcmKey` as last given. **Secret, write-only.** */
  declare public readonly gcmKey: pulumi.Output<string | undefined>;
  /** The input `chromeKey` as last given. **Secret, write-only.** */
  declare public readonly chromeKey: pulumi.Output<string | undefined>;
  /** The input `safariApnsP12` as last given. **Secret, write-only.** */
  declare public readonly safariApnsP12: pulumi.Output<string | undefined>;
  /** The input `safariApnsP12Password` as last given. **Secret, write-only.** */
  declare public readonly safariApnsP12Password: pulumi.Output<string | undefined>;
  /** The input `adoptExistingId`, if given. */
  declare public readonly adoptExistingId: pulumi.Output<string | undefined>;
  /** Web push VAPID public key OneSignal made for the app (read-only). */
  declare public readonly chromeWebKey: pulumi.Output<string | undefined>;
  /** FCM sender id of the Firebase project (read-only). */
  declare public readonly fcmSenderId: pulumi.Output<string | undefined>;
  /** GCM sender id used for web push (read-only). */
  declare public readonly chromeWebGcmSenderId: pulumi.Output<string | undefined>;
  /** Safari Web Push ID (website push id; read-only). */
  declare public readonly safariPushId: pulumi.Output<string | undefined>;
  /** Messaging channels of the app: `{ <channel>: { enabled, platforms } }` (read-only). */
  declare public readonly channels: pulumi.Output<
    Record<string, { enabled: boolean; platforms: string[] }> | undefined
  >;
  /** Conversion attribution window for push, in minutes (read-only). */
  declare public readonly conversionAttributionWindowPush: pulumi.Output<number | undefined>;
  /** Conversion attribution window for in-app messages, in minutes (read-only). */
  declare public readonly conversionAttributionWindowIam: pulumi.Output<number | undefined>;
  /** Conversion attribution window for email, in minutes (read-only). */
  declare public readonly conversionAttributionWindowEmail: pulumi.Output<number | undefined>;
  /** Conversion attribution window for SMS, in minutes (read-only). */
  declare public readonly conversionAttributionWindowSms: pulumi.Output<number | undefined>;
  /**
   * Whether iOS (APNs) credentials are set in OneSignal: key id, team id and bundle id, or a p12
   * certificate. Judged from what OneSignal shows, never from secrets, so a credential removed in
   * the dashboard shows here.
   */
  declare public readonly apnsConfigured: pulumi.Output<boolean>;
  /** Whether Android (FCM) credentials are set in OneSignal (it reports a sender id). */
  declare public readonly fcmConfigured: pulumi.Output<boolean>;
  /** Whether a Safari web push certificate is set (its own or OneSignal's). */
  declare public readonly safariConfigured: pulumi.Output<boolean>;

  /**
   * @param name Pulumi resource name; also the default app name.
   * @param args App settings.
   * @param opts Resource options. `id` reads an existing app (see {@link App.get}).
   */
  constructor(name: string, args: AppArgs = {}, opts?: pulumi.CustomResourceOptions) {
    warnPlainCredentials();
    const props = {
      // Every output needs a key here to resolve, also when the program left the input out.
      ...Object.fromEntries(Object.keys(appFields).map((k) => [k, undefined])),
      ...secretInputs(args, SECRET_INPUTS),
      __owner: ownerOf(name, "App", opts),
      name: args.name ?? name,
      organizationId: args.organizationId,
      players: undefined,
      messageablePlayers: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      ...Object.fromEntries(APP_READ_ONLY_OUTPUTS.map((k) => [k, undefined])),
    };
    const restoreStacks = quietStacks();
    try {
      super(appProvider, name, props, withSecretOutputs(opts, SECRET_INPUTS), "onesignal", "App");
    } finally {
      restoreStacks();
    }
  }

  /**
   * Reads an existing app into the program without managing it: every setting OneSignal shows
   * back and the computed outputs (never a credential). To find one by name, see `getApp`.
   */
  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): App {
    return new App(name, {}, { ...opts, id });
  }
}
