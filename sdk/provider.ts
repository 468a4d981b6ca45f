import * as pulumi from "@pulumi/pulumi";
import { EXPLICIT_PROVIDER_KEY, SETTINGS_KEYS } from "../provider/config";

/** The settings of an explicit {@link Provider}: all of them given here, none from the environment. */
export interface ProviderArgs {
  /** The organization API key (Organizations → Keys & IDs). Required. Kept secret in state. */
  organizationApiKey: pulumi.Input<string>;
  /**
   * The organization the key belongs to. Required: the provider refuses to work (fails closed) when
   * OneSignal shows the key's apps in another organization.
   */
  organizationId: pulumi.Input<string>;
  /** OneSignal's API, `https://api.onesignal.com` by default (an emulator in tests). */
  apiUrl?: pulumi.Input<string>;
  /** Fallback app API key for segments and templates that set no `apiKey`. Kept secret in state. */
  appApiKey?: pulumi.Input<string>;
  /** Per-request timeout in seconds (default 30). */
  requestTimeoutSeconds?: pulumi.Input<number>;
  /**
   * `false`: refresh views every template and lists an app's API keys once per key, instead of
   * trusting one list per app where OneSignal's `updated_at` has not moved (default true).
   */
  refreshFromLists?: pulumi.Input<boolean>;
}

/**
 * An explicit provider for one OneSignal organization, for programs that manage several (an agency's
 * clients, a staging organization next to production). Pass it with the usual `provider` option:
 * `new onesignal.App("a", {...}, { provider: org2 })`. Resources without one use the default provider
 * (stack config `onesignal:*`, else the environment).
 *
 * The engine starts a provider process of its own for each instance and hands it exactly these
 * settings, never the stack config; unlike the default provider it never falls back to the
 * `ONESIGNAL_*` environment variables, so a setting missing here is missing, not silently another
 * organization's. The keys are secret in state. Before its first call the provider checks that the
 * key's apps belong to `organizationId` and refuses to act otherwise.
 *
 * `refresh` and `destroy` use these settings as the last `pulumi up` recorded them; after changing a
 * key, run `pulumi up` first, or `pulumi refresh --run-program` / `pulumi destroy --run-program`.
 */
export class Provider extends pulumi.ProviderResource {
  constructor(name: string, args: ProviderArgs, opts?: pulumi.ResourceOptions) {
    const props: Record<string, pulumi.Input<string> | undefined> = {
      [SETTINGS_KEYS.organizationApiKey.config]: pulumi.secret(args.organizationApiKey),
      [SETTINGS_KEYS.organizationId.config]: args.organizationId,
      [SETTINGS_KEYS.apiUrl.config]: args.apiUrl,
      [SETTINGS_KEYS.appApiKey.config]:
        args.appApiKey === undefined ? undefined : pulumi.secret(args.appApiKey),
      [SETTINGS_KEYS.requestTimeoutSeconds.config]:
        args.requestTimeoutSeconds === undefined
          ? undefined
          : pulumi.output(args.requestTimeoutSeconds).apply((n) => String(n)),
      [SETTINGS_KEYS.refreshFromLists.config]:
        args.refreshFromLists === undefined
          ? undefined
          : pulumi.output(args.refreshFromLists).apply((b) => String(b)),
      [EXPLICIT_PROVIDER_KEY]: "true",
    };
    // The dynamic resources' provider type: each instance is a `pulumi-nodejs` provider whose
    // inputs the engine hands to `configure` as its config.
    super("pulumi-nodejs", name, props, opts);
  }
}
