/**
 * Segments (the 5.12 spec's `Segment`, `UpdateSegmentRequest`, `SegmentData`,
 * `GetSegmentsSuccessResponse`, `SegmentDetails`). App-key endpoints under
 * `/apps/{app_id}/segments`.
 */
import { z } from "zod";
import { isBlank, stableStringify } from "../json";
import {
  booleanInbound,
  field,
  input,
  outboundShape,
  timestampInbound,
  toWire,
  uuidSchema,
  wireFields,
  type FieldTable,
} from "./common";
import {
  filterInboundSchema,
  filtersSchema,
  filterToWire,
  type FilterExpression,
  type FilterRead,
} from "./filter";

const FILTER_MEMBERS = ["field", "relation", "key", "value", "hoursAgo", "radius", "lat", "long"] as const;

function canonicalFilter(f: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of FILTER_MEMBERS) {
    const v = f[m];
    if (v === undefined || v === null) continue;
    // radius/lat/long are numbers in the 5.12 spec but strings in one doc table: compare numerically.
    if (m === "radius" || m === "lat" || m === "long") out[m] = Number(v);
    else out[m] = String(v);
  }
  if (out.relation === "exists" || out.relation === "not_exists") delete out.value;
  return out;
}

/**
 * The canonical form of a filters list: explicit AND operators removed (adjacent filters are
 * AND-ed anyway), filters sorted inside each AND group and the OR groups sorted, because neither
 * order changes who is in the segment; read-only extras such as `unsupportedInApi` dropped.
 */
export function normaliseFilters(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const groups: string[][] = [[]];
  for (const entry of value as Record<string, unknown>[]) {
    if (entry === null || typeof entry !== "object") continue;
    if (typeof entry.operator === "string" && entry.field === undefined) {
      if (entry.operator.toUpperCase() === "OR") groups.push([]);
      continue;
    }
    groups[groups.length - 1].push(stableStringify(canonicalFilter(entry)));
  }
  const sorted = groups
    .filter((g) => g.length > 0)
    .map((g) => [...g].sort())
    .sort((a, b) => a.join("\n").localeCompare(b.join("\n")));
  const out: Record<string, unknown>[] = [];
  sorted.forEach((g, i) => {
    if (i > 0) out.push({ operator: "OR" });
    for (const f of g) out.push(JSON.parse(f) as Record<string, unknown>);
  });
  return out;
}

const segmentName = z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters");

/** Every Segment input, declared once: the client's wire table and the resource's behaviour. */
export const segmentFields = {
  appId: input(z.string().min(1, "must not be empty"), { required: true, replaceOnChange: true }),
  // The app key: stored so that refresh and destroy keep working; no API call when only it changes.
  apiKey: input(z.string().min(1, "must not be empty"), {
    secret: true,
    writeOnly: true,
    unknownIsNoChange: true,
  }),
  name: field("name", segmentName, { required: true }),
  // Docs-only on create (create_segment; not in the 5.12 spec's `Segment`). `""` clears on update;
  // OneSignal reports an unset description as null, so "" and absent mean the same.
  description: field("description", z.string().max(255, "must be at most 255 characters"), {
    normalise: (v: unknown) => (isBlank(v) ? undefined : v),
  }),
  filters: field("filters", filtersSchema, { required: true, normalise: normaliseFilters }),
  adoptExistingId: input(z.string().min(1, "must not be empty"), { createOnly: true }),
  // Filter fields beyond the documented list that `filters` may use (ones OneSignal adds later).
  // Only `check` reads it: no request, and changing it changes nothing in OneSignal.
  extraFilterFields: input(z.array(z.string().min(1, "must not be empty")), { createOnly: true }),
} as const satisfies FieldTable;

/** What the client sends: the table's wire members plus the client-chosen id. */
export const SEGMENT_FIELDS = {
  // A client-chosen id lets a create be retried safely: a repeat meets itself by id (create_segment).
  id: field("id", uuidSchema),
  ...wireFields(segmentFields),
};

/** Outbound input of `POST /apps/{app_id}/segments` (create_segment): name and 1–200 filters required. */
export const segmentCreateInputSchema = z
  .strictObject(outboundShape(SEGMENT_FIELDS))
  .required({ name: true, filters: true });
export type SegmentCreateInput = z.input<typeof segmentCreateInputSchema>;

