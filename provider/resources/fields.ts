/**
 * The field-spec engine: `check` and `diff` of every kind read the kind's field table
 * (provider/schemas/<kind>.ts) through these functions, and outputs are reconciled with what
 * OneSignal returned by the same canonical comparison.
 */
import { z } from "zod";
import { deepEqual } from "../json";
import { formatPath, issueMessage, type FieldSpec } from "../schemas/common";
import { type CheckFailure, type CheckResult, type DiffResult, type Props, UNKNOWN } from "./protocol";

export type { FieldSpec };

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
    const failedSecrets = new Set<string>();
    if (!result.success) {
      for (const issue of result.error.issues) {
        if (valueAt(inputs, issue.path).unknown) continue;
        const property = formatPath(issue.path);
        // A missing required value reads better as "is required" than zod's type message.
        const value = valueAtRaw(inputs, issue.path);
        const missing = issue.code === "invalid_type" && value === undefined;
        const root = String(issue.path[0] ?? "");
        if (Object.prototype.hasOwnProperty.call(fields, root) && fields[root].secret === true) {
          failedSecrets.add(root);
          failures.push(secretFailure(property, missing ? "is required" : secretReason(issue, value)));
          continue;
        }
        failures.push(
          plainFailure(property, issue.path.length > 1, value, missing ? "is required" : issueMessage(issue)),
        );
      }
    }
    const out: Props = { ...inputs };
    // Nor is the value of a failed secret handed back in the checked inputs.
    for (const name of failedSecrets) delete out[name];
    if (news.__provider !== undefined) out.__provider = news.__provider;
    // The owner (backend organization and URN) that proves which object a create made (ownership.ts).
    if (typeof news.__owner === "string") out.__owner = news.__owner;
    return { inputs: out, failures: dedupeFailures(failures) };
  } catch (err) {
    const inputs: Props = { ...news };
    for (const [name, spec] of Object.entries(fields)) if (spec.secret === true) delete inputs[name];
    return {
      inputs,
      failures: [{ property: "", reason: `invalid inputs: ${(err as Error).message}` }],
    };
  }
}

/**
 * A failure on a secret property. The engine prints a failure with a property as
 * "property <p> value <v> has a problem", `<v>` looked up in the program's inputs
 * (pkg/resource/deploy/step_generator.go, issueCheckFailures); older engines (v3.259.0) print a
 * secret value there in full. So the failure names the property in its reason and leaves
 * `property` empty ("<type> resource '<name>' has a problem: <reason>"), and the reason says what
 * was expected and what came, never the value.
 */
/**
 * A failure on a non-secret property. The engine prints `property <p> value <v> has a problem`, but
 * it finds no value under a nested path (`filters[0].relation` prints `value {<nil>}`), so a nested
 * failure names the path and the value itself, with no property for the engine to look up.
 */
function plainFailure(property: string, nested: boolean, value: unknown, reason: string): CheckFailure {
  if (!nested || value === undefined) return { property, reason };
  // Only a scalar is shown (a relation, a CIDR): a nested object or array may hold a value the
  // program marked secret, which reaches check in plain text (the host does not accept secrets).
  const scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean";
  return { property: "", reason: `${property}: ${scalar ? `${shown(value)} ` : ""}${reason}` };
}

/** A value as a failure shows it: JSON, cut short. */
function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function secretFailure(property: string, reason: string): CheckFailure {
  return { property: "", reason: `${property}: ${reason} (its value is not shown: it is secret)` };
}

/** What a secret's value was, by type only. */
function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return "a Buffer";
  // A Buffer that crossed a JSON or gRPC boundary: `{type: "Buffer", data: [...]}`.
  if (typeof value === "object" && (value as Props).type === "Buffer" && Array.isArray((value as Props).data))
    return "a Buffer";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function secretReason(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === "invalid_type") {
    const expected = String((issue as { expected?: unknown }).expected ?? "string");
    return `must be a ${expected}, not ${describeType(value)}`;
  }
  // The schemas' own messages for secrets never quote the value (provider/schemas/app.ts); zod's
  // built-in ones for strings give lengths and formats, not the value.
  return issue.message;
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
 * code reaches state instead of being hidden by a Same step (the engine writes a Same step's old
 * outputs, including the old `__provider`).
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
      if (spec.unknownIsNoChange) continue;
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

