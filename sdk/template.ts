import * as pulumi from "@pulumi/pulumi";
import { templateFields } from "../provider/schemas/template";
import {
  ownerOf,
  quietStacks,
  secretFields,
  secretInputs,
  withSecretOutputs,
  warnPlainCredentials,
} from "./common";
import templateProvider = require("./providers/template");

/** Language code → text (`en` is the fallback language). */
export type LanguageMap = pulumi.Input<Record<string, pulumi.Input<string>>>;

/**
 * Inputs of {@link Template}. Optional members left out are not managed (OneSignal's API cannot
 * clear them); members of another channel are rejected by `check`.
 */
export interface TemplateArgs {
  /** The app (id). Required. **Changing it replaces the template.** */
  appId: pulumi.Input<string>;
  /**
   * App API key for the template calls (e.g. an {@link ApiKey}'s `token`). **Secret.** Optional:
   * falls back to `onesignal:appApiKey` / `ONESIGNAL_APP_API_KEY`. A new value is an in-place
   * update with no API call; on a 403 the provider retries once with the fallback key.
   */
  apiKey?: pulumi.Input<string | undefined>;
  /** Name, 1–128 characters. Required. In place. */
  name: pulumi.Input<string>;
  /**
   * `"push"` (default), `"email"` or `"sms"`. **Changing it replaces the template** (each channel
   * requires different members). Push needs `contents.en`; email `emailSubject` + `emailBody`; SMS `contents`.
   */
  channel?: pulumi.Input<"push" | "email" | "sms">;
  /** Message text per language (push, SMS). Supports Liquid. In place. */
  contents?: LanguageMap;
  /** Push title per language. In place. */
  headings?: LanguageMap;
  /** iOS subtitle per language. In place. */
  subtitle?: LanguageMap;
  /** Push: deliver to iOS (setting some platform flags disables the others). In place. */
  isIos?: pulumi.Input<boolean>;
  /** Push: deliver to Android. In place. */
  isAndroid?: pulumi.Input<boolean>;
  /** Push: deliver to Huawei. In place. */
  isHuawei?: pulumi.Input<boolean>;
  /** Push: deliver to Chrome web push. In place. */
  isChromeWeb?: pulumi.Input<boolean>;
  /** Push: deliver to Safari. In place. */
  isSafari?: pulumi.Input<boolean>;
  /** Push: deliver to Firefox. In place. */
  isFirefox?: pulumi.Input<boolean>;
  /** Push: deliver to Edge. In place. */
  isEdge?: pulumi.Input<boolean>;
  /** Push: deliver to Chrome apps/extensions. In place. */
  isChrome?: pulumi.Input<boolean>;
  /** Push: deliver to Windows Phone (legacy MPNS; `isWpWns` is the current Windows flag). In place. */
  isWp?: pulumi.Input<boolean>;
  /** Push: deliver to Amazon devices. In place. */
  isAdm?: pulumi.Input<boolean>;
  /** Push: deliver to macOS. In place. */
  isMacOsx?: pulumi.Input<boolean>;
  /** Push: deliver to Amazon Alexa devices. In place. */
  isAlexa?: pulumi.Input<boolean>;
  /** Push: deliver to Windows (WNS). In place. */
  isWpWns?: pulumi.Input<boolean>;
  /** Push: URL opened on tap. In place. */
  url?: pulumi.Input<string>;
  /** Push: image URL for all platforms. In place. */
  globalImage?: pulumi.Input<string>;
  /** Push: custom data object (≤ 2,048 bytes). In place. */
  data?: pulumi.Input<Record<string, unknown>>;
  /** Push (Huawei): badge class. In place. */
  huaweiBadgeClass?: pulumi.Input<string>;
  /** Push (Huawei): badge increment, 1–99. In place. */
  huaweiBadgeAddNum?: pulumi.Input<number>;
  /** Push (Huawei): badge value, 0–99. In place. */
  huaweiBadgeSetNum?: pulumi.Input<number>;
  /** Email flag; implied by `channel: "email"` and must agree with it. */
  isEmail?: pulumi.Input<boolean>;
  /** Email: subject (required for email). In place. */
  emailSubject?: pulumi.Input<string>;
  /** Email: HTML body (required for email). In place. */
  emailBody?: pulumi.Input<string>;
  /** Email: BCC addresses, ≤ 5. In place. */
  emailBcc?: pulumi.Input<pulumi.Input<string>[]>;
  /** Email: preheader text. In place. */
  emailPreheader?: pulumi.Input<string>;
  /** Email: sender name. In place. */
  emailFromName?: pulumi.Input<string>;
  /** Email: sender address. In place. */
  emailFromAddress?: pulumi.Input<string>;
  /** Email: reply-to address. In place. */
  emailReplyToAddress?: pulumi.Input<string>;
  /** Email: disable click tracking. In place. */
  disableEmailClickTracking?: pulumi.Input<boolean>;
  /** Email: send to unsubscribed addresses (transactional mail). In place. */
  includeUnsubscribed?: pulumi.Input<boolean>;
  /** SMS flag; implied by `channel: "sms"` and must agree with it. */
  isSms?: pulumi.Input<boolean>;
  /** SMS: sender, a Twilio Messaging Service SID (`MG` + 32 hex digits, which OneSignal recommends) or an E.164 number. In place. */
  smsFrom?: pulumi.Input<string>;
  /** SMS (MMS): media URLs, ≤ 10. In place. */
  smsMediaUrls?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Dynamic content (`{"campaign_id": {"A": {...}}}`): an object, as OneSignal's docs show it, or the
   * same as a JSON-encoded string (the 5.12 spec's form). Sent as an object; the two forms never show
   * as a change against each other. **Write-only** (OneSignal does not return it). In place.
   */
  dynamicContent?: pulumi.Input<string | Record<string, unknown>>;
  /**
   * Adopt an existing template (its id) instead of creating one; the first `up` applies the content
   * declared here (no update-template when it already has it). Consulted only when the resource is
   * created.
   */
  adoptExistingId?: pulumi.Input<string>;
}

/** Credential inputs (the app key): secret in state as inputs and as outputs. */
const SECRET_INPUTS = secretFields<TemplateArgs>()(templateFields);

/**
 * A message template of an app (app API key).
 *
 * **Ownership:** the create is sent under a provisional name that carries this resource's marker
 * (`<name> [pulumi:<16 hex>]`) and renamed once confirmed, so a lost answer or an `up` that died
 * is recovered by the next run, and an object that merely resembles this one (another stack's) is
 * never taken over. Take an existing one over on purpose with `adoptExistingId` (docs/design.md).
 */
export class Template extends pulumi.dynamic.Resource {
  declare public readonly appId: pulumi.Output<string>;
  /** The app key given as `apiKey`, if any. **Secret.** */
  declare public readonly apiKey: pulumi.Output<string | undefined>;
  declare public readonly name: pulumi.Output<string>;
  /** `push`, `email` or `sms` (lower case). */
  declare public readonly channel: pulumi.Output<string>;
  declare public readonly contents: pulumi.Output<Record<string, string> | undefined>;
  declare public readonly headings: pulumi.Output<Record<string, string> | undefined>;
  declare public readonly subtitle: pulumi.Output<Record<string, string> | undefined>;
  declare public readonly isIos: pulumi.Output<boolean | undefined>;
  declare public readonly isAndroid: pulumi.Output<boolean | undefined>;
  declare public readonly isHuawei: pulumi.Output<boolean | undefined>;
  declare public readonly isChromeWeb: pulumi.Output<boolean | undefined>;
  declare public readonly isSafari: pulumi.Output<boolean | undefined>;
  declare public readonly isFirefox: pulumi.Output<boolean | undefined>;
  declare public readonly isEdge: pulumi.Output<boolean | undefined>;
  declare public readonly isChrome: pulumi.Output<boolean | undefined>;
  declare public readonly isWp: pulumi.Output<boolean | undefined>;
  declare public readonly isAdm: pulumi.Output<boolean | undefined>;
  declare public readonly isMacOsx: pulumi.Output<boolean | undefined>;
  declare public readonly isAlexa: pulumi.Output<boolean | undefined>;
  declare public readonly isWpWns: pulumi.Output<boolean | undefined>;
  declare public readonly url: pulumi.Output<string | undefined>;
  declare public readonly globalImage: pulumi.Output<string | undefined>;
  declare public readonly data: pulumi.Output<Record<string, unknown> | undefined>;
  declare public readonly huaweiBadgeClass: pulumi.Output<string | undefined>;
  declare public readonly huaweiBadgeAddNum: pulumi.Output<number | undefined>;
  declare public readonly huaweiBadgeSetNum: pulumi.Output<number | undefined>;
  declare public readonly isEmail: pulumi.Output<boolean | undefined>;
  declare public readonly emailSubject: pulumi.Output<string | undefined>;
  declare public readonly emailBody: pulumi.Output<string | undefined>;
  declare public readonly emailBcc: pulumi.Output<string[] | undefined>;
  declare public readonly emailPreheader: pulumi.Output<string | undefined>;
  declare public readonly emailFromName: pulumi.Output<string | undefined>;
  declare public readonly emailFromAddress: pulumi.Output<string | undefined>;
  declare public readonly emailReplyToAddress: pulumi.Output<string | undefined>;
  declare public readonly disableEmailClickTracking: pulumi.Output<boolean | undefined>;
  declare public readonly includeUnsubscribed: pulumi.Output<boolean | undefined>;
  declare public readonly isSms: pulumi.Output<boolean | undefined>;
  declare public readonly smsFrom: pulumi.Output<string | undefined>;
  declare public readonly smsMediaUrls: pulumi.Output<string[] | undefined>;
  /** The input `dynamicContent` as last given (OneSignal does not return it). */
  declare public readonly dynamicContent: pulumi.Output<string | Record<string, unknown> | undefined>;
  /** The input `adoptExistingId`, if given. */
  declare public readonly adoptExistingId: pulumi.Output<string | undefined>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly updatedAt: pulumi.Output<string>;
  /**
   * Members of the template's `content` that OneSignal returned and this resource does not model
   * (by OneSignal's wire name, e.g. a channel property set in the dashboard); absent when there are
   * none. Shown so that nothing the template does is hidden; never an input, so never a diff.
   */
  declare public readonly unmodelledContent: pulumi.Output<Record<string, unknown> | undefined>;

  constructor(name: string, args: TemplateArgs, opts?: pulumi.CustomResourceOptions) {
    warnPlainCredentials();
    const props = {
      // Every output needs a key here to resolve: `Template.get` gives no content, yet reads it all.
      ...Object.fromEntries(Object.keys(templateFields).map((k) => [k, undefined])),
      ...secretInputs(args, SECRET_INPUTS),
      __owner: ownerOf(name, "Template", opts),
      channel: args.channel,
      contents: args.contents,
      createdAt: undefined,
      updatedAt: undefined,
      unmodelledContent: undefined,
    };
    const restoreStacks = quietStacks();
    try {
      super(templateProvider, name, props, withSecretOutputs(opts, SECRET_INPUTS), "onesignal", "Template");
    } finally {
      restoreStacks();
    }
  }

  /**
   * Reads an existing template into the program without managing it: name, channel, times and
   * every content member OneSignal returns. To find one by name, see `getTemplate`.
   */
  static get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    state: { appId: pulumi.Input<string>; apiKey?: pulumi.Input<string | undefined> },
    opts?: pulumi.CustomResourceOptions,
  ): Template {
    return new Template(name, { ...state, name }, { ...opts, id });
  }
}
