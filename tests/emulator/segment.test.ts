import { randomUUID } from "node:crypto";
import { expectJson } from "./helpers";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: false, emulator: { defaultSegments: false } });

const F = [{ field: "tag", key: "plan", relation: "=", value: "pro" }];

async function setup() {
  const { appId, key } = await w.http.appWithKey();
  const base = `/apps/${appId}/segments`;
  const create = (body: unknown) => w.http.call({ method: "POST", path: base, key, body });
  return { appId, key, base, create };
}

describe("segments (create_segment, get_segments, get_segment, update_segment, delete_segment)", () => {
  test("create → 201 {success, id}; view → {subscriber_count}; detail adds payload with Unix created_at", async () => {
    const { base, key, create } = await setup();
    const res = await create({ name: "Pro", description: "pro users", filters: F });
    expect(res.status).toBe(201);
    expectJson(res);
    expect(res.body).toEqual({ success: true, id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const view = await w.http.call({ path: `${base}/${res.body.id}`, key });
    expect(view.status).toBe(200);
    expect(view.body).toEqual({ subscriber_count: 0 });
    const detail = await w.http.call({ path: `${base}/${res.body.id}?include-segment-detail=true`, key });
    expect(detail.body).toEqual({
      subscriber_count: 0,
      payload: {
        id: res.body.id,
        name: "Pro",
        description: "pro users",
        created_at: expect.any(Number),
        source: "custom",
        filters: F,
      },
    });
    expect(Math.abs(detail.body.payload.created_at - Date.now() / 1000)).toBeLessThan(60);
  });

  test("a client-supplied id is honoured; an existing id → 409", async () => {
    const { create } = await setup();
    const id = randomUUID();
    const res = await create({ id, name: "Chosen", filters: F });
    expect(res.status).toBe(201);
    expect(res.body.id).toBe(id);
    const again = await create({ id, name: "Other name", filters: F });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ success: false, errors: ["Segment with the given id already exists."] });
    expect((await create({ id: "not-a-uuid", name: "Bad id", filters: F })).status).toBe(400);
  });

  test("names are unique per app: 400 'Segment name is already taken.' on create and update; other apps may reuse the name", async () => {
    const s = await setup();
    expect((await s.create({ name: "Dup", filters: F })).status).toBe(201);
    const dup = await s.create({ name: "Dup", filters: F });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ success: false, errors: ["Segment name is already taken."] });
    const second = (await s.create({ name: "Second", filters: F })).body.id;
    const upd = await w.http.call({
      method: "PATCH",
      path: `${s.base}/${second}`,
      key: s.key,
      body: { name: "Dup" },
    });
    expect(upd.status).toBe(400);
    expect(upd.body).toEqual({ success: false, errors: ["Segment name is already taken."] });
    const other = await setup();
    expect((await other.create({ name: "Dup", filters: F })).status).toBe(201);
  });

  test("filters: 1–200 entries counting operators; empty and 201 are rejected", async () => {
    const s = await setup();
    expect((await s.create({ name: "empty", filters: [] })).status).toBe(400);
    const max: unknown[] = [];
    for (let i = 0; i < 100; i++)
      max.push({ field: "tag", key: `k${i}`, relation: "exists" }, { operator: "OR" });
    expect(max).toHaveLength(200);
    expect((await s.create({ name: "max", filters: max })).status).toBe(201);
    const over = await s.create({
      name: "over",
      filters: [...max, { field: "tag", key: "x", relation: "exists" }],
    });
    expect(over.status).toBe(400);
    expect(over.body.errors[0]).toMatch(/at most 200/);
  });

  test.each([
    ["unknown relation", { field: "tag", key: "a", relation: "like", value: "x" }],
    ["tag without key", { field: "tag", relation: "=", value: "x" }],
    ["tag = without value", { field: "tag", key: "a", relation: "=" }],
    ["last_session without hours_ago", { field: "last_session", relation: ">" }],
    ["last_session with =", { field: "last_session", relation: "=", hours_ago: "1" }],
    ["session_count without value", { field: "session_count", relation: ">" }],
    ["language with >", { field: "language", relation: ">", value: "en" }],
    ["location without lat", { field: "location", relation: "<", radius: 10, long: 1 }],
    ["unknown field", { field: "favourite_colour", relation: "=", value: "red" }],
    ["value not a string", { field: "session_count", relation: ">", value: 5 }],
    [
      "in_array with 21 values",
      {
        field: "language",
        relation: "in_array",
        value: Array.from({ length: 21 }, (_, i) => `l${i}`).join(","),
      },
    ],
    ["operator XOR", { operator: "XOR" }],
    ["operator with extra member", { operator: "OR", field: "tag" }],
    ["not an object", "tag=a"],
  ])("bad filter (%s) → 400", async (_n, filter) => {
    const s = await setup();
    const res = await s.create({ name: "bad", filters: [filter] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatch(/^filters\[0\]/);
  });

  test.each([
    ["tag exists", { field: "tag", key: "a", relation: "exists" }],
    ["tag time_elapsed_gt", { field: "tag", key: "a", relation: "time_elapsed_gt", value: "86400" }],
    ["last_session", { field: "last_session", relation: "<", hours_ago: "1.1" }],
    ["first_session", { field: "first_session", relation: ">", hours_ago: "24" }],
    ["session_count", { field: "session_count", relation: "!=", value: "1" }],
    ["session_time", { field: "session_time", relation: ">", value: "86400" }],
    ["language in_array", { field: "language", relation: "in_array", value: "en,fr" }],
    ["app_version", { field: "app_version", relation: "=", value: "1.0.0" }],
    ["location (numbers)", { field: "location", relation: "<", radius: 1000, lat: 1.5, long: -2 }],
    [
      "location (numeric strings)",
      { field: "location", relation: "<", radius: "1000", lat: "1.5", long: "-2" },
    ],
    ["country", { field: "country", relation: "=", value: "US" }],
  ])("valid filter (%s) → 201 and read back", async (_n, filter) => {
    const s = await setup();
    const res = await s.create({ name: "ok", filters: [filter, { operator: "AND" }, F[0]] });
    expect(res.status).toBe(201);
    const detail = await w.http.call({
      path: `${s.base}/${res.body.id}?include-segment-detail=true`,
      key: s.key,
    });
    expect(detail.body.payload.filters).toEqual([filter, { operator: "AND" }, F[0]]);
  });

  test("update: name always required; filters replace when present; description '' clears, absent keeps", async () => {
    const s = await setup();
    const id = (await s.create({ name: "U", description: "d", filters: F })).body.id;
    const path = `${s.base}/${id}`;
    expect(
      (await w.http.call({ method: "PATCH", path, key: s.key, body: { description: "x" } })).status,
    ).toBe(400);
    const f2 = [{ field: "session_count", relation: ">", value: "3" }];
    const upd = await w.http.call({ method: "PATCH", path, key: s.key, body: { name: "U2", filters: f2 } });
    expect(upd.status).toBe(200);
    expect(upd.body).toEqual({ success: true, id });
    let d = (await w.http.call({ path: `${path}?include-segment-detail=true`, key: s.key })).body.payload;
    expect(d).toMatchObject({ name: "U2", description: "d", filters: f2 });
    await w.http.call({ method: "PATCH", path, key: s.key, body: { name: "U2", description: "" } });
    d = (await w.http.call({ path: `${path}?include-segment-detail=true`, key: s.key })).body.payload;
    expect(d).toMatchObject({ description: null, filters: f2 });
    expect(
      (await w.http.call({ method: "PATCH", path, key: s.key, body: { name: "U2", filters: [] } })).status,
    ).toBe(400);
    expect(
      (
        await w.http.call({
          method: "PATCH",
          path,
          key: s.key,
          body: { name: "U2", description: "y".repeat(256) },
        })
      ).status,
    ).toBe(400);
  });

  test("unknown ids: view → 404 {errors}; update → 404 {success:false, errors}; delete → 404 {success:false}", async () => {
    const s = await setup();
    const path = `${s.base}/${randomUUID()}`;
    const view = await w.http.call({ path, key: s.key });
    expect(view.status).toBe(404);
    expect(view.body).toEqual({ errors: ["segment not found"] });
    const upd = await w.http.call({ method: "PATCH", path, key: s.key, body: { name: "x" } });
    expect(upd.status).toBe(404);
    expect(upd.body).toEqual({ success: false, errors: ["segment not found"] });
    const del = await w.http.call({ method: "DELETE", path, key: s.key });
    expect(del.status).toBe(404);
    expect(del.body).toEqual({ success: false });
  });

  test("delete → 200 {success:true}, then gone", async () => {
    const s = await setup();
    const id = (await s.create({ name: "D", filters: F })).body.id;
    const del = await w.http.call({ method: "DELETE", path: `${s.base}/${id}`, key: s.key });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ success: true });
    expect((await w.http.call({ path: `${s.base}/${id}`, key: s.key })).status).toBe(404);
  });

  test("list: 200, created_at ascending, offset/limit ≤ 300, total_count is the app total", async () => {
    const s = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await s.create({ name: `L${i}`, filters: F })).body.id);
      await new Promise((r) => setTimeout(r, 2));
    }
    const all = await w.http.call({ path: s.base, key: s.key });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total_count: 5, offset: 0, limit: 300 });
    expect(all.body.segments.map((x: { id: string }) => x.id)).toEqual(ids);
    expect(all.body.segments[0]).toEqual({
      id: ids[0],
      name: "L0",
      description: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
      app_id: s.appId,
      read_only: false,
      is_active: true,
    });
    expect(all.body.segments[0]).not.toHaveProperty("filters");
    const page = await w.http.call({ path: `${s.base}?offset=1&limit=2`, key: s.key });
    expect(page.body.segments.map((x: { id: string }) => x.id)).toEqual(ids.slice(1, 3));
    expect(page.body).toMatchObject({ total_count: 5, offset: 1, limit: 2 });
    expect((await w.http.call({ path: `${s.base}?limit=300`, key: s.key })).status).toBe(200);
    for (const q of ["limit=301", "limit=-1", "offset=abc", "limit=1.5"]) {
      const bad = await w.http.call({ path: `${s.base}?${q}`, key: s.key });
      expect(bad.status).toBe(400);
      expectJson(bad);
    }
  });

  test("new apps get OneSignal's read-only 'Subscribed Users' segment when defaultSegments is on", async () => {
    w.emu.state.setSettings({ defaultSegments: true });
    try {
      const s = await setup();
      const list = (await w.http.call({ path: s.base, key: s.key })).body.segments;
      expect(list).toEqual([expect.objectContaining({ name: "Subscribed Users", read_only: true })]);
      const upd = await w.http.call({
        method: "PATCH",
        path: `${s.base}/${list[0].id}`,
        key: s.key,
        body: { name: "Renamed" },
      });
      expect(upd.status).toBe(400);
    } finally {
      w.emu.state.setSettings({ defaultSegments: false });
    }
  });

  test("subscriber_count counts simulated subscriptions matching tag filters", async () => {
    const s = await setup();
    w.emu.state.addSubscriptions(s.appId, [
      { type: "push", tags: { plan: "pro" } },
      { type: "push", tags: { plan: "free" } },
      { type: "sms", token: "+15550000001", tags: { plan: "pro" } },
    ]);
    const id = (await s.create({ name: "pro", filters: F })).body.id;
    expect((await w.http.call({ path: `${s.base}/${id}`, key: s.key })).body.subscriber_count).toBe(2);
    const orId = (
      await s.create({
        name: "pro or free",
        filters: [F[0], { operator: "OR" }, { field: "tag", key: "plan", relation: "=", value: "free" }],
      })
    ).body.id;
    expect((await w.http.call({ path: `${s.base}/${orId}`, key: s.key })).body.subscriber_count).toBe(3);
  });

  test("a segment marked user_based through the admin API: view-segment answers OneSignal's 400; list, update and delete still work", async () => {
    const s = await setup();
    const id = (await s.create({ name: "Events", filters: F })).body.id;
    const admin = await fetch(`${w.emu.url}/__emulator/state/segments/${id}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user_based: true }),
    });
    expect(admin.status).toBe(200);
    const userBased = {
      errors: [
        "User-based segments (with message event or custom event filters) are not yet supported via the API",
      ],
    };
    for (const q of ["", "?include-segment-detail=true"]) {
      const view = await w.http.call({ path: `${s.base}/${id}${q}`, key: s.key });
      expect(view.status).toBe(400);
      expect(view.body).toEqual(userBased);
      expectJson(view);
    }
    const list = await w.http.call({ path: s.base, key: s.key });
    expect(list.body.segments.map((x: { id: string }) => x.id)).toEqual([id]);
    // A rename keeps the event filters; new filters replace them, so the segment reads again.
    const path = `${s.base}/${id}`;
    expect((await w.http.call({ method: "PATCH", path, key: s.key, body: { name: "Ev2" } })).status).toBe(
      200,
    );
    expect((await w.http.call({ path, key: s.key })).status).toBe(400);
    const f2 = [{ field: "session_count", relation: ">", value: "1" }];
    expect(
      (await w.http.call({ method: "PATCH", path, key: s.key, body: { name: "Ev2", filters: f2 } })).status,
    ).toBe(200);
    expect((await w.http.call({ path, key: s.key })).status).toBe(200);
    w.emu.state.patch("segments", id, { user_based: true });
    expect((await w.http.call({ path, key: s.key })).status).toBe(400);
    expect((await w.http.call({ method: "DELETE", path, key: s.key })).body).toEqual({ success: true });
  });

  test("plan limits (off by default): 403 when the API is not on the plan, 422 at the segment maximum", async () => {
    const s = await setup();
    expect((await s.create({ name: "free-1", filters: F })).status).toBe(201);
    w.emu.state.setSettings({ segmentPlan: { available: false } });
    try {
      const off = await s.create({ name: "blocked", filters: F });
      expect(off.status).toBe(403);
      expect(off.body).toEqual({ errors: ["This API is not available for applications on your plan."] });
      const id = (await w.http.call({ path: s.base, key: s.key })).body.segments[0].id;
      const upd = await w.http.call({
        method: "PATCH",
        path: `${s.base}/${id}`,
        key: s.key,
        body: { name: "renamed" },
      });
      expect(upd.status).toBe(403);
      expect(upd.body).toEqual({
        success: false,
        errors: ["This API is not available for applications on your plan."],
      });

      // The admin settings endpoint sets the same thing; a bad value is refused.
      const patch = (body: unknown) =>
        fetch(`${w.emu.url}/__emulator/settings`, {
          method: "PATCH",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
      expect((await patch({ segmentPlan: { maxSegments: 2 } })).status).toBe(200);
      expect((await patch({ segmentPlan: { maxSegments: -1 } })).status).toBe(400);
      expect((await patch({ segmentPlan: { seats: 3 } })).status).toBe(400);
      expect((await s.create({ name: "free-2", filters: F })).status).toBe(201);
      const full = await s.create({ name: "free-3", filters: F });
      expect(full.status).toBe(422);
      expect(full.body).toEqual({
        errors: ["You have reached the maximum number of segments allowed for your plan."],
      });
      // The limit is per app.
      expect((await (await setup()).create({ name: "elsewhere", filters: F })).status).toBe(201);
    } finally {
      w.emu.state.setSettings({ segmentPlan: {} });
    }
    expect((await s.create({ name: "free-3", filters: F })).status).toBe(201);
  });

  test("startEmulator({segmentPlan}) sets the plan from the start, and reset restores it", async () => {
    const { startEmulator } = await import("../../emulator");
    const emu = await startEmulator({ segmentPlan: { maxSegments: 0 } });
    try {
      expect(emu.state.settings().segmentPlan).toEqual({ maxSegments: 0 });
      emu.state.setSettings({ segmentPlan: {} });
      emu.reset();
      expect(emu.state.settings().segmentPlan).toEqual({ maxSegments: 0 });
    } finally {
      await emu.close();
    }
  });
});
