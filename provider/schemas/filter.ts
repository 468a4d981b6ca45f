/**
 * The OneSignal `filters` language (the 5.12 spec's `Filter`, `Operator`), shared by segments and
 * Create message.
 *
 * A filters array is a flat list of filter objects and `{operator: "OR" | "AND"}` entries;
 * adjacent filters are AND-ed and AND binds tighter than OR.
 */
import { z } from "zod";
import { isPlainObject, numberInbound, pick, stringInbound } from "./common";

/** The 10 relations of the 5.12 spec's `Filter.relation`. */
export const FILTER_RELATIONS = [
  ">",
  "<",
  "=",
  "!=",
  "exists",
  "not_exists",
  "time_elapsed_gt",
  "time_elapsed_lt",
  "in_array",
  "not_in_array",
] as const;
export type FilterRelation = (typeof FILTER_RELATIONS)[number];

const UNARY: ReadonlySet<string> = new Set(["exists", "not_exists"]);
const ARRAY: ReadonlySet<string> = new Set(["in_array", "not_in_array"]);

/** Members a filter may carry besides `field`/`relation`. */
type Member = "key" | "value" | "hoursAgo" | "radius" | "lat" | "long";

/**
 * Per-field rules from OneSignal's docs (`create_segment`, `update_segment`, `get_segment`). Fields
 * not listed here (legacy `device_type`, future fields — the 5.12 spec leaves `field` free-form) get
 * the generic rules only: `value` for binary relations, none for `exists`/`not_exists`.
 */
const FIELD_RULES: Record<
  string,
  { relations?: readonly FilterRelation[]; required: readonly Member[]; allowed: readonly Member[] }
> = {
  tag: {
    relations: FILTER_RELATIONS,
    required: ["key"],
    allowed: ["key", "value"],
  },
  last_session: { relations: [">", "<"], required: ["hoursAgo"], allowed: ["hoursAgo"] },
  first_session: { relations: [">", "<"], required: ["hoursAgo"], allowed: ["hoursAgo"] },
  session_count: { relations: [">", "<", "=", "!="], required: ["value"], allowed: ["value"] },
  session_time: { relations: [">", "<"], required: ["value"], allowed: ["value"] },
  language: { relations: ["=", "!=", "in_array", "not_in_array"], required: ["value"], allowed: ["value"] },
  app_version: { relations: [">", "<", "=", "!="], required: ["value"], allowed: ["value"] },
  // Relation for location is undocumented; any relation is passed through.
  location: { required: ["radius", "lat", "long"], allowed: ["radius", "lat", "long"] },
  country: { relations: ["=", "!="], required: ["value"], allowed: ["value"] },
};

/**
 * The filter fields OneSignal's docs list (`create-segments`, `update-segment` and Create message:
 * the `field` enum of each). The client's schema lets others through, since the 5.12 spec leaves
 * `field` free-form; a Segment's `check` refuses them unless its `extraFilterFields` names them.
 */
export const DOCUMENTED_FILTER_FIELDS: readonly string[] = Object.keys(FIELD_RULES);

/** Decimal string, as OneSignal wants numeric comparison values (`"10"`, `"1.1"`). */
const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a number written as a string, e.g. "24"');

const filterObjectSchema = z
  .strictObject({
    field: z.string().min(1, "must not be empty"),
    relation: z.enum(FILTER_RELATIONS),
    key: z.string().min(1, "must not be empty").optional(),
    value: z.string().optional(),
    hoursAgo: decimalString.optional(),
    radius: z.number().positive().optional(),
    lat: z.number().min(-90).max(90).optional(),
    long: z.number().min(-180).max(180).optional(),
  })
  .superRefine((f, ctx) => {
    const rules = FIELD_RULES[f.field];
    if (rules?.relations && !rules.relations.includes(f.relation)) {
      ctx.addIssue({
        code: "custom",
        path: ["relation"],
        message: `relation "${f.relation}" is not allowed for field "${f.field}" (allowed: ${rules.relations.join(", ")})`,
      });
    }
    const present = (m: Member): boolean => f[m] !== undefined;
    const required = new Set<Member>(rules?.required ?? []);
    const allowed = new Set<Member>(rules?.allowed ?? ["key", "value"]);
    // `value` follows the relation: required for binary relations, forbidden for exists/not_exists.
    if (UNARY.has(f.relation)) {
      required.delete("value");
      allowed.delete("value");
    } else if (f.field !== "location" && !["last_session", "first_session"].includes(f.field)) {
      required.add("value");
      allowed.add("value");
    }
    for (const m of required) {
      if (!present(m))
        ctx.addIssue({
          code: "custom",
          path: [m],
          message: `is required for field "${f.field}" with relation "${f.relation}"`,
        });
    }
    for (const m of ["key", "value", "hoursAgo", "radius", "lat", "long"] as const) {
      if (present(m) && !allowed.has(m)) {
        ctx.addIssue({
          code: "custom",
          path: [m],
          message: `is not allowed for field "${f.field}" with relation "${f.relation}"`,
        });
      }
    }
    if (f.value !== undefined && ARRAY.has(f.relation)) {
      const n = f.value.split(",").length;
      if (n > 20)
        ctx.addIssue({
          code: "custom",
          path: ["value"],
          message: `${f.relation} takes at most 20 comma-separated values (got ${n})`,
        });
    }
    if (
      f.value !== undefined &&
      ["session_count", "session_time"].includes(f.field) &&
      !/^-?\d+(\.\d+)?$/.test(f.value)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["value"],
        message: `must be a number written as a string for field "${f.field}"`,
      });
    }
  });

