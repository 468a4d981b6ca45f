/** Helpers shared by the SDK classes (run in the Pulumi program, never serialized). */
import * as pulumi from "@pulumi/pulumi";
import { secretNames, type FieldTable } from "../provider/schemas/common";

/** What the compiler reports when an `*Args` interface and its kind's field table disagree. */
type KeysMatch<A, T> = [keyof A] extends [keyof T]
  ? [keyof T] extends [keyof A]
    ? unknown
    : { "field table has keys the Args interface lacks": Exclude<keyof T, keyof A> }
  : { "Args interface has keys the field table lacks": Exclude<keyof A, keyof T> };

/**
 * The secret inputs of a kind, read from its field table (provider/schemas/<kind>.ts). It compiles
 * only when the hand-written `A` (the `*Args` interface, kept for its JSDoc) has exactly the
 * table's keys, so a field added to one and not the other fails the build.
 */
export function secretFields<A>() {
  return <T extends FieldTable>(table: T & KeysMatch<A, T>): (keyof A & string)[] =>
    secretNames(table) as (keyof A & string)[];
}

/**
 * Wraps the given credential inputs with `pulumi.secret`, so they are encrypted in state both as
 * inputs and as the outputs that echo them, even when the program passes plain strings.
 */
export function secretInputs<T extends object>(args: T, keys: readonly (keyof T)[]): T {
  const out = { ...args } as Record<string, unknown>;
  for (const k of keys) {
    const v = out[k as string];
    if (v !== undefined && v !== null) out[k as string] = pulumi.secret(v as pulumi.Input<unknown>);
  }
  return out as T;
}

/** Adds `additionalSecretOutputs` to the caller's options without dropping theirs. */
export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  keys: readonly string[],
): pulumi.CustomResourceOptions {
  const extra = opts?.additionalSecretOutputs ?? [];
  return { ...opts, additionalSecretOutputs: [...new Set([...extra, ...keys])] };
}

/**
 * The owner of a resource: the backend organization and the URN the engine gives it. The provider
 * hashes it into the marker of the provisional name a create is sent under, which is how a look-up
 * after a lost response, or the next run after a crash, finds exactly this resource's object and
 * never another stack's (docs/design.md). Only consulted on create.
 */
export function ownerOf(
  name: string,
  type: "App" | "ApiKey" | "Segment" | "Template",
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.Output<string> {
  const urn = pulumi.createUrn(name, `pulumi-nodejs:dynamic/onesignal:${type}`, opts?.parent);
  return urn.apply((u) => `${organization()}/${u}`);
}

/** The backend organization; mock runs (`setMocks` without one) fall back to the DIY backends' name. */
function organization(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    return "organization";
  }
}

/** The provider settings that are credentials, with their stack config keys. */
const CREDENTIAL_SETTINGS = ["onesignal:organizationApiKey", "onesignal:appApiKey"] as const;
let checkedConfig = false;

/** Tests: check again on the next resource. */
export function forgetCredentialCheck(): void {
  checkedConfig = false;
}

/**
 * Warns, once per program run, about a credential set in stack config without `--secret`: the
 * engine keeps the stack config as the default provider's inputs in state, so a plain value would
 * sit there (and in `Pulumi.<stack>.yaml`) unencrypted. Which keys are secret is only known through
 * the SDK's `isConfigSecret` (`@pulumi/pulumi/runtime/config`, marked internal): if a release drops
 * it, the check is skipped rather than guessed (tests/unit/sdk-config.test.ts pins it).
 */
export function warnPlainCredentials(): void {
  if (checkedConfig) return;
  checkedConfig = true;
  let isSecret: ((key: string) => boolean) | undefined;
  try {
    const mod = require("@pulumi/pulumi/runtime/config") as { isConfigSecret?: (key: string) => boolean };
    isSecret = typeof mod.isConfigSecret === "function" ? mod.isConfigSecret : undefined;
  } catch {
    isSecret = undefined;
  }
  if (!isSecret) return;
  for (const key of CREDENTIAL_SETTINGS) {
    if (pulumi.runtime.getConfig(key) === undefined || isSecret(key)) continue;
    void pulumi.log.warn(
      `${key} is set in stack config in plain text, so it is stored unencrypted in Pulumi.<stack>.yaml ` +
        `and in the stack's state; set it again with \`pulumi config set --secret ${key} <value>\``,
    );
  }
}

/**
 * Turns off stack capture for the synchronous part of a resource's registration, and returns what
 * puts it back. Registering a resource makes four promises per property, and @pulumi/pulumi gives
 * each one `new Error().stack` (`debuggablePromise` in runtime/debuggable.js), formatted at once
 * through the program's source-map hook: with every output declared (about 50 for a Template) this
 * was most of a program's run time (5 of 8.6 s for 300 resources, measured with `--cpu-prof`). Those
 * stacks only decorate Pulumi's leaked-promise message, whose context already names the resource
 * and property. The resource's own source position and stack trace in state are taken with
 * `Error.stackTraceLimit` raised to Infinity by `Resource.callsites`, so they are unaffected.
 */
export function quietStacks(): () => void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
