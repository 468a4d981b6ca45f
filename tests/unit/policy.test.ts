// The policy pack's rules (policy/index.ts), called as the engine's policy server calls them: with
// the resource's type token, its inputs as plain values, the policy's config and a reporter.
// tests/e2e/policy.test.ts runs the same rules under `pulumi preview --policy-pack`.
import * as pulumi from "@pulumi/pulumi";
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
} from "@pulumi/policy";
import {
  apiKeyIpAllowlist,
  apiKeysPerApp,
  naming,
  onesignalPolicies,
  POLICY_NAMES,
  RESOURCE_TYPES,
  smsOptOut,
  templateLanguages,
  type ResourceKind,
} from "../../policy";

const UNKNOWN = pulumi.runtime.unknownValue;
// The proxy @pulumi/policy's server puts around the inputs it hands rules: it throws on reading a
// value not known until `up` (internal to @pulumi/policy, hence the untyped require).
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy: <T>(props: T) => T;
};

class NotApplicable extends Error {}

function setStack(stack: string): void {
  pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
    "proj",
    stack,
  );
}

/** Runs a resource rule on one resource; returns the messages it reported. */
function validate(
  policy: ResourceValidationPolicy,
  kind: ResourceKind | string,
  name: string,
  props: Record<string, unknown>,
  config: object = {},
): string[] {
  const messages: string[] = [];
  const type = kind in RESOURCE_TYPES ? RESOURCE_TYPES[kind as ResourceKind] : kind;
  const args = {
    type,
    name,
    urn: `urn:pulumi:dev::proj::${type}::${name}`,
    props: unknownCheckingProxy({ __provider: "exports.handler = ...", ...props }),
    getConfig: () => config,
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  } as unknown as ResourceValidationArgs;
  const fns = policy.validateResource;
  for (const fn of Array.isArray(fns) ? fns : fns ? [fns] : []) void fn(args, (m) => messages.push(m));
  return messages;
}

function stackCheck(resources: Partial<PolicyResource>[], config: object = {}): string[] {
  const messages: string[] = [];
  const args = {
    resources,
    getConfig: () => config,
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  } as unknown as StackValidationArgs;
  void apiKeysPerApp.validateStack(args, (m) => messages.push(m));
  return messages;
}

beforeEach(() => setStack("dev"));

describe("the pack", () => {
  it("has one policy per rule, under the documented names, with unique names", () => {
    const names = onesignalPolicies().map((p) => p.name);
    expect(names).toEqual(Object.values(POLICY_NAMES));
    expect(new Set(names).size).toBe(names.length);
  });

  it("keys on the exact type tokens of the dynamic resources", () => {
    expect(RESOURCE_TYPES).toEqual({
      App: "pulumi-nodejs:dynamic/onesignal:App",
      ApiKey: "pulumi-nodejs:dynamic/onesignal:ApiKey",
      Segment: "pulumi-nodejs:dynamic/onesignal:Segment",
      Template: "pulumi-nodejs:dynamic/onesignal:Template",
    });
  });
});

