/**
 * Validation of the `filters` language shared by segments and Create message (the 5.12
 * spec's `Filter`/`Operator`; OneSignal's docs for `create_segment`).
 */
import { badRequest } from "./errors";
import {
  filterEntrySchema,
  issuesToMessages,
  operatorEntrySchema,
  RELATIONS,
  type Relation,
} from "./schemas";
import type { FilterEntry } from "./state";

/** Max entries, counting filters and operators alike (docs for `create_segment`: "1 - 200 elements"). */
export const MAX_FILTER_ENTRIES = 200;
/** `in_array`/`not_in_array` take a comma-separated list of ≤ 20 values (the 5.12 spec's `Filter.value`). */
export const MAX_IN_ARRAY_VALUES = 20;

interface FieldRule {
  relations: readonly Relation[];
  /** Members that must be present (for relations other than exists/not_exists). */
  needs: readonly ("key" | "value" | "hours_ago" | "radius" | "lat" | "long")[];
}

const ALL: readonly Relation[] = RELATIONS;

/**
 * Per-field rules from OneSignal's docs (`create_segment`, `update_segment`, `get_segment`). Where the
 * docs are silent (`location`'s relation, `country` beyond `=`), the emulator is lenient rather than
 * invent a restriction; `tag` also allows `in_array`/`not_in_array` because the 5.12 spec documents
 * them as general relations (the docs name them only for `language`).
 */
const FIELD_RULES: Record<string, FieldRule> = {
  tag: { relations: ALL, needs: ["key", "value"] },
  last_session: { relations: [">", "<"], needs: ["hours_ago"] },
  first_session: { relations: [">", "<"], needs: ["hours_ago"] },
  session_count: { relations: [">", "<", "=", "!="], needs: ["value"] },
  session_time: { relations: [">", "<"], needs: ["value"] },
  language: { relations: ["=", "!=", "in_array", "not_in_array"], needs: ["value"] },
  app_version: { relations: [">", "<", "=", "!="], needs: ["value"] },
  location: { relations: ALL, needs: ["radius", "lat", "long"] },
  country: { relations: ["=", "!=", "in_array", "not_in_array"], needs: ["value"] },
  email: { relations: ["=", "!=", "exists", "not_exists"], needs: ["value"] },
  rooted: { relations: ["=", "!="], needs: ["value"] },
  // Legacy, only in the create-segment examples of OneSignal's v7/v9 docs.
  device_type: { relations: ["=", "!="], needs: ["value"] },
};

export const FILTER_FIELDS = Object.keys(FIELD_RULES);

/**
 * Validates a `filters` array and returns it normalised (unknown members dropped, entry order kept).
 * Throws a 400 `{"errors":[…]}` naming the first offending entry.
 */
export function validateFilters(raw: readonly unknown[], what = "filters"): FilterEntry[] {
  if (raw.length === 0) throw badRequest(`${what} must contain at least 1 entry`);
  if (raw.length > MAX_FILTER_ENTRIES) {
    throw badRequest(`${what} must contain at most ${MAX_FILTER_ENTRIES} entries (got ${raw.length})`);
  }
  const out: FilterEntry[] = [];
  raw.forEach((entry, i) => {
    const where = `${what}[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw badRequest(`${where}: must be an object`);
    }
    if ("operator" in entry) {
      const op = operatorEntrySchema.safeParse(entry);
      if (!op.success) throw badRequest(...issuesToMessages(op.error).map((m) => `${where}: ${m}`));
      out.push({ operator: op.data.operator });
      return;
    }
    const parsed = filterEntrySchema.safeParse(entry);
    if (!parsed.success) throw badRequest(...issuesToMessages(parsed.error).map((m) => `${where}: ${m}`));
    const f = parsed.data;
    const rule = FIELD_RULES[f.field];
    if (!rule) throw badRequest(`${where}: unknown field '${f.field}'`);
    if (!rule.relations.includes(f.relation)) {
      throw badRequest(`${where}: relation '${f.relation}' is not valid for field '${f.field}'`);
    }
    const unary = f.relation === "exists" || f.relation === "not_exists";
    for (const member of rule.needs) {
      // exists/not_exists compare presence only, so they take no value (the 5.12 spec's `Filter`).
      if (unary && member === "value") continue;
      if (f[member] === undefined) throw badRequest(`${where}: field '${f.field}' requires '${member}'`);
    }
    if ((f.relation === "in_array" || f.relation === "not_in_array") && f.value !== undefined) {
      const n = f.value.split(",").length;
      if (n > MAX_IN_ARRAY_VALUES) {
        throw badRequest(`${where}: ${f.relation} accepts at most ${MAX_IN_ARRAY_VALUES} values (got ${n})`);
      }
    }
    const clean: FilterEntry = { field: f.field, relation: f.relation };
    for (const k of ["key", "value", "hours_ago", "radius", "lat", "long"] as const) {
      if (f[k] !== undefined) clean[k] = f[k];
    }
    out.push(clean);
  });
  return out;
}

/**
 * Whether a simulated subscription matches a validated filters array. Only `tag` filters are
 * evaluated (the emulator has no sessions, languages or locations); other fields match everyone.
 * AND binds tighter than OR: `A, B, OR, C` = `(A ∧ B) ∨ C` (OneSignal's docs for `create_segment`).
 */
export function matchesFilters(
  tags: Record<string, string> | undefined,
  filters: readonly FilterEntry[],
): boolean {
  const groups: FilterEntry[][] = [[]];
  for (const f of filters) {
    if (f.operator === "OR") groups.push([]);
    else if (f.operator === undefined) groups[groups.length - 1]!.push(f);
  }
  return groups.some((g) => g.every((f) => matchOne(tags ?? {}, f)));
}

function matchOne(tags: Record<string, string>, f: FilterEntry): boolean {
  if (f.field !== "tag") return true;
  const actual = tags[String(f.key)];
  const want = f.value === undefined ? undefined : String(f.value);
  switch (f.relation) {
    case "exists":
      return actual !== undefined;
    case "not_exists":
      return actual === undefined;
    case "=":
      return actual === want;
    case "!=":
      return actual !== want;
    case ">":
    case "<": {
      if (actual === undefined || want === undefined) return false;
      const a = Number(actual);
      const w = Number(want);
      if (Number.isNaN(a) || Number.isNaN(w)) return false;
      return f.relation === ">" ? a > w : a < w;
    }
    case "in_array":
      return (
        actual !== undefined &&
        (want ?? "")
          .split(",")
          .map((s) => s.trim())
          .includes(actual)
      );
    case "not_in_array":
      return (
        actual === undefined ||
        !(want ?? "")
          .split(",")
          .map((s) => s.trim())
          .includes(actual)
      );
    default:
      // time_elapsed_* need timestamps the emulator does not simulate.
      return true;
  }
}
