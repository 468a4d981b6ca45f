/**
 * Shared zod building blocks for the OneSignal wire format.
 *
 * Conventions used by every `provider/schemas/<kind>.ts`:
 * - **Outbound** (request) schemas take camelCase input, are strict (unknown keys are errors) and
 *   run before any request is sent. Their issues are turned into user-facing paths such as
 *   `filters[3].relation` by {@link formatIssues}.
 * - **Inbound** (response) schemas take snake_case wire JSON, tolerate unknown keys and `null`,
 *   and produce camelCase objects. `null`/absent optional values are *omitted* (never `undefined`
 *   values) because results flow into Pulumi state, which cannot hold `undefined`.
 * - A field that exists in both directions is declared once in a {@link FieldTable}; both
 *   directions are derived from that declaration.
 */
import { z } from "zod";

/**
 * One property of a kind, declared once with everything every layer needs: its wire name and
 * schemas (client), its behaviour (the resource handlers' check, diff and read), whether it is a
 * secret (the SDK's `pulumi.secret` inputs and `additionalSecretOutputs`, the transport's
 * redaction) and, for templates, the channel it belongs to. The generated reference
 * (`npm run docs`) reads the same entries.
 */
export interface FieldSpec {
  /**
   * The JSON member name OneSignal uses (snake_case, or camelCase for flags such as `isSMS`).
   * Absent for inputs the provider consumes itself (`appId`, `apiKey`, adoption ids).
   */
  readonly wire?: string;
  /** Strict schema for the camelCase value a caller sends. Unknown (computed) values skip it at preview. */
  readonly schema: z.ZodType;
  /** Tolerant schema for the value OneSignal returns; defaults to `schema`. */
  readonly inbound?: z.ZodType;
  readonly required?: boolean;
  /** A change replaces the resource. */
  readonly replaceOnChange?: boolean;
  /** The value is a credential: `pulumi.secret` in the SDK, redacted wherever the transport sees it. */
  readonly secret?: boolean;
  /**
   * OneSignal never returns it: inbound parsing ignores it, diff compares against the last inputs
   * (kept in outputs) and read carries the stored value forward.
   */
  readonly writeOnly?: boolean;
  /** Consulted by `create` only (adoption ids); changes later are ignored by diff. */
  readonly createOnly?: boolean;
  /**
   * A value still unknown at preview is not shown as a change: the credential another resource
   * outputs (an ApiKey's `token`) is unknown whenever that resource is updated, rotated or not, and
   * a change of it alone sends nothing to OneSignal. The real value is diffed at `up`.
   */
  readonly unknownIsNoChange?: boolean;
  /**
   * Leaving the input out means "not managed": diff ignores the field instead of comparing the
   * remote value with the default (OneSignal's API cannot clear most optional settings).
   */
  readonly unmanagedWhenAbsent?: boolean;
  /** What an absent input means, for comparison. */
  readonly default?: unknown;
  /** Canonical form for comparison (applied to both sides). Identity when absent. */
  readonly normalise?: (value: unknown) => unknown;
  /** Templates: the only channel whose templates may set it (OneSignal ignores it on the others). */
  readonly channel?: string;
  /** Kept for old programs only: `check` warns with this text (what to use instead) when it is set. */
  readonly deprecated?: string;
}

/** camelCase name → field declaration. */
export type FieldTable = Record<string, FieldSpec>;

type Behaviour = Omit<FieldSpec, "wire" | "schema" | "inbound">;

/** Declares a field OneSignal sees under `wire`; `inbound` defaults to the outbound schema. */
export function field<S extends z.ZodType, I extends z.ZodType = S, B extends Behaviour = Behaviour>(
  wire: string,
  schema: S,
  opts: { inbound?: I } & B = {} as { inbound?: I } & B,
): { wire: string; schema: S; inbound: I } & Omit<B, "inbound"> {
  const { inbound, ...behaviour } = opts;
  return { ...behaviour, wire, schema, inbound: (inbound ?? schema) as unknown as I };
}

/** Declares an input the provider consumes itself: never sent to OneSignal under its own name. */
export function input<S extends z.ZodType, B extends Behaviour = Behaviour>(
  schema: S,
  behaviour: B = {} as B,
): { schema: S } & B {
  return { ...behaviour, schema };
}

/** The keys of a table that OneSignal sees. */
export type WireKeys<T extends FieldTable> = {
  [K in keyof T]: T[K] extends { wire: string } ? K : never;
}[keyof T];