describe("values not known until up", () => {
  it("throw when read through @pulumi/policy's proxy, as the rules get them", () => {
    expect(() => unknownCheckingProxy({ a: UNKNOWN }).a).toThrow(/can't be known during preview/);
  });

  it("are skipped, while the known values next to them are still checked", () => {
    const key = { ipAllowlistMode: "explicit", ipAllowlist: [UNKNOWN, "::/0"] };
    expect(validate(apiKeyIpAllowlist, "ApiKey", "ci", key)).toEqual([
      'ApiKey "ci" ipAllowlist has "::/0", which allows every address; list narrower CIDRs',
    ]);
    const sms = { channel: "sms", contents: { en: UNKNOWN, de: "Rabatt" } };
    expect(validate(smsOptOut, "Template", "p", sms)).toEqual([
      'Template "p" contents.de "Rabatt" has no opt-out text matching /\\bSTOP\\b/i',
    ]);
  });
});

describe(POLICY_NAMES.apiKeyIpAllowlist, () => {
  it("reports a key without an explicit allowlist, naming the key, the field and the value", () => {
    expect(validate(apiKeyIpAllowlist, "ApiKey", "ci", { name: "ci", appId: "a1" })).toEqual([
      expect.stringMatching(/^ApiKey "ci" ipAllowlistMode is "disabled": any IP address may use the key/),
    ]);
    expect(validate(apiKeyIpAllowlist, "ApiKey", "ci", { ipAllowlistMode: "disabled" })[0]).toContain(
      'ipAllowlistMode is "disabled"',
    );
  });

  it("reports every range that covers all addresses, in any spelling, and nothing narrower", () => {
    const messages = validate(apiKeyIpAllowlist, "ApiKey", "ci", {
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24", "0.0.0.0/0", "::/0", "10.1.2.3/0", "2001:db8::/32", "0.0.0.0/1"],
    });
    expect(messages).toEqual([
      'ApiKey "ci" ipAllowlist has "0.0.0.0/0", which allows every address; list narrower CIDRs',
      'ApiKey "ci" ipAllowlist has "::/0", which allows every address; list narrower CIDRs',
      'ApiKey "ci" ipAllowlist has "10.1.2.3/0", which allows every address; list narrower CIDRs',
    ]);
  });

  it("passes an explicit, narrow allowlist and skips values not known until up", () => {
    expect(
      validate(apiKeyIpAllowlist, "ApiKey", "ci", {
        ipAllowlistMode: "explicit",
        ipAllowlist: ["198.51.100.7"],
      }),
    ).toEqual([]);
    expect(
      validate(apiKeyIpAllowlist, "ApiKey", "ci", { ipAllowlistMode: UNKNOWN, ipAllowlist: [UNKNOWN] }),
    ).toEqual([]);
  });

  it("ignores other types, including look-alikes of other providers", () => {
    expect(validate(apiKeyIpAllowlist, "Segment", "s", {})).toEqual([]);
    expect(validate(apiKeyIpAllowlist, "pulumi-nodejs:dynamic:Resource", "k", {})).toEqual([]);
    expect(validate(apiKeyIpAllowlist, "onesignal:index:ApiKey", "k", {})).toEqual([]);
  });

  it("applies only in the stacks chosen in its config", () => {
    const config = { stacks: ["prod"] };
    expect(() => validate(apiKeyIpAllowlist, "ApiKey", "ci", {}, config)).toThrow(
      new NotApplicable('applies to stacks prod, not "dev"'),
    );
    setStack("prod");
    expect(validate(apiKeyIpAllowlist, "ApiKey", "ci", {}, config)).toHaveLength(1);
  });
});

describe(POLICY_NAMES.templateLanguages, () => {
  it("requires en in a push template's contents, and in headings and subtitle when given", () => {
    const messages = validate(templateLanguages, "Template", "welcome", {
      contents: { en: "Hi", de: "Hallo" },
      headings: { de: "Willkommen", fr: "Bienvenue" },
      subtitle: { en: "x" },
    });
    expect(messages).toEqual(['Template "welcome" (push) headings has no "en" text (it has "de", "fr")']);
    expect(
      validate(templateLanguages, "Template", "t", { channel: "push", contents: { de: "Hallo" } }),
    ).toEqual(['Template "t" (push) contents has no "en" text (it has "de")']);
  });

  it("requires en in an SMS template's contents and does not check email templates", () => {
    expect(
      validate(templateLanguages, "Template", "sms", { channel: "sms", contents: { es: "Hola" } }),
    ).toEqual(['Template "sms" (sms) contents has no "en" text (it has "es")']);
    expect(validate(templateLanguages, "Template", "sms", { channel: "sms" })).toEqual([
      'Template "sms" (sms) contents has no "en" text (contents is not set)',
    ]);
    expect(validate(templateLanguages, "Template", "mail", { channel: "email", emailSubject: "s" })).toEqual(
      [],
    );
  });

  it("takes the required languages from its config", () => {
    const config = { requiredLanguages: ["en", "de"] };
    expect(validate(templateLanguages, "Template", "t", { contents: { en: "Hi" } }, config)).toEqual([
      'Template "t" (push) contents has no "de" text (it has "en")',
    ]);
  });

  it("skips contents not known until up", () => {
    expect(validate(templateLanguages, "Template", "t", { contents: UNKNOWN, channel: UNKNOWN })).toEqual([]);
    expect(validate(templateLanguages, "Template", "t", { contents: UNKNOWN })).toEqual([]);
  });
});

describe(POLICY_NAMES.smsOptOut, () => {
  it("reports each language of an SMS template without STOP (any case), quoting the text", () => {
    const messages = validate(smsOptOut, "Template", "promo", {
      channel: "sms",
      contents: { en: "Sale today! Reply stop to opt out", de: "Heute Rabatt!", fr: "Soldes. STOP au 36180" },
    });
    expect(messages).toEqual([
      'Template "promo" contents.de "Heute Rabatt!" has no opt-out text matching /\\bSTOP\\b/i',
    ]);
  });

  it("takes its pattern from the config (case-sensitive unless flags say otherwise)", () => {
    const props = { channel: "sms", contents: { en: "Reply stop", de: "Antworte STOPP" } };
    expect(validate(smsOptOut, "Template", "p", props, { pattern: "STOPP?" })).toEqual([
      'Template "p" contents.en "Reply stop" has no opt-out text matching /STOPP?/',
    ]);
    expect(validate(smsOptOut, "Template", "p", props, { pattern: "STOPP?", flags: "i" })).toEqual([]);
  });

  it("fails loudly on an invalid pattern, naming the setting", () => {
    expect(() =>
      validate(smsOptOut, "Template", "p", { channel: "sms", contents: { en: "x" } }, { pattern: "(" }),
    ).toThrow(/policy config onesignal-sms-opt-out.pattern: "\(" is not a valid regular expression/);
  });

  it("does not check push templates, and cuts long texts short in messages", () => {
    expect(validate(smsOptOut, "Template", "p", { contents: { en: "no opt-out" } })).toEqual([]);
    const [message] = validate(smsOptOut, "Template", "p", {
      channel: "sms",
      contents: { en: "x".repeat(500) },
    });
    expect(message).toContain(`"${"x".repeat(57)}..."`);
    expect(message!.length).toBeLessThan(200);
  });
});

describe(POLICY_NAMES.naming, () => {
  const config = { patterns: { Segment: "^[a-z0-9-]+$", App: "^(dev|prod)-" } };

  it("checks the name input against the pattern of its type", () => {
    expect(validate(naming, "Segment", "seg", { name: "Active Users" }, config)).toEqual([
      'Segment "seg" name "Active Users" does not match /^[a-z0-9-]+$/',
    ]);
    expect(validate(naming, "Segment", "seg", { name: "active-users" }, config)).toEqual([]);
    expect(validate(naming, "App", "shop", { name: "shop" }, config)).toEqual([
      'App "shop" name "shop" does not match /^(dev|prod)-/',
    ]);
  });

  it("does not check types without a pattern, or names not known until up", () => {
    expect(validate(naming, "Template", "t", { name: "Anything Goes" }, config)).toEqual([]);
    expect(validate(naming, "Segment", "seg", { name: UNKNOWN }, config)).toEqual([]);
    expect(validate(naming, "Segment", "seg", { name: "X" })).toEqual([]);
  });
});

describe(POLICY_NAMES.apiKeysPerApp, () => {
  const key = (name: string, appId: unknown, from?: string): Partial<PolicyResource> => ({
    type: RESOURCE_TYPES.ApiKey,
    name,
    urn: `urn:pulumi:dev::proj::${RESOURCE_TYPES.ApiKey}::${name}`,
    props: unknownCheckingProxy({ appId, name }),
    propertyDependencies: from ? { appId: [{ urn: from } as PolicyResource] } : {},
  });

  it("reports an app with more keys than maxKeysPerApp, naming the app and the keys", () => {
    const resources = [key("a", "app-1"), key("b", "app-1"), key("c", "app-1"), key("d", "app-2")];
    expect(stackCheck(resources, { maxKeysPerApp: 2 })).toEqual([
      'app "app-1" has 3 API keys in this stack (ApiKey "a", "b", "c"); maxKeysPerApp is 2',
    ]);
    expect(stackCheck(resources, { maxKeysPerApp: 3 })).toEqual([]);
    expect(stackCheck([key("d", "app-2")], { maxKeysPerApp: 0 })).toEqual([
      'app "app-2" has 1 API key in this stack (ApiKey "d"); maxKeysPerApp is 0',
    ]);
  });

  it("defaults to 5 keys per app and ignores other types", () => {
    const keys = ["1", "2", "3", "4", "5"].map((n) => key(n, "app-1"));
    expect(stackCheck([...keys, { ...key("seg", "app-1"), type: RESOURCE_TYPES.Segment }])).toEqual([]);
    expect(stackCheck([...keys, key("6", "app-1")])).toHaveLength(1);
  });

  it("groups keys of an app still to be created by the resource their appId comes from", () => {
    const app = `urn:pulumi:dev::proj::${RESOURCE_TYPES.App}::shop`;
    const resources = [key("a", UNKNOWN, app), key("b", UNKNOWN, app), key("c", UNKNOWN)];
    expect(stackCheck(resources, { maxKeysPerApp: 1 })).toEqual([
      `the app of ${app} has 2 API keys in this stack (ApiKey "a", "b"); maxKeysPerApp is 1`,
    ]);
  });
});
