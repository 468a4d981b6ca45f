/**
 * What the four resource kinds share: the field-spec model, the generic check and diff that read
 * it, JSON-safe outputs and error shaping. Runs only inside the dynamic
 * provider process (loaded through `pulumi-onesignal/runtime`), so module-level zod schemas and
 * helpers are fine here: nothing in this file is ever serialized into `__provider`.
 */
import { z } from "zod";
import type { FieldSpec } from "../schemas/common";
import { deepEqual, isBlank, jsonSafe, jsonSafeProps, stableStringify, str, toIso, toMillis } from "../json";
import type { Settings } from "../config";
import type { ErrorGuards, OneSignalApi } from "./api";

export type { Settings } from "../config";

/**
 * The value the engine sends for inputs that are not known yet (preview). Copied as a literal:
 * importing `@pulumi/pulumi` into provider code is not allowed (DYNAMIC_PROVIDERS rule 3).
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Property bag as it crosses the gRPC boundary. */
export type Props = Record<string, unknown>;

/** The resource kinds; the runtime table is keyed by this union so none can be forgotten. */
export type Kind = "app" | "apiKey" | "segment" | "template";

/** Public class name per kind, used in error messages and the type token. */
export const KIND_NAMES: Readonly<Record<Kind, string>> = {
  app: "App",
  apiKey: "ApiKey",
  segment: "Segment",
  template: "Template",
};

export interface CheckFailure {
  property: string;
  reason: string;
}
export interface CheckResult {
  inputs: Props;
  failures: CheckFailure[];
}
export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}
export interface CreateResult {
  id: string;
  outs: Props;
}
export interface ReadResult {
  id?: string;
  props?: Props;
  inputs?: Props;
}
export interface UpdateResult {
  outs: Props;
}

/** The handler object the runtime exposes per kind (mirrors `pulumi.dynamic.ResourceProvider`). */
export interface ResourceHandlers {
  check(olds: Props, news: Props): Promise<CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
  create(inputs: Props): Promise<CreateResult>;
  read(id: string, props: Props): Promise<ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/** What the handlers get from the runtime; tests pass their own. */
export interface Context {
  /** The client; constructed lazily, so `check` and `diff` never touch it. */
  api(): OneSignalApi;
  guards: ErrorGuards;
  settings(): Settings;
  /** A message the user must see in the CLI output. */
  warn(message: string): void;
  now(): number;
  /** Waits; injected beside `now` so that tests can run waits without real time. */
  sleep(ms: number): Promise<void>;
  uuid(): string;
  /**
   * False once the Pulumi engine that started this provider process is gone (the CLI was killed):
   * work in flight must then stop before it makes an object indistinguishable from someone else's.
   */
  engineAlive(): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Field specs

export type { FieldSpec };
export { deepEqual, isBlank, jsonSafe, jsonSafeProps, stableStringify, str, toIso, toMillis };

export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** True for the unknown sentinel or any structure containing it. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") {
    return Object.values(value as Props).some(containsUnknown);
  }
  return false;
}

/** The comparable form of a field value. */
export function canonical(spec: FieldSpec, value: unknown): unknown {
  const v = value === undefined || value === null ? spec.default : value;
  if (v === undefined || v === null) return undefined;
  return spec.normalise ? spec.normalise(v) : v;
}

/** Joins a zod path the way users write the property: `filters[2].relation`. */
export function propertyPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { unknown: boolean } {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === UNKNOWN) return { unknown: true };
    if (cur === null || typeof cur !== "object") return { unknown: false };
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return { unknown: containsUnknown(cur) };
}

/**
 * Validates inputs against the field specs plus a kind-level refinement. Never throws and never
 * performs I/O: a failure names the property; issues located at (or under) an unknown value are
 * dropped, because the value will only be known during `up`.
 */
export function checkWith(
  fields: FieldSpecs,
  news: Props,
  refine?: (inputs: Props, ctx: z.RefinementCtx) => void,
): CheckResult {
  try {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, spec] of Object.entries(fields)) {
      shape[name] = spec.required ? spec.schema : spec.schema.optional();
    }
    const inputs: Props = {};
    const failures: CheckFailure[] = [];
    for (const [key, value] of Object.entries(news)) {
      if (key.startsWith("__")) continue; // __provider, __owner: set by the SDK, not by users
      // Own properties only: `"constructor" in fields` is true through the prototype.
      if (!Object.prototype.hasOwnProperty.call(fields, key)) {
        failures.push({ property: key, reason: `unknown property "${key}"` });
        continue;
      }
      // A null input is the same as leaving it out (YAML programs can produce nulls).
      if (value === null) continue;
      inputs[key] = value;
    }
    let schema: z.ZodType = z.object(shape);
    if (refine) schema = (schema as z.ZodObject).superRefine((v, ctx) => refine(v as Props, ctx));
    const result = schema.safeParse(inputs);
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (valueAt(inputs, issue.path).unknown) continue;
        const property = propertyPath(issue.path);
        // A missing required value reads better as "is required" than zod's type message.
        const missing = issue.code === "invalid_type" && valueAtRaw(inputs, issue.path) === undefined;
        failures.push({ property, reason: missing ? "is required" : issue.message });
      }
    }
    const out: Props = { ...inputs };
    if (news.__provider !== undefined) out.__provider = news.__provider;
    // The owner (backend organization and URN) that proves which object a create made (ownership.ts).
    if (typeof news.__owner === "string") out.__owner = news.__owner;
    return { inputs: out, failures: dedupeFailures(failures) };
  } catch (err) {
    return {
      inputs: news,
      failures: [{ property: "", reason: `invalid inputs: ${(err as Error).message}` }],
    };
  }
}

