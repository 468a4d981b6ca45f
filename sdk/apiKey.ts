import * as pulumi from "@pulumi/pulumi";
import { apiKeyFields } from "../provider/schemas/apiKey";
import { ownerOf, quietStacks, secretFields, withSecretOutputs, warnPlainCredentials } from "./common";
import apiKeyProvider = require("./providers/apiKey");

/** Inputs of {@link ApiKey}. */
export interface ApiKeyArgs {
  /** The app (id) the key belongs to. Required. **Changing it replaces the key.** */
  appId: pulumi.Input<string>;
  /** Label shown under Keys & IDs, 1–128 characters. Required. In place. */
  name: pulumi.Input<string>;
  /** `"disabled"` (default: any IP) or `"explicit"` (only `ipAllowlist`). In place. */
  ipAllowlistMode?: pulumi.Input<"disabled" | "explicit">;
  /**
   * CIDRs allowed to use the key (e.g. `203.0.113.0/24`; a bare address means /32 or /128).
   * Required, non-empty, when `ipAllowlistMode` is `"explicit"`. Order and spelling do not matter.
   * In place.
   */
  ipAllowlist?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Any change rotates the secret in place (e.g. `"2026-11"`): the old token stops working at once,
   * `token` gets the new one, and resources that take `token` as `apiKey` are updated in the same
   * `up`.
   */
  rotationTrigger?: pulumi.Input<string>;
  /**
   * Adopt an existing key (its token id) instead of creating one. Its secret cannot be read back,
   * so `token` stays empty until the key is rotated by setting or changing `rotationTrigger`.
   * The first `up` applies the name and allowlist declared here (no update-api-key when the key
   * already has them). Consulted only when the resource is created.
   */
  tokenId?: pulumi.Input<string>;
}

/**
 * An app API key (organization API key). The resource id is the token id.
 *
 * The secret is returned by OneSignal only when the key is created or rotated; it is kept in state
 * as the secret output `token` and survives refresh.
 *
 * **Self-healing:** a refresh asks OneSignal (view-an-app, with the token) whether the token in
 * state still works, whenever the key's `updated_at` moved since state (a rotation moves it), the
 * last refresh found it refused, or the key has an `explicit` IP allowlist. If the key was rotated outside Pulumi, or a rotation's answer was lost, the
 * refresh sets `tokenRefused`, the next `up` rotates the key (the preview warns why) and the
 * resources that take `token` follow; a key deleted outside Pulumi is made again. So
 * `pulumi up --refresh` recovers without editing the program. A key with an `explicit` IP
 * allowlist may refuse the machine running Pulumi although its token is current, which looks the
 * same: it counts as rotated only when OneSignal's `updated_at` moved since state recorded it while
 * its name and allowlist did not; otherwise the refusal is warned about, never acted on.
 *
 * **Ownership:** the create is sent under a provisional name that carries this resource's marker
 * (`<name> [pulumi:<16 hex>]`) and renamed once confirmed, so a lost answer or an `up` that died
 * is recovered by the next run, and an object that merely resembles this one (another stack's) is
 * never taken over. Take an existing one over on purpose with `tokenId` (docs/design.md).
 */
export class ApiKey extends pulumi.dynamic.Resource {
  /** The token id (same as `id`). */
  declare public readonly tokenId: pulumi.Output<string>;
  /** The owning app. */
  declare public readonly appId: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly ipAllowlistMode: pulumi.Output<string>;
  declare public readonly ipAllowlist: pulumi.Output<string[]>;
  declare public readonly rotationTrigger: pulumi.Output<string | undefined>;
  /** The key's secret (`Authorization: Key <token>`). **Secret.** Empty for adopted, not yet rotated keys. */
  declare public readonly token: pulumi.Output<string | undefined>;
  /** `true` after a refresh found that OneSignal refuses `token`; the next `up` rotates the key and clears it. */
  declare public readonly tokenRefused: pulumi.Output<boolean | undefined>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: ApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    warnPlainCredentials();
    const props = {
      ...args,
      __owner: ownerOf(name, "ApiKey", opts),
      ipAllowlistMode: args.ipAllowlistMode,
      ipAllowlist: args.ipAllowlist,
      rotationTrigger: args.rotationTrigger,
      tokenId: args.tokenId,
      token: undefined,
      tokenRefused: undefined,
      createdAt: undefined,
      updatedAt: undefined,
    };
    const restoreStacks = quietStacks();
    try {
      super(
        apiKeyProvider,
        name,
        props,
        withSecretOutputs(opts, [...secretFields<ApiKeyArgs>()(apiKeyFields), "token"]),
        "onesignal",
        "ApiKey",
      );
    } finally {
      restoreStacks();
    }
  }

  /** Reads an existing key (its token id) in `appId` into the program without managing it (never its secret). To find one by name, see `getApiKey`. */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state: { appId: pulumi.Input<string> },
    opts?: pulumi.CustomResourceOptions,
  ): ApiKey {
    return new ApiKey(name, { appId: state.appId, name }, { ...opts, id });
  }
}