/**
 * Outbound input of `PATCH /apps/{app_id}/segments/{segment_id}` (update_segment): `name` is
 * required every time; `filters` replace all when present; the id cannot change.
 */
export const segmentUpdateInputSchema = z.strictObject({
  name: SEGMENT_FIELDS.name.schema,
  description: SEGMENT_FIELDS.description.schema.optional(),
  filters: SEGMENT_FIELDS.filters.schema.optional(),
});
export type SegmentUpdateInput = z.input<typeof segmentUpdateInputSchema>;

/** Wire body from a validated create/update input (filters mapped to snake_case). */
export function segmentInputToWire(input: {
  id?: string;
  name: string;
  description?: string;
  filters?: FilterExpression[];
}): Record<string, unknown> {
  const { filters, ...rest } = input;
  const out = toWire(SEGMENT_FIELDS, rest);
  if (filters !== undefined) out.filters = filters.map(filterToWire);
  return out;
}

/** Inbound `SegmentData` (list item). Docs-newer `description` is kept when present. */
export const segmentSummarySchema = z
  .looseObject({
    id: z.string().min(1),
    name: z.string().nullish(),
    description: z.string().nullish(),
    created_at: timestampInbound.nullish(),
    updated_at: timestampInbound.nullish(),
    app_id: z.string().nullish(),
    read_only: booleanInbound.nullish(),
    is_active: booleanInbound.nullish(),
  })
  .transform((w) => {
    const s: {
      id: string;
      name: string;
      description?: string;
      createdAt?: string;
      updatedAt?: string;
      appId?: string;
      readOnly: boolean;
      isActive: boolean;
    } = {
      id: w.id,
      name: w.name ?? "",
      readOnly: w.read_only ?? false,
      isActive: w.is_active ?? true,
    };
    if (w.description != null) s.description = w.description;
    if (w.created_at != null) s.createdAt = w.created_at;
    if (w.updated_at != null) s.updatedAt = w.updated_at;
    if (w.app_id != null) s.appId = w.app_id;
    return s;
  });
export type SegmentSummary = z.output<typeof segmentSummarySchema>;

/** Inbound `GetSegmentsSuccessResponse` (the 5.12 spec's `201` for a GET is accepted like any 2xx). */
export const segmentPageSchema = z
  .looseObject({
    total_count: z.number().nullish(),
    offset: z.number().nullish(),
    limit: z.number().nullish(),
    segments: z.array(segmentSummarySchema).nullish(),
  })
  .transform((w) => {
    const segments = w.segments ?? [];
    // `total_count` is ambiguous (page size vs grand total; spec and docs do not say): callers page
    // until a short page.
    return {
      totalCount: w.total_count ?? segments.length,
      offset: w.offset ?? 0,
      limit: w.limit ?? segments.length,
      segments,
    };
  });
export type SegmentPage = z.output<typeof segmentPageSchema>;

/** Inbound `GetSegmentSuccessResponse` with `include-segment-detail=true`. */
export const segmentDetailSchema = z
  .looseObject({
    subscriber_count: z.number().nullish(),
    payload: z.looseObject({
      id: z.string().min(1),
      name: z.string().nullish(),
      description: z.string().nullish(),
      // Unix seconds here, ISO string in the list (both spec and docs): normalised to ISO.
      created_at: timestampInbound.nullish(),
      source: z.string().nullish(),
      filters: z.array(filterInboundSchema).nullish(),
    }),
  })
  .transform((w) => {
    const p = w.payload;
    const d: {
      id: string;
      name: string;
      description?: string;
      createdAt?: string;
      source?: string;
      filters: FilterRead[];
      subscriberCount?: number;
    } = {
      id: p.id,
      name: p.name ?? "",
      filters: p.filters ?? [],
    };
    if (p.description != null) d.description = p.description;
    if (p.created_at != null) d.createdAt = p.created_at;
    if (p.source != null) d.source = p.source;
    if (w.subscriber_count != null) d.subscriberCount = w.subscriber_count;
    return d;
  });
export type SegmentDetail = z.output<typeof segmentDetailSchema>;

/** `{success, id}` of create (201) and update (200). */
export const segmentWriteResponseSchema = z.looseObject({
  success: z.boolean().nullish(),
  id: z.string().nullish(),
});
