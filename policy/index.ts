/**
 * Guardrails for OneSignal resources as a Pulumi policy pack (CrossGuard), for `pulumi preview
 * --policy-pack`. Import `pulumi-onesignal/policy` to put the rules in a pack of your own
 * ({@link onesignalPolicies}), or run the pack the package ships (`policy-pack/`), which is
 * {@link createPolicyPack} with the defaults. Needs `@pulumi/policy` (an optional peer dependency).
 *
 * The rules match the exact type tokens of the dynamic resources, `pulumi-nodejs:dynamic/onesignal:<Type>`,
 * and read their inputs as the engine hands them to policies: plain values (secrets unwrapped; no
 * message ever quotes a credential input), with values not known until `up` (an id of a resource
 * created in the same run) as the engine's unknown marker, which the rules skip rather than judge.
 *
 * Every rule takes `enforcementLevel` and `stacks` (the stack names it applies to; all when absent)
 * from the policy config (`pulumi preview --policy-pack DIR --policy-pack-config FILE`), plus its own
 * settings below. docs/guides/policy-pack.md lists them.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  PolicyPack,
  type EnforcementLevel,
  type PolicyConfigSchema,
  type PolicyPackArgs,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationArgs,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { canonicalCidr } from "../provider/schemas/cidr";

/** The resource types, as the engine names them (`pulumi-nodejs:dynamic/<module>:<Type>`). */
export const RESOURCE_TYPES = {
  App: "pulumi-nodejs:dynamic/onesignal:App",
  ApiKey: "pulumi-nodejs:dynamic/onesignal:ApiKey",
  Segment: "pulumi-nodejs:dynamic/onesignal:Segment",
  Template: "pulumi-nodejs:dynamic/onesignal:Template",
} as const;
export type ResourceKind = keyof typeof RESOURCE_TYPES;

/** The policy names: the keys of the policy config file. */
export const POLICY_NAMES = {
  apiKeyIpAllowlist: "onesignal-api-key-ip-allowlist",
  templateLanguages: "onesignal-template-languages",
  smsOptOut: "onesignal-sms-opt-out",
  naming: "onesignal-naming",
  apiKeysPerApp: "onesignal-api-keys-per-app",
} as const;

/** Our default for {@link POLICY_NAMES.apiKeysPerApp}: a choice of this pack, not a OneSignal limit. */
export const DEFAULT_MAX_API_KEYS_PER_APP = 5;
/** Default opt-out pattern of SMS templates: the word STOP, any case (`/\bSTOP\b/i`). */
export const DEFAULT_SMS_OPT_OUT = { pattern: "\\bSTOP\\b", flags: "i" } as const;

interface CommonConfig {
  stacks?: string[];
}

const COMMON_SCHEMA: PolicyConfigSchema["properties"] = {
  stacks: {
    type: "array",
    items: { type: "string" },
    description: "Stack names this policy applies to; every stack when absent.",
  },
};

/** Ends the check as not applicable when the policy is limited to other stacks. */
function onlyInChosenStacks(
  args: Pick<ResourceValidationArgs | StackValidationArgs, "getConfig" | "notApplicable">,
): void {
  const { stacks } = args.getConfig<CommonConfig>();
  if (stacks === undefined) return;
  const stack = pulumi.getStack();
  if (!stacks.includes(stack)) args.notApplicable(`applies to stacks ${stacks.join(", ")}, not "${stack}"`);
}

const UNKNOWN = pulumi.runtime.unknownValue;
const isUnknown = (v: unknown): boolean => v === UNKNOWN;
const known = (v: unknown): boolean => v !== undefined && v !== null && !isUnknown(v);

/**
 * Reads an input. @pulumi/policy hands rules the inputs behind a proxy that throws its
 * UnknownValueError (not exported) on reading a value not known until `up`, which would turn the
 * whole rule into a "can't run policy during preview" notice; such a value reads as {@link UNKNOWN}.
 */
function read(get: () => unknown): unknown {
  try {
    return get();
  } catch (err) {
    if ((err as object | undefined)?.constructor?.name === "UnknownValueError") return UNKNOWN;
    throw err;
  }
}

/** The entries of a language map, each value read on its own (see {@link read}). */
function entries(map: unknown): [string, unknown][] {
  if (!known(map) || typeof map !== "object") return [];
  return Object.keys(map as object).map((k) => [k, read(() => (map as Record<string, unknown>)[k])]);
}

/** A value for a message: quoted, and cut short so a long text cannot flood the output. */
function shown(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

function label(kind: ResourceKind, name: string): string {
  return `${kind} "${name}"`;
}

/** A JS regular expression from the config; a bad one fails the pack, naming the setting. */
function configRegExp(setting: string, source: string, flags = ""): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new Error(
      `policy config ${setting}: ${shown(source)} is not a valid regular expression (${String(err)})`,
    );
  }
}

