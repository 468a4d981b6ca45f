/**
 * Segments: list, create, view, update, delete (`get_segments`, `create_segment`, `get_segment`,
 * `update_segment`, `delete_segment`). App key.
 */
import type { Core, Ctx, Reply, RouteDef } from "../context";
import { badRequest, errorsBody, HttpError, notFound, unprocessable } from "../errors";
import { matchesFilters, validateFilters } from "../filters";
import { isUuid, newId } from "../ids";
import { parseBody, segmentCreateSchema, segmentUpdateSchema } from "../schemas";
import type { SegmentRecord, SubscriptionRecord } from "../state";

/** The 5.12 spec's `limit`: "Maximum 300" (also the default). */
export const MAX_SEGMENT_PAGE = 300;
/** The 404 text of `view-segment` and `update-segment`. */
export const SEGMENT_NOT_FOUND = "segment not found";
/** OneSignal's built-in segment ("Segmentation" docs), present in new apps when `defaultSegments` is on. */
export const DEFAULT_SEGMENT_NAME = "Subscribed Users";

export function createDefaultSegments(core: Core, appId: string): void {
  const now = core.nowIso();
  core.data.segments.push({
    id: newId(),
    app_id: appId,
    name: DEFAULT_SEGMENT_NAME,
    description: null,
    filters: [{ field: "session_count", relation: ">", value: "0" }],
    created_at: now,
    updated_at: now,
    read_only: true,
    is_active: true,
    source: "default",
  });
}

/** Parses a non-negative integer query parameter; 400 on anything else. */
export function intParam(query: URLSearchParams, name: string, dflt: number, max?: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return dflt;
  if (!/^\d+$/.test(raw)) throw badRequest(`${name} must be a non-negative integer`);
  const n = Number(raw);
  if (max !== undefined && n > max) throw badRequest(`${name} must be at most ${max}`);
  return n;
}

function appSegments(ctx: Ctx): SegmentRecord[] {
  const appId = ctx.app!.id;
  return ctx.core.data.segments.filter((s) => s.app_id === appId);
}

function findSegment(ctx: Ctx): SegmentRecord | undefined {
  return appSegments(ctx).find((s) => s.id === ctx.params.segment_id);
}

/** Simulated subscriptions of the segment's app that match its filters (only `tag` filters are evaluated). */
export function segmentMembers(core: Core, seg: SegmentRecord): SubscriptionRecord[] {
  return core.data.subscriptions.filter(
    (s) => s.app_id === seg.app_id && matchesFilters(s.tags, seg.filters),
  );
}

/**
 * `SegmentData` plus `description`: the current docs for `get_segments` return it in the list; the
 * 5.12 spec does not.
 */
function segmentListView(s: SegmentRecord): Record<string, unknown> {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    created_at: s.created_at,
    updated_at: s.updated_at,
    app_id: s.app_id,
    read_only: s.read_only,
    is_active: s.is_active,
  };
}

/**
 * `GET …/segments`: ascending `created_at`, `offset` skips the earliest (the 5.12 spec). Status 200,
 * as OneSignal's docs show, not the 5.12 spec's 201. `total_count` is the app's total, so a client
 * can tell when it has paged through everything (spec and docs say "the number of Segments in the
 * response", which leaves this open).
 */
function listSegments(ctx: Ctx): Reply {
  const offset = intParam(ctx.query, "offset", 0);
  const limit = intParam(ctx.query, "limit", MAX_SEGMENT_PAGE, MAX_SEGMENT_PAGE);
  const all = appSegments(ctx).sort((a, b) => a.created_at.localeCompare(b.created_at));
  const page = all.slice(offset, offset + limit).map(segmentListView);
  return { status: 200, body: { total_count: all.length, offset, limit, segments: page } };
}

/** OneSignal's words, verbatim from its docs (`create-segments`, `update-segment`, `view-segment`). */
export const SEGMENT_ID_TAKEN = "Segment with the given id already exists.";
export const SEGMENT_NAME_TAKEN = "Segment name is already taken.";
export const PLAN_UNAVAILABLE = "This API is not available for applications on your plan.";
export const PLAN_MAX_SEGMENTS = "You have reached the maximum number of segments allowed for your plan.";
export const USER_BASED_SEGMENT =
  "User-based segments (with message event or custom event filters) are not yet supported via the API";

function nameTaken(): HttpError {
  return new HttpError(400, { success: false, errors: [SEGMENT_NAME_TAKEN] });
}

/**
 * 201 `{success, id}`. An existing client-chosen id → 409 (OneSignal's agent plugin: "Segment with
 * the given id already exists."; the 5.12 spec's `CreateSegmentConflictResponse`); a name the app
 * already has → 400 with the text `update-segment` documents (`create-segments` gives no example).
 * The plan's limits answer `create-segments`' 403 and 422; the 403 comes before the body is read,
 * the 422 after the 409, so a retried create still meets itself by id.
 */
