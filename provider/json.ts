/**
 * JSON value helpers for everything that compares or stores values: canonical equality, the
 * struct-safe form Pulumi state needs, timestamps and blank checks.
 */

type Props = Record<string, unknown>;

/** `null`, `undefined` and "" all mean "not set" for optional strings in OneSignal reads. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

/** Deterministic JSON with sorted keys, dropping undefined/null members; for equality only. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(canonicalJson(value));
}

function canonicalJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalJson);
  if (value !== null && typeof value === "object") {
    const out: Props = {};
    for (const key of Object.keys(value as Props).sort()) {
      const v = (value as Props)[key];
      if (v === undefined || v === null) continue;
      out[key] = canonicalJson(v);
    }
    return out;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/**
 * Makes a value safe for `google.protobuf.Struct`: drops `undefined` (which throws "Unexpected
 * struct type"), null members of objects, functions; Dates become ISO strings, bigints strings,
 * non-finite numbers are dropped.
 */
export function jsonSafe(value: unknown): unknown {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") {
    return undefined;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    return value.map((v) => {
      const s = jsonSafe(v);
      return s === undefined ? null : s;
    });
  }
  if (typeof value === "object") {
    const out: Props = {};
    for (const [k, v] of Object.entries(value as Props)) {
      if (v === null) continue;
      const s = jsonSafe(v);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return value;
}

export function jsonSafeProps(value: Props): Props {
  return jsonSafe(value) as Props;
}

/** Timestamps arrive as ISO strings, Unix seconds or milliseconds; outputs use ISO strings. */
export function toIso(value: unknown): string | undefined {
  const ms = toMillis(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

export function toMillis(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    return value < 1e11 ? value * 1000 : value; // seconds vs milliseconds
  }
  if (typeof value === "string" && value !== "") {
    if (/^\d+(\.\d+)?$/.test(value)) return toMillis(Number(value));
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** A value that must be a non-empty string at create/update time (unknowns are resolved by then). */
export function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
