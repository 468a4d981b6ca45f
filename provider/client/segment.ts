/**
 * Segments: app-key endpoints under `/apps/{app_id}/segments` (`get_segments`, `create_segment`,
 * `get_segment`, `update_segment`, `delete_segment`).
 */
import {
  segmentCreateInputSchema,
  segmentDetailSchema,
  segmentInputToWire,
  segmentPageSchema,
  segmentUpdateInputSchema,
  segmentWriteResponseSchema,
  type SegmentCreateInput,
  type SegmentDetail,
  type SegmentPage,
  type SegmentSummary,
  type SegmentUpdateInput,
} from "../schemas/segment";
import { z } from "zod";
import { OneSignalApiError, validate } from "./errors";
import { checkAuth, parseResponse, pathId, type AppAuth, type ClientContext } from "./context";
import type { RequestSpec, TransportResponse } from "./transport";

/** OneSignal's maximum (and default) page size for `get_segments`. */
export const SEGMENT_PAGE_LIMIT = 300;
/** Safety stop for listAll: 1,000 pages of 300. */
const MAX_PAGES = 1000;

const pageSchema = z.strictObject({
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(SEGMENT_PAGE_LIMIT).optional(),
});

export interface SegmentsApi {
  /** View segments — OneSignal `get_segments` (`GET /apps/{app_id}/segments?offset&limit`, app key; limit ≤ 300, ascending `created_at`). */
  list(auth: AppAuth, page?: { offset?: number; limit?: number }): Promise<SegmentPage>;
  /** Every segment of the app: `get_segments` paged by 300 until a short page. */
  listAll(auth: AppAuth): Promise<SegmentSummary[]>;
  /**
   * View a segment — OneSignal `get_segment` (`GET /apps/{app_id}/segments/{segment_id}?include-segment-detail=true`, app key).
   * `createdAt` (Unix seconds on the wire) is normalised to an ISO string.
   */
  get(auth: AppAuth, segmentId: string): Promise<SegmentDetail>;
  /**
   * Create a segment — OneSignal `create_segment` (`POST /apps/{app_id}/segments`, app key; 201).
   * Pass `id` (a UUID) to make an ambiguous failure recoverable: a repeat then answers 409 and the
   * segment can be adopted by id. Not retried on 5xx/timeouts.
   */
  create(auth: AppAuth, input: SegmentCreateInput): Promise<{ id: string }>;
  /** Update a segment — OneSignal `update_segment` (`PATCH …/segments/{segment_id}`, app key). `name` always required; `filters` replace all. */
  update(auth: AppAuth, segmentId: string, input: SegmentUpdateInput): Promise<{ id: string }>;
  /** Delete a segment — OneSignal `delete_segment` (`DELETE …/segments/{segment_id}`, app key; 404 `{success:false}` when absent). */
  delete(auth: AppAuth, segmentId: string): Promise<void>;
}

export function segmentsApi(ctx: ClientContext): SegmentsApi {
  const request = async (
    auth: AppAuth,
    op: string,
    spec: Omit<RequestSpec, "key" | "scope" | "path"> & { sub: string },
  ): Promise<{ res: TransportResponse; spec: RequestSpec }> => {
    const a = checkAuth(auth, op);
    const { sub, ...rest } = spec;
    const full: RequestSpec = {
      ...rest,
      path: `/apps/${a.encodedAppId}/segments${sub}`,
      key: a.apiKey,
      scope: a.appId,
    };
    return { res: await ctx.transport.request(full), spec: full };
  };
  /** A 2xx whose body says `success: false` is still a failure. */
  const writeResult = (res: TransportResponse, spec: RequestSpec, fallbackId?: string): { id: string } => {
    const w = parseResponse(segmentWriteResponseSchema, res, spec);
    if (w.success === false)
      throw new OneSignalApiError({
        kind: "http",
        method: spec.method,
        path: spec.path,
        status: res.status,
        messages: ["OneSignal answered success: false"],
      });
    const id = w.id ?? fallbackId;
    if (!id)
      throw new OneSignalApiError({
        kind: "invalid-response",
        method: spec.method,
        path: spec.path,
        status: res.status,
        messages: ["id missing"],
      });
    return { id };
  };
  const list = async (
    auth: AppAuth,
    page: { offset?: number; limit?: number } = {},
  ): Promise<SegmentPage> => {
    const p = validate(pageSchema, page, "segment page");
    const { res, spec } = await request(auth, "segments.list", {
      method: "GET",
      sub: "",
      family: "GET /apps/{id}/segments",
      query: { offset: p.offset ?? 0, limit: p.limit ?? SEGMENT_PAGE_LIMIT },
    });
    return parseResponse(segmentPageSchema, res, spec);
  };
  return {
    list,
    listAll: async (auth) => {
      const out: SegmentSummary[] = [];
      const seen = new Set<string>();
      for (let i = 0, offset = 0; i < MAX_PAGES; i++) {
        const page = await list(auth, { offset, limit: SEGMENT_PAGE_LIMIT });
        for (const s of page.segments) {
          if (seen.has(s.id)) continue;
          seen.add(s.id);
          out.push(s);
        }
        // total_count is ambiguous (page or grand total? spec and docs do not say); a short page is
        // the only reliable end.
        if (page.segments.length < SEGMENT_PAGE_LIMIT) break;
        offset += page.segments.length;
      }
      return out;
    },
    get: async (auth, segmentId) => {
      const s = pathId(segmentId, "segmentId");
      const { res, spec } = await request(auth, "segments.get", {
        method: "GET",
        sub: `/${s}`,
        family: "GET /apps/{id}/segments/{id}",
        query: { "include-segment-detail": true },
      });
      return parseResponse(segmentDetailSchema, res, spec);
    },
    create: async (auth, input) => {
      const body = segmentInputToWire(validate(segmentCreateInputSchema, input, "segment"));
      const { res, spec } = await request(auth, "segments.create", {
        method: "POST",
        sub: "",
        family: "POST /apps/{id}/segments",
        body,
      });
      return writeResult(res, spec, typeof body.id === "string" ? body.id : undefined);
    },
    update: async (auth, segmentId, input) => {
      const s = pathId(segmentId, "segmentId");
      const body = segmentInputToWire(validate(segmentUpdateInputSchema, input, "segment update"));
      const { res, spec } = await request(auth, "segments.update", {
        method: "PATCH",
        sub: `/${s}`,
        family: "PATCH /apps/{id}/segments/{id}",
        body,
      });
      return writeResult(res, spec, segmentId);
    },
    delete: async (auth, segmentId) => {
      const s = pathId(segmentId, "segmentId");
      const { res, spec } = await request(auth, "segments.delete", {
        method: "DELETE",
        sub: `/${s}`,
        family: "DELETE /apps/{id}/segments/{id}",
      });
      writeResult(res, spec, segmentId);
    },
  };
}
