/**
 * Segment handlers against the emulator: CRUD, normalised reads (no diff after refresh), drift,
 * out-of-band deletion, key rotation, adoption, lost create responses, taken names.
 */
import { useWorld } from "../helpers/world";
import { PROVIDER } from "./helpers";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Segments", key: "k" } });

const P = {
  __provider: PROVIDER,
  __owner: "organization/urn:pulumi:test::provider-tests::pulumi-nodejs:dynamic/onesignal:Segment::r",
};
const filters = [
  { field: "tag", key: "tier", relation: "=", value: "vip" },
  { operator: "OR" },
  { field: "session_count", relation: ">", value: "10" },
];
const mine = () => w.emu.state.list("segments", { appId: w.appId }).filter((s) => s.source !== "default");

describe("Segment", () => {
  it("creates with a client-chosen id, reads back without a diff, updates and deletes", async () => {
    const inputs = {
      ...P,
      appId: w.appId,
      apiKey: w.key,
      name: "VIP",
      description: "High-value users",
      filters,
    };
    const c = await w.h.segment.create(inputs);
    expect(c.outs).toMatchObject({
      appId: w.appId,
      apiKey: w.key,
      name: "VIP",
      description: "High-value users",
      filters,
    });
    expect(c.outs.createdAt).toEqual(expect.stringMatching(/^\d{4}-/));
    expect(w.emu.state.get("segments", c.id)).toMatchObject({ name: "VIP" });

    const r = await w.h.segment.read(c.id, { ...c.outs, ...P });
    expect(r.id).toBe(c.id);
    expect((await w.h.segment.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);

    const news = { ...inputs, description: "", filters: [filters[2]] };
    const u = await w.h.segment.update(c.id, { ...r.props, ...P }, news);
    expect(u.outs).toMatchObject({ filters: [filters[2]] });
    const stored = w.emu.state.get("segments", c.id);
    expect(stored?.filters).toHaveLength(1);
    expect(stored?.description ?? "").toBe("");

    await w.h.segment.delete(c.id, { ...u.outs, ...P });
    expect(w.emu.state.get("segments", c.id)).toBeUndefined();
    await expect(w.h.segment.delete(c.id, { ...u.outs, ...P })).resolves.toBeUndefined();
  });

  it("refresh of reordered / AND-spelled filters and null description shows no diff", async () => {
    const inputs = {
      ...P,
      appId: w.appId,
      apiKey: w.key,
      name: "Reorder",
      filters: [filters[2], { operator: "OR" }, filters[0]],
    };
    const c = await w.h.segment.create(inputs);
    w.emu.state.patch("segments", c.id, {
      description: null,
      filters: [
        { field: "tag", key: "tier", relation: "=", value: "vip" },
        { operator: "OR" },
        { field: "session_count", relation: ">", value: "10" },
      ],
    });
    const r = await w.h.segment.read(c.id, { ...c.outs, ...P });
    expect((await w.h.segment.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);
    // The program's own spelling is kept in state when only the spelling differs.
    expect(r.props?.filters).toEqual(inputs.filters);
  });

  it("detects drift and the next update restores; out-of-band deletion reads as gone", async () => {
    const inputs = { ...P, appId: w.appId, apiKey: w.key, name: "Drift", filters };
    const c = await w.h.segment.create(inputs);
    w.emu.state.patch("segments", c.id, {
      filters: [{ field: "tag", key: "tier", relation: "=", value: "gold" }],
    });
    const r = await w.h.segment.read(c.id, { ...c.outs, ...P });
    expect(JSON.stringify(r.props?.filters)).toContain("gold");
    expect((await w.h.segment.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(true);
    await w.h.segment.update(c.id, { ...r.props, ...P }, inputs);
    expect(JSON.stringify(w.emu.state.get("segments", c.id)?.filters)).toContain("vip");
    w.emu.state.delete("segments", c.id);
    expect(await w.h.segment.read(c.id, { ...c.outs, ...P })).toEqual({});
  });

  it("after a key rotation, a changed apiKey is stored without a call, and a stale key falls back", async () => {
    const keyRec = w.emu.state.list("apiKeys", { appId: w.appId })[0];
    const c = await w.h.segment.create({ ...P, appId: w.appId, apiKey: w.key, name: "Rot", filters });
    const rotated = await fetch(`${w.emu.url}/apps/${w.appId}/auth/tokens/${keyRec.token_id}/rotate`, {
      method: "POST",
      headers: { Authorization: `Key ${w.emu.organizationApiKey}` },
    }).then((r) => r.json() as Promise<{ formatted_token: string }>);
    const news = { ...P, appId: w.appId, apiKey: rotated.formatted_token, name: "Rot", filters };
    expect(await w.h.segment.diff(c.id, { ...c.outs, ...P }, news)).toMatchObject({
      changes: true,
      replaces: [],
    });
    w.emu.resetCounters();
    const u = await w.h.segment.update(c.id, { ...c.outs, ...P }, news);
    expect(w.emu.counters().total).toBe(0);
    expect(u.outs.apiKey).toBe(rotated.formatted_token);
    await expect(w.h.segment.read(c.id, { ...u.outs, ...P })).resolves.toMatchObject({ id: c.id });

    // State still holding the revoked key (e.g. destroy before the update): a refresh keeps the
    // last known state and says why (so `up --refresh` can go on to heal the key), a delete fails
    // saying which command recovers, and the configured fallback key is tried after the 403.
    const stale = { ...c.outs, ...P };
    w.h.ctx.warnings.length = 0;
    await expect(w.h.segment.read(c.id, stale)).resolves.toMatchObject({
      id: c.id,
      props: { name: "Rot", apiKey: w.key },
    });
    expect(w.h.ctx.warnings.join("\n")).toMatch(
      /Segment "Rot" .* was not refreshed: OneSignal refused the app API key in its apiKey \(403\).*next `pulumi up` obtains a working token/,
    );
    await expect(w.h.segment.delete(c.id, stale)).rejects.toThrow(
      /OneSignal Segment delete failed: OneSignal refused the app API key in its apiKey .*403.*run `pulumi up --refresh`/,
    );
    const withFallback = w.handlers({ appApiKey: rotated.formatted_token });
    await expect(withFallback.segment.read(c.id, stale)).resolves.toMatchObject({ id: c.id });
    await withFallback.segment.delete(c.id, stale);
    expect(w.emu.state.get("segments", c.id)).toBeUndefined();
  });

  it("falls back to the provider's appApiKey when apiKey is absent", async () => {
    const hk = w.handlers({ appApiKey: w.key });
    const c = await hk.segment.create({ ...P, appId: w.appId, name: "Fallback", filters });
    expect(c.outs).not.toHaveProperty("apiKey");
    await expect(w.h.segment.create({ ...P, appId: w.appId, name: "NoKey", filters })).rejects.toThrow(
      /no app API key/,
    );
  });

  it("replacement deletes first (unique names)", async () => {
    const c = await w.h.segment.create({ ...P, appId: w.appId, apiKey: w.key, name: "Move", filters });
    const other = w.emu.state.createApp({ name: "Other", organizationId: w.emu.organizationId }).id;
    expect(
      await w.h.segment.diff(
        c.id,
        { ...c.outs, ...P },
        { ...P, appId: other, apiKey: w.key, name: "Move", filters },
      ),
    ).toEqual({ changes: true, replaces: ["appId"], deleteBeforeReplace: true });
  });

  it("adopts an existing segment by adoptExistingId", async () => {
    const created = await fetch(`${w.emu.url}/apps/${w.appId}/segments`, {
      method: "POST",
      headers: { Authorization: `Key ${w.key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Dashboard", filters: [{ field: "tag", key: "x", relation: "exists" }] }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const c = await w.h.segment.create({
      ...P,
      appId: w.appId,
      apiKey: w.key,
      adoptExistingId: created.id,
      name: "Dashboard",
      description: "now managed",
      filters,
    });
    expect(c.id).toBe(created.id);
    expect(mine()).toHaveLength(1);
    expect(w.emu.state.get("segments", created.id)).toMatchObject({ description: "now managed" });
  });

  it("a lost create response is adopted by id: no duplicate", async () => {
    w.emu.faults.add({ kind: "drop-response", method: "POST", route: "segment", count: 1 });
    const c = await w.h.segment.create({ ...P, appId: w.appId, apiKey: w.key, name: "Lost", filters });
    expect(mine()).toHaveLength(1);
    expect(mine()[0].id).toBe(c.id);
  });

  it("a reset connection on create is retried with the same id", async () => {
    w.emu.faults.add({ kind: "reset", method: "POST", route: "segment", count: 1 });
    const c = await w.h.segment.create({ ...P, appId: w.appId, apiKey: w.key, name: "Reset", filters });
    expect(mine().map((s) => s.id)).toEqual([c.id]);
  });

  it("a taken name is an error naming the holder, even when it is identical; nothing is left behind", async () => {
    // Another stack's segment, with the very settings this resource declares.
    const theirs = await w.handlers().segment.create({
      ...P,
      __owner: "organization/urn:pulumi:other::provider-tests::pulumi-nodejs:dynamic/onesignal:Segment::r",
      appId: w.appId,
      apiKey: w.key,
      name: "Same",
      filters,
    });
    const before = JSON.stringify(w.emu.state.get("segments", theirs.id));
    for (const f of [filters, [filters[0]]]) {
      const err = await w
        .handlers()
        .segment.create({ ...P, appId: w.appId, apiKey: w.key, name: "Same", filters: f })
        .catch((e: Error) => e);
      expect((err as Error).message).toMatch(
        /OneSignal Segment create failed: the app already has a segment named "Same" \(.*\) that this stack did not create; set adoptExistingId: "/,
      );
      expect((err as Error).message).toContain(theirs.id);
      expect((err as Error).message).not.toContain(w.key);
      expect(mine().map((s) => [s.id, s.name])).toEqual([[theirs.id, "Same"]]);
      expect(JSON.stringify(w.emu.state.get("segments", theirs.id))).toBe(before);
    }
  });

  describe("a segment OneSignal will not return (user-based, view-segment 400)", () => {
    const REASON =
      "User-based segments (with message event or custom event filters) are not yet supported via the API";

    it("refresh keeps the last known state with a warning naming it; update and delete are still attempted", async () => {
      const inputs = { ...P, appId: w.appId, apiKey: w.key, name: "Events", description: "d", filters };
      const c = await w.h.segment.create(inputs);
      w.emu.state.patch("segments", c.id, { user_based: true });
      const r = await w.h.segment.read(c.id, { ...c.outs, ...P });
      expect(r.id).toBe(c.id);
      expect(r.props).toEqual(c.outs);
      // The last known state is kept, inputs included (none given: the engine keeps the stored ones).
      expect(r.inputs).toBeUndefined();
      expect(w.h.ctx.warnings).toHaveLength(1);
      expect(w.h.ctx.warnings[0]).toContain(`OneSignal Segment "Events" (${c.id}`);
      expect(w.h.ctx.warnings[0]).toContain(`"${REASON}"`);
      expect(w.h.ctx.warnings[0]).not.toContain(w.key);
      expect((await w.h.segment.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);

      // An update is sent as usual: the declared filters replace the event filters.
      const news = { ...inputs, description: "changed" };
      await w.h.segment.update(c.id, { ...r.props, ...P }, news);
      expect(w.emu.state.get("segments", c.id)).toMatchObject({ description: "changed" });
      expect(w.emu.state.get("segments", c.id)?.user_based).toBeUndefined();

      w.emu.state.patch("segments", c.id, { user_based: true });
      await w.h.segment.delete(c.id, { ...c.outs, ...P });
      expect(w.emu.state.get("segments", c.id)).toBeUndefined();
    });

    it("an update that OneSignal refuses still reports its own failure", async () => {
      const inputs = { ...P, appId: w.appId, apiKey: w.key, name: "Events", filters };
      const c = await w.h.segment.create(inputs);
      w.emu.state.patch("segments", c.id, { user_based: true });
      w.emu.faults.add({ kind: "status", status: 503, method: "PATCH", route: "segment", count: 10 });
      await expect(
        w.h.segment.update(c.id, { ...c.outs, ...P }, { ...inputs, name: "Events 2" }),
      ).rejects.toThrow(/OneSignal Segment update failed: .*503/);
    });

    it("adopting one, or reading one without state (import), fails and says why", async () => {
      const created = await w.client.segments.create(w.auth, { name: "Dashboard events", filters });
      w.emu.state.patch("segments", created.id, { user_based: true });
      const err = (await w.h.segment
        .create({
          ...P,
          appId: w.appId,
          apiKey: w.key,
          adoptExistingId: created.id,
          name: "Dashboard events",
          filters,
        })
        .catch((e: Error) => e)) as Error;
      expect(err.message).toMatch(
        new RegExp(`^OneSignal Segment create \\(adopt\\) failed: segment ${created.id} cannot be adopted: `),
      );
      expect(err.message).toContain(REASON);
      expect(err.message).toContain("no last known state");
      await expect(w.h.segment.read(created.id, { ...P, appId: w.appId, apiKey: w.key })).rejects.toThrow(
        /OneSignal Segment read failed: segment .* cannot be adopted: .*no last known state/,
      );
      // Segment.get passes the name it was given and no filters: no last state either.
      await expect(
        w.h.segment.read(created.id, { ...P, appId: w.appId, apiKey: w.key, name: "got", filters: [] }),
      ).rejects.toThrow(/cannot be adopted: .*no last known state/);
      expect(w.emu.state.get("segments", created.id)).toBeDefined();
    });
  });

  it("a taken name without an owner marker (400 on create) is the same clear error", async () => {
    const theirs = await w.client.segments.create(w.auth, { name: "Taken", filters });
    const err = await w.h.segment
      .create({ __provider: PROVIDER, appId: w.appId, apiKey: w.key, name: "Taken", filters })
      .catch((e: Error) => e);
    expect((err as Error).message).toMatch(
      /OneSignal Segment create failed: the app already has a segment named "Taken" \(.*\) that this stack did not create/,
    );
    expect((err as Error).message).toContain(theirs.id);
    expect(mine().map((s) => s.id)).toEqual([theirs.id]);
  });

  it("renaming to a taken name fails naming the name and its holder", async () => {
    const theirs = await w.client.segments.create(w.auth, { name: "Holder", filters });
    const inputs = { ...P, appId: w.appId, apiKey: w.key, name: "Mine", filters };
    const c = await w.h.segment.create(inputs);
    await expect(
      w.h.segment.update(c.id, { ...c.outs, ...P }, { ...inputs, name: "Holder" }),
    ).rejects.toThrow(
      `OneSignal Segment update failed: the app already has another segment named "Holder" (${theirs.id})`,
    );
    expect(w.emu.state.get("segments", c.id)?.name).toBe("Mine");
  });

  it("plan limits: a create refused by the plan says so (403 and 422) and leaves nothing", async () => {
    const inputs = { ...P, appId: w.appId, apiKey: w.key, name: "Plan", filters };
    w.emu.state.setSettings({ segmentPlan: { available: false } });
    await expect(w.h.segment.create(inputs)).rejects.toThrow(
      /^OneSignal Segment create failed: the app's OneSignal plan does not include the segments API; .*\(OneSignal: "This API is not available for applications on your plan\."\)$/,
    );
    w.emu.state.setSettings({
      segmentPlan: { maxSegments: w.emu.state.list("segments", { appId: w.appId }).length },
    });
    await expect(w.h.segment.create(inputs)).rejects.toThrow(
      /^OneSignal Segment create failed: the app has reached the maximum number of segments its OneSignal plan allows; .*\(OneSignal: "You have reached the maximum number of segments allowed for your plan\."\)$/,
    );
    w.emu.state.setSettings({ segmentPlan: {} });
    expect(mine()).toEqual([]);
  });
});