/** A resource validation limited to the given types of this package. */
function forTypes(
  kinds: readonly ResourceKind[],
  validate: (kind: ResourceKind, args: ResourceValidationArgs, report: (message: string) => void) => void,
): ResourceValidationPolicy["validateResource"] {
  return (args, reportViolation) => {
    const kind = kinds.find((k) => RESOURCE_TYPES[k] === args.type);
    if (kind === undefined) return;
    onlyInChosenStacks(args);
    validate(kind, args, (m) => reportViolation(m));
  };
}

/**
 * API keys must be limited to an IP allowlist: `ipAllowlistMode: "explicit"` (OneSignal's
 * `ip_allowlist_mode`, update_api_key), and no entry may cover every address (`0.0.0.0/0`,
 * `::/0`, or any other range with prefix length 0).
 */
export const apiKeyIpAllowlist: ResourceValidationPolicy = {
  name: POLICY_NAMES.apiKeyIpAllowlist,
  description:
    'OneSignal API keys must use an IP allowlist (ipAllowlistMode "explicit") that does not allow every address.',
  enforcementLevel: "mandatory",
  configSchema: { properties: { ...COMMON_SCHEMA } },
  validateResource: forTypes(["ApiKey"], (kind, { name, props }, report) => {
    const mode = read(() => props.ipAllowlistMode) ?? "disabled";
    if (!isUnknown(mode) && mode !== "explicit")
      report(
        `${label(kind, name)} ipAllowlistMode is ${shown(mode)}: any IP address may use the key; ` +
          'set ipAllowlistMode: "explicit" with the CIDRs of the machines that call OneSignal in ipAllowlist',
      );
    const list = read(() => props.ipAllowlist);
    if (!Array.isArray(list)) return;
    for (let i = 0; i < list.length; i++) {
      const entry = read(() => list[i]);
      if (typeof entry !== "string" || isUnknown(entry)) continue;
      if (canonicalCidr(entry)?.endsWith("/0"))
        report(
          `${label(kind, name)} ipAllowlist has ${shown(entry)}, which allows every address; list narrower CIDRs`,
        );
    }
  }),
};

interface LanguagesConfig extends CommonConfig {
  requiredLanguages?: string[];
}

/**
 * Templates must have text in the required languages (English by default: OneSignal falls back to
 * `en` for subscriptions in languages a message lacks, create_template): in `contents` for push and
 * SMS templates, and in `headings` and `subtitle` of push templates when they are given at all.
 * Email templates have no language maps and are not checked.
 */
export const templateLanguages: ResourceValidationPolicy = {
  name: POLICY_NAMES.templateLanguages,
  description: "OneSignal templates must have content in the required languages (English by default).",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      ...COMMON_SCHEMA,
      requiredLanguages: {
        type: "array",
        items: { type: "string" },
        default: ["en"],
        description: "Language codes every language map of a template must have.",
      },
    },
  },
  validateResource: forTypes(["Template"], (kind, args, report) => {
    const { name, props } = args;
    const required = args.getConfig<LanguagesConfig>().requiredLanguages ?? ["en"];
    const channel = read(() => props.channel) ?? "push";
    if (isUnknown(channel) || channel === "email") return;
    const maps = channel === "push" ? ["contents", "headings", "subtitle"] : ["contents"];
    for (const field of maps) {
      const map = read(() => props[field]);
      if (isUnknown(map)) continue;
      const given = known(map) && typeof map === "object";
      if (!given && field !== "contents") continue;
      const langs = given ? Object.keys(map as object) : [];
      for (const lang of required) {
        if (langs.includes(lang)) continue;
        report(
          `${label(kind, name)} (${channel}) ${field} has no ${shown(lang)} text` +
            (given
              ? ` (it has ${langs.length ? langs.map((l) => shown(l)).join(", ") : "none"})`
              : " (contents is not set)"),
        );
      }
    }
  }),
};

interface OptOutConfig extends CommonConfig {
  pattern?: string;
  flags?: string;
}

/**
 * SMS templates must carry an opt-out instruction in every language of `contents` (carriers and
 * regulators require one for marketing SMS): text matching `pattern` (a JavaScript regular
 * expression, with `flags`), by default the word STOP in any case.
 */