function valueAtRaw(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

function dedupeFailures(failures: CheckFailure[]): CheckFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const k = `${f.property}\u0000${f.reason}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The exact diff: compares each field's canonical desired value with the canonical value in the
 * old outputs (the last read or the last inputs, for write-only fields, which outputs echo).
 * Unknown values count as changes. A changed `__provider` is a change too, so the new (thin)
 * code reaches state instead of being hidden by a Same step (DYNAMIC_PROVIDERS rule 14).
 */
export function diffWith(
  fields: FieldSpecs,
  olds: Props,
  news: Props,
  deleteBeforeReplace = false,
): DiffResult & { changed: string[] } {
  const changed: string[] = [];
  const replaces: string[] = [];
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.createOnly) continue;
    const n = news[name];
    if (containsUnknown(n)) {
      changed.push(name);
      if (spec.replaceOnChange) replaces.push(name);
      continue;
    }
    if ((n === undefined || n === null) && spec.unmanagedWhenAbsent) continue;
    if (!deepEqual(canonical(spec, n), canonical(spec, olds[name]))) {
      changed.push(name);
      if (spec.replaceOnChange) replaces.push(name);
    }
  }
  if (news.__provider !== undefined && news.__provider !== olds.__provider) {
    changed.push("__provider");
  }
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: deleteBeforeReplace && replaces.length > 0,
    changed,
  };
}

/** The managed input values (known, non-null), in spec order. */
export function pickInputs(fields: FieldSpecs, source: Props): Props {
  const out: Props = {};
  for (const name of Object.keys(fields)) {
    const v = source[name];
    if (v !== undefined && v !== null) out[name] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * The error the handlers throw. The host turns `message` into the CLI error; `id` and
 * `properties` (when set) make it an `ErrorResourceInitFailed`, so the engine keeps the created
 * object in state and the next `up` retries it as an update instead of creating a duplicate.
 */
export class ResourceError extends Error {
  id?: string;
  properties?: Props;
  reasons?: string[];
  constructor(message: string) {
    super(message);
    this.name = "ResourceError";
  }
}

/** Replaces every occurrence of the given credential values with `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (typeof s === "string" && s.length >= 6) out = out.split(s).join("[redacted]");
  }
  return out;
}

/**
 * Wraps any failure as "OneSignal <Kind> <op> failed: <reason>". The client's
 * `OneSignalApiError.message` is already redacted; the credential values the handler knows are
 * scrubbed again as a second line of defence. With `partial`, the error carries `id` and
 * `properties` (including `__provider`, without which later read/delete cannot load a provider).
 */
export function wrapError(
  kind: Kind,
  op: string,
  err: unknown,
  secrets: readonly (string | undefined)[],
  partial?: { id: string; properties: Props; inputs: Props },
): ResourceError {
  const reason = err instanceof Error ? err.message : String(err);
  const prefix = `OneSignal ${KIND_NAMES[kind]} ${op} failed`;
  const message = redact(err instanceof ResourceError ? reason : `${prefix}: ${reason}`, secrets);
  const e = new ResourceError(
    partial
      ? `${message} (the object ${partial.id} exists and is kept in state; the next \`pulumi up\` retries)`
      : message,
  );
  if (partial) {
    e.id = partial.id;
    e.properties = jsonSafeProps({ ...partial.properties, __provider: partial.inputs.__provider });
    e.reasons = [message];
  }
  return e;
}

/** Runs `fn`, rethrowing its failure as a {@link wrapError}. */
/**
 * Fetches an object for `read`. A 404 means it was deleted out of band: `undefined`, which the
 * handlers answer with `{}` so the engine drops it from state and the next `up` recreates it.
 */
export async function fetchOrGone<T>(ctx: Context, fetch: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fetch();
  } catch (err) {
    if (ctx.guards.isNotFound(err)) return undefined;
    throw err;
  }
}

export async function guarded<T>(
  kind: Kind,
  op: string,
  secrets: readonly (string | undefined)[],
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ResourceError) throw err;
    throw wrapError(kind, op, err, secrets);
  }
}