function createSegment(ctx: Ctx): Reply {
  const plan = ctx.core.settings.segmentPlan;
  if (plan.available === false) throw new HttpError(403, errorsBody(PLAN_UNAVAILABLE));
  const body = parseBody(segmentCreateSchema, ctx.body);
  const filters = validateFilters(body.filters);
  if (body.id !== undefined && !isUuid(body.id)) throw badRequest("id must be a UUID");
  if (body.id !== undefined && ctx.core.data.segments.some((s) => s.id === body.id)) {
    throw new HttpError(409, { success: false, errors: [SEGMENT_ID_TAKEN] });
  }
  if (appSegments(ctx).some((s) => s.name === body.name)) throw nameTaken();
  if (plan.maxSegments !== undefined && appSegments(ctx).length >= plan.maxSegments) {
    throw unprocessable(PLAN_MAX_SEGMENTS);
  }
  const now = ctx.core.nowIso();
  const seg: SegmentRecord = {
    id: body.id ?? newId(),
    app_id: ctx.app!.id,
    name: body.name,
    description: body.description ? body.description : null,
    filters,
    created_at: now,
    updated_at: now,
    read_only: false,
    is_active: true,
    source: "custom",
  };
  ctx.core.data.segments.push(seg);
  return { status: 201, body: { success: true, id: seg.id } };
}

/** `{subscriber_count}`, plus `payload` (SegmentDetails, `created_at` in Unix seconds) on `include-segment-detail=true`. */
function viewSegment(ctx: Ctx): Reply {
  const seg = findSegment(ctx);
  if (!seg) throw notFound(SEGMENT_NOT_FOUND);
  // `view-segment`: segments with message-event or custom-event filters cannot be read.
  if (seg.user_based === true) throw badRequest(USER_BASED_SEGMENT);
  const body: Record<string, unknown> = { subscriber_count: segmentMembers(ctx.core, seg).length };
  if (ctx.query.get("include-segment-detail") === "true") {
    body.payload = {
      id: seg.id,
      name: seg.name,
      description: seg.description,
      created_at: Math.floor(Date.parse(seg.created_at) / 1000),
      source: seg.source,
      filters: seg.filters.map((f) => ({ ...f })),
    };
  }
  return { status: 200, body };
}

/**
 * PATCH: `name` always required; `filters` replace all when present (≥ 1), event filters included,
 * so the segment is no longer user-based; `description` `""` clears and absent keeps; errors carry
 * `success: false` (OneSignal's docs for `update-segment`).
 */
function updateSegment(ctx: Ctx): Reply {
  if (ctx.core.settings.segmentPlan.available === false) {
    throw new HttpError(403, { success: false, errors: [PLAN_UNAVAILABLE] });
  }
  const seg = findSegment(ctx);
  if (!seg) throw new HttpError(404, { success: false, errors: [SEGMENT_NOT_FOUND] });
  const body = parseBody(segmentUpdateSchema, ctx.body);
  const filters = body.filters !== undefined ? validateFilters(body.filters) : undefined;
  if (appSegments(ctx).some((s) => s !== seg && s.name === body.name)) throw nameTaken();
  if (seg.read_only) throw badRequest("This segment is read-only and cannot be updated");
  seg.name = body.name;
  if (body.description !== undefined) seg.description = body.description ? body.description : null;
  if (filters) {
    seg.filters = filters;
    delete seg.user_based;
  }
  seg.updated_at = ctx.core.nowIso();
  return { status: 200, body: { success: true, id: seg.id } };
}

/** Unknown id → 404 `{"success": false}`, no message (`delete-segments`; the 5.12 spec's `GenericSuccessBoolResponse`). */
function deleteSegment(ctx: Ctx): Reply {
  const seg = findSegment(ctx);
  if (!seg) throw new HttpError(404, { success: false });
  ctx.core.data.segments = ctx.core.data.segments.filter((s) => s !== seg);
  return { status: 200, body: { success: true } };
}

const base = { family: "segment", rateFamily: "segments", auth: "app", app: { from: "path" } } as const;

export const segmentRoutes: RouteDef[] = [
  {
    ...base,
    method: "GET",
    template: "/apps/{app_id}/segments",
    body: "none",
    mutates: false,
    handler: listSegments,
  },
  {
    ...base,
    method: "POST",
    template: "/apps/{app_id}/segments",
    body: "required",
    mutates: true,
    handler: createSegment,
  },
  {
    ...base,
    method: "GET",
    template: "/apps/{app_id}/segments/{segment_id}",
    body: "none",
    mutates: false,
    handler: viewSegment,
  },
  {
    ...base,
    method: "PATCH",
    template: "/apps/{app_id}/segments/{segment_id}",
    body: "required",
    mutates: true,
    handler: updateSegment,
  },
  {
    ...base,
    method: "DELETE",
    template: "/apps/{app_id}/segments/{segment_id}",
    body: "none",
    mutates: true,
    handler: deleteSegment,
  },
];