/** One filter object (camelCase; `hoursAgo` is wire `hours_ago`). */
export type Filter = z.output<typeof filterObjectSchema>;

/** `{operator: "OR" | "AND"}`. */
export const operatorSchema = z.strictObject({ operator: z.enum(["OR", "AND"]) });
export type FilterOperator = z.output<typeof operatorSchema>;

/** A filters-array entry: a filter or an operator. */
export type FilterExpression = Filter | FilterOperator;

/** Outbound schema of one filters-array entry, with per-field member rules. */
export const filterSchema: z.ZodType<FilterExpression> = pick<FilterExpression>((v) =>
  isPlainObject(v) && "operator" in v ? operatorSchema : filterObjectSchema,
);
/** Entries counted against the 200 cap: every filter and every OR (docs for `create_segment`). */
export function countFilterEntries(filters: readonly FilterExpression[]): number {
  return filters.filter((f) => !("operator" in f) || f.operator === "OR").length;
}

/** Outbound filters array: 1–200 counted entries, no leading/trailing/adjacent operators. */
export const filtersSchema = z.array(filterSchema).superRefine((list, ctx) => {
  const counted = countFilterEntries(list);
  if (list.filter((f) => !("operator" in f)).length === 0) {
    ctx.addIssue({ code: "custom", message: "must contain at least one filter" });
  }
  if (counted > 200)
    ctx.addIssue({
      code: "custom",
      message: `at most 200 entries (filters and OR operators) are allowed, got ${counted}`,
    });
  list.forEach((f, i) => {
    if (!("operator" in f)) return;
    if (i === 0 || i === list.length - 1) {
      ctx.addIssue({ code: "custom", path: [i], message: "an operator cannot be the first or last entry" });
    } else if ("operator" in (list[i - 1] as FilterExpression)) {
      ctx.addIssue({ code: "custom", path: [i], message: "two operators cannot be adjacent" });
    }
  });
});

/** camelCase filter → wire filter. */
export function filterToWire(f: FilterExpression): Record<string, unknown> {
  if ("operator" in f) return { operator: f.operator };
  const out: Record<string, unknown> = { field: f.field, relation: f.relation };
  if (f.key !== undefined) out.key = f.key;
  if (f.value !== undefined) out.value = f.value;
  if (f.hoursAgo !== undefined) out.hours_ago = f.hoursAgo;
  if (f.radius !== undefined) out.radius = f.radius;
  if (f.lat !== undefined) out.lat = f.lat;
  if (f.long !== undefined) out.long = f.long;
  return out;
}

/** A filter as OneSignal returns it: may carry `unsupportedInApi` (docs for `get_segment`). */
export type FilterRead =
  | FilterOperator
  | {
      field: string;
      relation: string;
      key?: string;
      value?: string;
      hoursAgo?: string;
      radius?: number;
      lat?: number;
      long?: number;
      /** OneSignal cannot accept this filter back on create/update (event filters; `get_segment` docs). */
      unsupportedInApi?: boolean;
    };

/**
 * Inbound filter: tolerant of numbers-as-strings both ways (the docs for `get_segment` type `radius`
 * as string, the 5.12 spec as number), unknown keys and nulls.
 */
export const filterInboundSchema: z.ZodType<FilterRead> = z
  .looseObject({
    operator: z.string().nullish(),
    field: z.string().nullish(),
    relation: z.string().nullish(),
    key: stringInbound.nullish(),
    value: stringInbound.nullish(),
    hours_ago: stringInbound.nullish(),
    radius: numberInbound.nullish(),
    lat: numberInbound.nullish(),
    long: numberInbound.nullish(),
    unsupported_in_api: z.boolean().nullish(),
  })
  .transform((w): FilterRead => {
    if (w.operator && !w.field) return { operator: w.operator.toUpperCase() === "OR" ? "OR" : "AND" };
    const out: Extract<FilterRead, { field: string }> = { field: w.field ?? "", relation: w.relation ?? "" };
    if (w.key != null) out.key = w.key;
    if (w.value != null) out.value = w.value;
    if (w.hours_ago != null) out.hoursAgo = w.hours_ago;
    if (w.radius != null) out.radius = w.radius;
    if (w.lat != null) out.lat = w.lat;
    if (w.long != null) out.long = w.long;
    if (w.unsupported_in_api != null) out.unsupportedInApi = w.unsupported_in_api;
    return out;
  }) as unknown as z.ZodType<FilterRead>;