export const smsOptOut: ResourceValidationPolicy = {
  name: POLICY_NAMES.smsOptOut,
  description:
    "OneSignal SMS templates must carry an opt-out text (e.g. 'Reply STOP to opt out') in every language.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ...COMMON_SCHEMA,
      pattern: {
        type: "string",
        default: DEFAULT_SMS_OPT_OUT.pattern,
        description: "JavaScript regular expression the text must match.",
      },
      flags: { type: "string", default: DEFAULT_SMS_OPT_OUT.flags, description: "Flags of `pattern`." },
    },
  },
  validateResource: forTypes(["Template"], (kind, args, report) => {
    const { name, props } = args;
    if (read(() => props.channel) !== "sms") return;
    const cfg = args.getConfig<OptOutConfig>();
    const pattern = cfg.pattern ?? DEFAULT_SMS_OPT_OUT.pattern;
    const flags = cfg.flags ?? (cfg.pattern === undefined ? DEFAULT_SMS_OPT_OUT.flags : "");
    const re = configRegExp(`${POLICY_NAMES.smsOptOut}.pattern`, pattern, flags);
    for (const [lang, text] of entries(read(() => props.contents))) {
      if (typeof text !== "string" || isUnknown(text) || re.test(text)) continue;
      report(
        `${label(kind, name)} contents.${lang} ${shown(text)} has no opt-out text matching /${pattern}/${flags}`,
      );
    }
  }),
};

interface NamingConfig extends CommonConfig {
  patterns?: Partial<Record<ResourceKind, string>>;
}

/**
 * Names (the OneSignal `name` input, which App defaults to the resource name) must match a pattern
 * per resource type; a type without a pattern is not checked.
 */
export const naming: ResourceValidationPolicy = {
  name: POLICY_NAMES.naming,
  description:
    "OneSignal app, API key, segment and template names must match the pattern configured for their type.",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      ...COMMON_SCHEMA,
      patterns: {
        type: "object",
        properties: Object.fromEntries(Object.keys(RESOURCE_TYPES).map((k) => [k, { type: "string" }])),
        additionalProperties: false,
        description: "A JavaScript regular expression per type (App, ApiKey, Segment, Template).",
      },
    },
  },
  validateResource: forTypes(["App", "ApiKey", "Segment", "Template"], (kind, args, report) => {
    const source = args.getConfig<NamingConfig>().patterns?.[kind];
    if (source === undefined) return;
    const re = configRegExp(`${POLICY_NAMES.naming}.patterns.${kind}`, source);
    const value = read(() => args.props.name);
    if (typeof value !== "string" || isUnknown(value) || re.test(value)) return;
    report(`${label(kind, args.name)} name ${shown(value)} does not match /${source}/`);
  }),
};

interface KeysPerAppConfig extends CommonConfig {
  maxKeysPerApp?: number;
}

/**
 * No more than `maxKeysPerApp` API keys per app in the stack. Keys are grouped by `appId`; while an
 * app is still to be created its id is unknown, and its keys are grouped by the resource their
 * `appId` comes from instead.
 */
export const apiKeysPerApp: StackValidationPolicy = {
  name: POLICY_NAMES.apiKeysPerApp,
  description: `No more than maxKeysPerApp (default ${DEFAULT_MAX_API_KEYS_PER_APP}) OneSignal API keys per app in a stack.`,
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ...COMMON_SCHEMA,
      maxKeysPerApp: { type: "integer", minimum: 0, default: DEFAULT_MAX_API_KEYS_PER_APP },
    },
  },
  validateStack: (args, reportViolation) => {
    onlyInChosenStacks(args);
    const max = args.getConfig<KeysPerAppConfig>().maxKeysPerApp ?? DEFAULT_MAX_API_KEYS_PER_APP;
    const byApp = new Map<string, string[]>();
    for (const r of args.resources) {
      if (r.type !== RESOURCE_TYPES.ApiKey) continue;
      const appId = read(() => r.props.appId);
      const from = r.propertyDependencies?.appId?.[0];
      const app =
        typeof appId === "string" && !isUnknown(appId)
          ? `app ${shown(appId)}`
          : from
            ? `the app of ${from.urn}`
            : undefined;
      if (app === undefined) continue;
      byApp.set(app, [...(byApp.get(app) ?? []), r.name]);
    }
    for (const [app, keys] of byApp)
      if (keys.length > max)
        reportViolation(
          `${app} has ${keys.length} API key${keys.length === 1 ? "" : "s"} in this stack (ApiKey ${keys.map((k) => shown(k)).join(", ")}); ` +
            `maxKeysPerApp is ${max}`,
        );
  },
};

/** Every rule of this package, with its default enforcement level. */
export function onesignalPolicies(): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return [apiKeyIpAllowlist, templateLanguages, smsOptOut, naming, apiKeysPerApp];
}

/** The pack's name, as `pulumi preview` prints it. */
export const POLICY_PACK_NAME = "onesignal-guardrails";

/**
 * Starts a policy pack of every rule (call it from a pack's entry point only: it serves the
 * engine). `args` adds to or overrides the pack's settings, e.g. `enforcementLevel` for all rules.
 */
export function createPolicyPack(
  name: string = POLICY_PACK_NAME,
  args: Partial<PolicyPackArgs> = {},
): PolicyPack {
  return new PolicyPack(name, { policies: onesignalPolicies(), ...args });
}

export type { EnforcementLevel };
