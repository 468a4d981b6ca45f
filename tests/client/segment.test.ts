/** Segments against the emulator. */
import { randomUUID } from "node:crypto";
import {
  isBadRequest,
  isConflict,
  isNotFound,
  isOneSignalApiError,
  isOneSignalValidationError,
  isSegmentPlanLimit,
  isUserBasedSegment,
  SEGMENT_PAGE_LIMIT,
} from "../../provider/client";
import { rejection, useWorld } from "../helpers/world";

const w = useWorld({ emulator: { defaultSegments: false } });

const filters = [
  { field: "session_count", relation: ">", value: "5" },
  { operator: "OR" },
  { field: "tag", key: "plan", relation: "=", value: "premium" },
] as const;

describe("segments", () => {
  it("create → get (detail, ISO createdAt) → update → delete", async () => {
    const { id } = await w.client.segments.create(w.auth, {
      name: "Power users",
      description: "heavy",
      filters: [...filters],
    });
    const d = await w.client.segments.get(w.auth, id);
    expect(d).toMatchObject({ id, name: "Power users", description: "heavy", filters: [...filters] });
    expect(d.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const u = await w.client.segments.update(w.auth, id, {
      name: "Power users 2",
      filters: [{ field: "last_session", relation: "<", hoursAgo: "24" }],
    });
    expect(u.id).toBe(id);
    const d2 = await w.client.segments.get(w.auth, id);
    expect(d2.name).toBe("Power users 2");
    expect(d2.description).toBe("heavy");
    expect(d2.filters).toEqual([{ field: "last_session", relation: "<", hoursAgo: "24" }]);
    await w.client.segments.delete(w.auth, id);
    expect(isNotFound(await rejection(w.client.segments.get(w.auth, id)))).toBe(true);
  });

  it("a client-chosen id is used, and a repeat is a 409 duplicate id", async () => {
    const id = randomUUID();
    expect(await w.client.segments.create(w.auth, { id, name: "chosen", filters: [...filters] })).toEqual({
      id,
    });
    const e = await rejection(
      w.client.segments.create(w.auth, { id, name: "chosen-2", filters: [...filters] }),
    );
    expect(isConflict(e)).toBe(true);
    expect(e.messages).toEqual(["Segment with the given id already exists."]);
  });

  it("duplicate name: 400 'Segment name is already taken.' on create and on update", async () => {
    await w.client.segments.create(w.auth, { name: "dup", filters: [...filters] });
    const e = await rejection(w.client.segments.create(w.auth, { name: "dup", filters: [...filters] }));
    expect(isBadRequest(e)).toBe(true);
    expect(e.message).toMatch(
      /^OneSignal POST \/apps\/[^ ]+\/segments failed: 400 Bad Request: Segment name is already taken\.$/,
    );
    const other = await w.client.segments.create(w.auth, { name: "other", filters: [...filters] });
    const u = await rejection(w.client.segments.update(w.auth, other.id, { name: "dup" }));
    expect(isOneSignalApiError(u) && u.status).toBe(400);
    expect(u.messages).toEqual(["Segment name is already taken."]);
  });

  it("a user-based segment: get fails with OneSignal's reason, recognised by isUserBasedSegment", async () => {
    const { id } = await w.client.segments.create(w.auth, { name: "events", filters: [...filters] });
    w.emu.state.patch("segments", id, { user_based: true });
    const e = await rejection(w.client.segments.get(w.auth, id));
    expect(isUserBasedSegment(e)).toBe(true);
    expect(e.status).toBe(400);
    expect(e.message).toContain(`GET /apps/${w.appId}/segments/${id}`);
    expect(e.message).toContain(
      "User-based segments (with message event or custom event filters) are not yet supported via the API",
    );
    // Other 400s are not mistaken for it.
    const dup = await rejection(w.client.segments.create(w.auth, { name: "events", filters: [...filters] }));
    expect(isBadRequest(dup) && !isUserBasedSegment(dup)).toBe(true);
    // Update and delete still work on it.
    await w.client.segments.update(w.auth, id, { name: "events 2" });
    await w.client.segments.delete(w.auth, id);
  });

  it("plan limits: 403 (no segments API on the plan) and 422 (maximum reached) are isSegmentPlanLimit", async () => {
    w.emu.state.setSettings({ segmentPlan: { available: false } });
    try {
      const off = await rejection(w.client.segments.create(w.auth, { name: "p1", filters: [...filters] }));
      expect(isSegmentPlanLimit(off)).toBe(true);
      expect(off.message).toMatch(
        /failed: 403 Forbidden: This API is not available for applications on your plan\.$/,
      );
      const count = w.emu.state.list("segments", { appId: w.appId }).length;
      w.emu.state.setSettings({ segmentPlan: { maxSegments: count } });
      const full = await rejection(w.client.segments.create(w.auth, { name: "p2", filters: [...filters] }));
      expect(isSegmentPlanLimit(full)).toBe(true);
      expect(full.status).toBe(422);
      expect(full.message).toContain(
        "You have reached the maximum number of segments allowed for your plan.",
      );
    } finally {
      w.emu.state.setSettings({ segmentPlan: {} });
    }
    // A wrong key is a 403 too, but not a plan limit.
    const denied = await rejection(
      w.client.segments.create(
        { appId: w.appId, apiKey: "os_v2_app_wrong" },
        { name: "p3", filters: [...filters] },
      ),
    );
    expect(denied.status).toBe(403);
    expect(isSegmentPlanLimit(denied)).toBe(false);
  });

  it("missing segment: update and delete are not-found ({success:false} body)", async () => {
    const ghost = randomUUID();
    expect(isNotFound(await rejection(w.client.segments.update(w.auth, ghost, { name: "x" })))).toBe(true);
    const d = await rejection(w.client.segments.delete(w.auth, ghost));
    expect(isNotFound(d)).toBe(true);
    expect(d.messages).toEqual([]);
    // The `{success:false}` body has no message: the operation and the body say what failed.
    expect(d.message).toMatch(
      /404 Not Found \(delete-segments: OneSignal gave no error message, only the body \{"success":false\}/,
    );
  });

  it("validation names filters[i].member before any request", async () => {
    const before = w.emu.counters().total;
    const e = await rejection(
      w.client.segments.create(w.auth, {
        name: "bad",
        filters: [
          ...filters,
          { operator: "AND" },
          { field: "tag", key: "k", relation: "≈" as never, value: "v" },
        ],
      }),
    );
    expect(isOneSignalValidationError(e)).toBe(true);
    expect(e.issues.map((i: { path: string }) => i.path)).toEqual(["filters[4].relation"]);
    expect(e.message).toMatch(/^Invalid segment: filters\[4\]\.relation: /);
    expect(w.emu.counters().total).toBe(before);
  });

  it("paginates past one page (limit 300)", async () => {
    w.emu.reset();
    const app = await w.client.apps.create({ name: "Many segments", organizationId: w.emu.organizationId });
    const key = await w.client.apiKeys.create(app.id, { name: "k" });
    const auth = { appId: app.id, apiKey: key.formattedToken };
    const n = SEGMENT_PAGE_LIMIT + 7;
    for (let i = 0; i < n; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, (_, j) =>
          w.client.segments.create(auth, {
            name: `seg-${String(i + j).padStart(3, "0")}`,
            filters: [...filters],
          }),
        ),
      );
    }
    const first = await w.client.segments.list(auth);
    expect(first.segments).toHaveLength(SEGMENT_PAGE_LIMIT);
    const small = await w.client.segments.list(auth, { offset: 5, limit: 3 });
    expect(small.segments).toHaveLength(3);
    expect(small.offset).toBe(5);
    const all = await w.client.segments.listAll(auth);
    expect(all).toHaveLength(n);
    expect(new Set(all.map((s) => s.id)).size).toBe(n);
    expect(isOneSignalValidationError(await rejection(w.client.segments.list(auth, { limit: 301 })))).toBe(
      true,
    );
  });
});