/** The part of a table the client sends and reads. */
export function wireFields<T extends FieldTable>(table: T): Pick<T, WireKeys<T>> {
  return Object.fromEntries(Object.entries(table).filter(([, s]) => s.wire !== undefined)) as Pick<
    T,
    WireKeys<T>
  >;
}

/** The names of a table's secret fields (the SDK's secret inputs and outputs). */
export function secretNames(table: FieldTable): string[] {
  return Object.keys(table).filter((k) => table[k].secret === true);
}

/** zod object shape (all optional) of the camelCase outbound view of a table. */
export type OutboundShape<T extends FieldTable> = { [K in keyof T]: z.ZodOptional<T[K]["schema"]> };

/** The outbound shape of a table, for `z.strictObject({...outboundShape(t), ...})`. */
export function outboundShape<T extends FieldTable>(table: T): OutboundShape<T> {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, spec] of Object.entries(table)) shape[k] = spec.schema.optional();
  return shape as OutboundShape<T>;
}

/** camelCase values parsed from the wire for a table (absent when `null`, missing or malformed). */
export type InboundValues<T extends FieldTable> = {
  -readonly [K in keyof T as T[K] extends { writeOnly: true } ? never : K]?: z.output<
    T[K] extends { inbound: infer I extends z.ZodType } ? I : T[K]["schema"]
  >;
};

/**
 * Tolerant inbound schema of a table: reads wire names, ignores unknown keys, drops `null`s and
 * drops values that do not match (OneSignal's read shapes vary between doc revisions; a malformed
 * optional field must not make a refresh fail).
 */
export function inboundObject<T extends FieldTable>(table: T): z.ZodType<InboundValues<T>> {
  return z.record(z.string(), z.unknown()).transform((wire) => {
    const out: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(table)) {
      if (spec.writeOnly || spec.wire === undefined) continue;
      const v = wire[spec.wire];
      if (v === null || v === undefined) continue;
      const parsed = (spec.inbound ?? spec.schema).safeParse(v);
      if (parsed.success && parsed.data !== undefined && parsed.data !== null) out[k] = parsed.data;
    }
    return out as InboundValues<T>;
  }) as unknown as z.ZodType<InboundValues<T>>;
}

/** Maps validated camelCase values to their wire names, omitting `undefined`. */
export function toWire<T extends FieldTable>(
  table: T,
  value: { [K in keyof T]?: unknown },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(table)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined && spec.wire !== undefined) out[spec.wire] = v;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Scalars shared by several kinds
// ---------------------------------------------------------------------------------------------

/**
 * Lower-case or upper-case hex UUID of any version (OneSignal ids; the docs say "UUID v4"): zod's
 * `guid`, which checks the 8-4-4-4-12 hex form without the RFC 9562 version and variant bits.
 */
export const uuidSchema = z.guid({ error: "must be a UUID" });

/** Non-empty id used in a URL path; ids are opaque to the client but must not be blank. */
export const idSchema = z.string().trim().min(1, "must not be empty");

/** E.164 phone number (`+` then up to 15 digits, no leading zero). */
const E164 = /^\+[1-9]\d{1,14}$/;
export const e164Schema = z.string().regex(E164, "must be an E.164 phone number such as +15558675309");

/**
 * SMS sender (`sms_from`, create_template and create_notification): "the Messaging Service ID or
 * phone number" in OneSignal's API reference. OneSignal recommends Twilio Messaging Service SIDs
 * (`MG` and 32 hex digits) and also accepts an E.164 number.
 */
export const smsSenderSchema = z
  .string()
  .refine(
    (s) => /^MG[0-9a-fA-F]{32}$/.test(s) || E164.test(s),
    "must be a Messaging Service SID (MG followed by 32 hex digits) or an E.164 phone number such as +15558675309",
  );

/**
 * OneSignal `LanguageStringMap`: language code → text. The 5.12 spec models 43 codes; the server
 * accepts more (the official Node SDK silently drops the rest), so any code-like key is allowed.
 */
export const languageStringMapSchema = z
  .record(
    z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, "must be a language code such as en or zh-Hans"),
    z.string(),
  )
  .refine((m) => Object.keys(m).length > 0, "must contain at least one language");

/** Inbound LanguageStringMap: any string→string map, `{}` allowed (headings come back as `{}`). */
export const languageStringMapInbound = z.record(z.string(), z.string().nullable()).transform((m) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) if (typeof v === "string") out[k] = v;
  return out;
});

/**
 * Timestamp as OneSignal returns it (ISO string, or Unix seconds for segment detail) normalised
 * to an ISO-8601 string; Pulumi state cannot hold `Date`.
 */
