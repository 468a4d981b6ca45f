/**
 * Segments (CONTRACT §4; SPEC `Segment`, `UpdateSegmentRequest`, `SegmentData`,
 * `GetSegmentsSuccessResponse`, `SegmentDetails` L4207-4401). App-key endpoints under
 * `/apps/{app_id}/segments`.
 */
import { z } from "zod";
import {
  booleanInbound,
  field,
  outboundShape,
  timestampInbound,
  toWire,
  uuidSchema,
  type FieldTable,
} from "./common";
import {
  filterInboundSchema,
  filtersSchema,
  filterToWire,
  type FilterExpression,
  type FilterRead,
} from "./filter";

export const SEGMENT_FIELDS = {
  // Client-chosen id lets a create be retried/adopted safely (CONTRACT §4.6).
  id: field("id", uuidSchema),
  name: field(
    "name",
    z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters"),
  ),
  // Docs-only on create (not in SPEC `Segment`; CONTRACT §9 #23). `""` clears on update.
  description: field("description", z.string().max(255, "must be at most 255 characters")),
  filters: field("filters", filtersSchema),
} as const satisfies FieldTable;

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

/** Inbound `GetSegmentsSuccessResponse` (the SPEC's `201` for a GET is accepted like any 2xx). */
export const segmentPageSchema = z
  .looseObject({
    total_count: z.number().nullish(),
    offset: z.number().nullish(),
    limit: z.number().nullish(),
    segments: z.array(segmentSummarySchema).nullish(),
  })
  .transform((w) => {
    const segments = w.segments ?? [];
    // `total_count` is ambiguous (page size vs grand total, CONTRACT §9 #20): callers page until a short page.
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
      // Unix seconds here, ISO string in the list (CONTRACT §9 #24): normalised to ISO.
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
