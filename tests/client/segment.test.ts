/** Segments against the emulator. */
import { randomUUID } from "node:crypto";
import {
  isConflict,
  isNotFound,
  isOneSignalApiError,
  isOneSignalValidationError,
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

  it("a client-chosen id is used, and a repeat is a conflict", async () => {
    const id = randomUUID();
    expect(await w.client.segments.create(w.auth, { id, name: "chosen", filters: [...filters] })).toEqual({
      id,
    });
    const e = await rejection(
      w.client.segments.create(w.auth, { id, name: "chosen-2", filters: [...filters] }),
    );
    expect(isConflict(e)).toBe(true);
  });

  it("duplicate name: 409 on create, 400 on update", async () => {
    await w.client.segments.create(w.auth, { name: "dup", filters: [...filters] });
    const e = await rejection(w.client.segments.create(w.auth, { name: "dup", filters: [...filters] }));
    expect(isConflict(e)).toBe(true);
    expect(e.message).toMatch(
      /^OneSignal POST \/apps\/[^ ]+\/segments failed: 409 Conflict: A segment named 'dup' already exists$/,
    );
    const other = await w.client.segments.create(w.auth, { name: "other", filters: [...filters] });
    const u = await rejection(w.client.segments.update(w.auth, other.id, { name: "dup" }));
    expect(isOneSignalApiError(u) && u.status).toBe(400);
  });

  it("missing segment: update and delete are not-found ({success:false} body)", async () => {
    const ghost = randomUUID();
    expect(isNotFound(await rejection(w.client.segments.update(w.auth, ghost, { name: "x" })))).toBe(true);
    const d = await rejection(w.client.segments.delete(w.auth, ghost));
    expect(isNotFound(d)).toBe(true);
    expect(d.messages).toEqual([]);
    expect(d.message).toMatch(/404 Not Found$/);
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