export const timestampInbound = z.union([z.string(), z.number()]).transform((v) => {
  if (typeof v === "number") {
    // Segment detail sends Unix *seconds*; treat implausibly large numbers as milliseconds.
    const ms = v > 1e11 ? v : v * 1000;
    return new Date(ms).toISOString();
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? v : new Date(t).toISOString();
});

/** Boolean as the wire sends it (some revisions echo flags as "true"/"false" strings). */
export const booleanInbound = z.union([
  z.boolean(),
  z.enum(["true", "false"]).transform((s) => s === "true"),
]);

/** Number that some doc revisions send as a string (filter `radius`/`lat`/`long`). */
export const numberInbound = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** String that some revisions send as a number (filter `value`, `hours_ago`). */
export const stringInbound = z.union([
  z.string(),
  z.number().transform(String),
  z.boolean().transform(String),
]);

/** JSON-safe value: no `undefined`, `bigint`, `Date`, functions (Pulumi's struct encoder rejects them). */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

// ---------------------------------------------------------------------------------------------
// Issue formatting
// ---------------------------------------------------------------------------------------------

/** One validation problem, with the path in the caller's camelCase (e.g. `filters[3].relation`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** `["filters", 3, "relation"]` → `filters[3].relation`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** Flattens zod issues to `{path, message}`, one issue per unknown key. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        out.push({ path: formatPath([...issue.path, key]), message: "unknown field" });
      continue;
    }
    out.push({ path: formatPath(issue.path), message: issue.message });
  }
  return out;
}

/** zod's message, with an enumeration said the way the docs list it (a custom issue loses `values`). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value" && Array.isArray(issue.values) && issue.values.length > 1)
    return `is not allowed; must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  return issue.message;
}

/**
 * Runs a schema whose branches are chosen by inspection instead of `z.union`: union errors say
 * only "Invalid input", while this keeps the branch's precise issues and paths.
 */
export function pick<T>(choose: (v: unknown) => z.ZodType<T>): z.ZodType<T> {
  return z.unknown().transform((v, ctx) => {
    const r = choose(v).safeParse(v);
    if (r.success) return r.data;
    for (const i of r.error.issues) {
      if (i.code === "unrecognized_keys") {
        for (const key of i.keys)
          ctx.addIssue({ code: "custom", message: "unknown field", path: [...i.path, key] });
      } else ctx.addIssue({ code: "custom", message: issueMessage(i), path: [...i.path] });
    }
    return z.NEVER;
  }) as unknown as z.ZodType<T>;
}

/** Byte length of the JSON encoding (OneSignal's `custom_data`/`data` limits are in bytes). */
export function jsonByteLength(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v) ?? "", "utf8");
}

/** `true` for plain objects. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Error bodies (the 5.12 spec's `GenericError`, `RateLimitError`, and older shapes)
// ---------------------------------------------------------------------------------------------

/**
 * Extracts OneSignal's human-readable messages from any of the six documented error-body shapes:
 * `{errors: [string]}`, `{errors: string}`, `{errors: [{code,title,meta}]}`,
 * `{errors: {invalid_aliases: …, invalid_player_ids: […]}}`, `{success: false}` and legacy
 * `{errors: […], reference: […]}` (plus the 5.12 spec's `RateLimitError.limit`). Never throws.
 */
export function errorMessages(body: unknown): string[] {
  if (!isPlainObject(body))
    return typeof body === "string" && body.trim() !== "" ? [body.trim().slice(0, 300)] : [];
  const out: string[] = [];
  const errors = body.errors;
  const describe = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)));
  if (typeof errors === "string") out.push(errors);
  else if (Array.isArray(errors)) {
    for (const e of errors) {
      if (typeof e === "string") out.push(e);
      else if (isPlainObject(e)) {
        const title =
          typeof e.title === "string" ? e.title : typeof e.message === "string" ? e.message : undefined;
        const code = typeof e.code === "string" || typeof e.code === "number" ? String(e.code) : undefined;
        out.push(title && code ? `${title} (${code})` : (title ?? code ?? describe(e)));
      } else if (e != null) out.push(describe(e));
    }
  } else if (isPlainObject(errors)) {
    for (const [k, v] of Object.entries(errors)) out.push(`${k}: ${describe(v)}`);
  } else if (typeof body.message === "string") out.push(body.message);
  if (typeof body.limit === "string" && body.limit !== "") out.push(`limit: ${body.limit}`);
  return out;
}