/**
 * Whether an object being adopted already holds every value the program declares (compared in
 * canonical form, as a diff compares), so that the adoption sends no write: an unchanged object
 * keeps its `updated_at`, and nothing is written that OneSignal would only write back. A declared
 * write-only value (a credential) can never be seen, so it always needs the write. `remote` is
 * the object as OneSignal answered, under the input names; `skip` lists inputs that are not
 * settings of the object (its app, its key, the adoption id).
 */
export function holdsAll(fields: FieldSpecs, remote: Props, inputs: Props, skip: readonly string[]): boolean {
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.createOnly || skip.includes(name)) continue;
    const mine = inputs[name];
    // Left out: the object keeps its value, unless leaving it out means a default that is sent.
    if ((mine === undefined || mine === null) && spec.default === undefined) continue;
    if (spec.writeOnly || containsUnknown(mine)) return false;
    if (!deepEqual(canonical(spec, mine), canonical(spec, remote[name]))) return false;
  }
  return true;
}

/**
 * The managed input values (known, non-null), in spec order. `implied` holds the values a field
 * takes when the program leaves it out (an app's organization from the provider setting, a
 * template's channel from its flags): those are left out, as `withoutImplied` leaves them out of
 * checked inputs, so that a refresh's inputs match what the program says.
 */
export function pickInputs(fields: FieldSpecs, source: Props, implied: Props = {}): Props {
  const out: Props = {};
  for (const name of Object.keys(fields)) {
    const v = source[name];
    if (v !== undefined && v !== null) out[name] = v;
  }
  return withoutImplied(out, implied);
}

/**
 * The inputs a read gives the engine. None when the object still holds, in every input field, what
 * state said: the engine then keeps the stored inputs as they are (`RefreshStep.Apply` in the
 * engine's pkg/resource/deploy/step.go: "Otherwise, retain the current inputs"). Inputs rebuilt
 * from the outputs differ from the program's in form (the ownership marker `__owner` is not an
 * output; a default the program left out is), which is no diff but makes the engine rewrite the
 * whole checkpoint for every resource at the next `up`: 10 s for 300 resources. When a field
 * drifted, the inputs come from the outputs, so the next preview shows that field.
 */
export function refreshedInputs(
  fields: FieldSpecs,
  before: Props,
  outs: Props,
  implied: Props = {},
): Props | undefined {
  const now = pickInputs(fields, outs, implied);
  return deepEqual(now, pickInputs(fields, before, implied)) ? undefined : now;
}

/**
 * Inputs without the values that only restate what leaving the field out means. The engine shows
 * a preview's diff between the stored inputs and the new ones; a refresh's inputs come from the
 * outputs, which always carry such a field. Without this, a program that leaves it out would see
 * `- organizationId` or `[diff: -channel]` after every refresh that found drift, and one that
 * spells the implied value would see `+ …`: cosmetic diffs that change nothing.
 */
export function withoutImplied(inputs: Props, implied: Props): Props {
  const out: Props = { ...inputs };
  for (const [name, v] of Object.entries(implied))
    if (v !== undefined && v !== UNKNOWN && out[name] === v) delete out[name];
  return out;
}

/**
 * The output value of one field after OneSignal answered: OneSignal's value, unless it is silent
 * (absent, or write-only) or only spells the program's value differently (allowlist order, `/32`,
 * an origin's trailing slash, filter order); then the program's form, so that a refresh never
 * rewrites what the program says and a real change made outside Pulumi still shows as a diff.
 */
export function reconcile(spec: FieldSpec, mine: unknown, theirs: unknown): unknown {
  if (spec.writeOnly || theirs === undefined || theirs === null) return mine ?? spec.default;
  if (mine !== undefined && mine !== null && deepEqual(canonical(spec, mine), canonical(spec, theirs)))
    return mine;
  return theirs;
}
