import { startEmulator } from "../../emulator";
import { call, client } from "./helpers";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: false });

const admin = (method: string, path: string, body?: unknown) =>
  call(w.emu.url, { method, path: `/__emulator${path}`, body });

describe("admin API (/__emulator)", () => {
  test("index and health, no auth needed", async () => {
    const idx = await admin("GET", "");
    expect(idx.status).toBe(200);
    expect(idx.body.endpoints.length).toBeGreaterThan(5);
    expect((await admin("GET", "/health")).body).toEqual({
      ok: true,
      url: w.emu.url,
      organizationId: w.emu.organizationId,
    });
  });

  test("drift: out-of-band PATCH and DELETE are visible through the API", async () => {
    const { appId, key } = await w.http.appWithKey();
    const seg = (
      await w.http.call({
        method: "POST",
        path: `/apps/${appId}/segments`,
        key,
        body: { name: "orig", filters: [{ field: "tag", key: "a", relation: "exists" }] },
      })
    ).body.id;
    const patched = await admin("PATCH", `/state/segments/${seg}`, {
      name: "drifted",
      filters: [{ field: "tag", key: "b", relation: "exists" }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe("drifted");
    const view = await w.http.call({
      path: `/apps/${appId}/segments/${seg}?include-segment-detail=true`,
      key,
    });
    expect(view.body.payload).toMatchObject({
      name: "drifted",
      filters: [{ field: "tag", key: "b", relation: "exists" }],
    });

    const app = await admin("PATCH", `/state/apps/${appId}`, { name: "renamed elsewhere" });
    expect(app.body.name).toBe("renamed elsewhere");
    expect((await w.http.call({ path: `/apps/${appId}`, key: w.http.org })).body.name).toBe(
      "renamed elsewhere",
    );

    expect((await admin("DELETE", `/state/segments/${seg}`)).status).toBe(200);
    expect((await w.http.call({ path: `/apps/${appId}/segments/${seg}`, key })).status).toBe(404);
    expect((await admin("DELETE", `/state/segments/${seg}`)).status).toBe(404);
  });

  test("templates and keys can drift too; a deleted key stops authenticating", async () => {
    const { appId, key, tokenId } = await w.http.appWithKey();
    const t = (
      await w.http.call({
        method: "POST",
        path: "/templates",
        key,
        body: { app_id: appId, name: "t", contents: { en: "a" } },
      })
    ).body;
    const rec = (await admin("GET", `/state/templates/${t.id}`)).body;
    expect(rec.content).toEqual({ contents: { en: "a" } });
    await admin("PATCH", `/state/templates/${t.id}`, {
      content: { ...rec.content, contents: { en: "changed" } },
    });
    expect(
      (await w.http.call({ path: `/templates/${t.id}?app_id=${appId}`, key })).body.content.contents,
    ).toEqual({ en: "changed" });
    await admin("PATCH", `/state/apiKeys/${tokenId}`, { name: "renamed key" });
    expect(
      (await w.http.call({ path: `/apps/${appId}/auth/tokens`, key: w.http.org })).body.tokens[0].name,
    ).toBe("renamed key");
    await admin("DELETE", `/state/apiKeys/${tokenId}`);
    expect((await w.http.call({ path: `/apps/${appId}/segments`, key })).status).toBe(403);
  });

  test("state listing by kind and app; unknown kinds → 404", async () => {
    const { appId } = await w.http.appWithKey();
    const segs = await admin("GET", `/state/segments?app_id=${appId}`);
    expect(segs.body.map((s: { name: string }) => s.name)).toEqual(["Subscribed Users"]);
    expect((await admin("GET", "/state/widgets")).status).toBe(404);
    const dump = await admin("GET", "/state");
    expect(dump.body.apps.some((a: { id: string }) => a.id === appId)).toBe(true);
  });

  test("set-up shortcuts: organizations, apps, api keys, subscriptions, clock", async () => {
    const org = await admin("POST", "/organizations", {});
    expect(org.status).toBe(201);
    expect(org.body.api_key).toMatch(/^os_v2_org_/);
    const app = await admin("POST", "/apps", { name: "via admin", organization_id: org.body.id });
    expect(app.status).toBe(201);
    expect((await w.http.call({ path: `/apps/${app.body.id}`, key: org.body.api_key })).status).toBe(200);
    const k = await admin("POST", `/apps/${app.body.id}/api-keys`, { name: "k" });
    expect(
      (await w.http.call({ path: `/apps/${app.body.id}/segments`, key: k.body.formatted_token })).status,
    ).toBe(200);
    const subs = await admin("POST", `/apps/${app.body.id}/subscriptions`, [
      { type: "push" },
      { type: "sms", token: "+15550001111" },
    ]);
    expect(subs.body.subscriptions).toHaveLength(2);
    expect((await admin("POST", `/apps/${app.body.id}/subscriptions`, { type: "pigeon" })).status).toBe(400);
    const clock = await admin("POST", "/clock", { advanceMs: 1000 });
    expect(clock.body.offsetMs).toBe(1000);
    await admin("POST", "/clock", { advanceMs: -1000 });
  });

  test("counters per route template and status", async () => {
    await admin("DELETE", "/counters");
    const { appId, key } = await w.http.appWithKey();
    await w.http.call({ path: `/apps/${appId}/segments/00000000-0000-4000-8000-000000000000`, key });
    await w.http.call({ path: `/apps/${appId}/segments/00000000-0000-4000-8000-000000000001`, key });
    const counters = (await admin("GET", "/counters")).body;
    expect(counters.routes["GET /apps/{app_id}/segments/{segment_id}"]).toEqual({
      count: 2,
      byStatus: { "404": 2 },
    });
    expect(counters.routes["POST /apps"]).toEqual({ count: 1, byStatus: { "200": 1 } });
    expect(counters.byStatus["404"]).toBe(2);
    expect(w.emu.counters().routes["POST /apps/{app_id}/auth/tokens"]?.count).toBe(1);
  });

  test("settings: read, change, reject unknown or invalid", async () => {
    expect((await admin("GET", "/settings")).body).toMatchObject({
      smsChannelCase: "SMS",
      trustClientIpHeader: false,
      maxBodyBytes: 1048576,
    });
    expect((await admin("PATCH", "/settings", { latencyMs: 1 })).body.latencyMs).toBe(1);
    await admin("PATCH", "/settings", { latencyMs: 0 });
    expect((await admin("PATCH", "/settings", { nope: 1 })).status).toBe(400);
    expect((await admin("PATCH", "/settings", { smsChannelCase: "Sms" })).status).toBe(400);
  });

  test("messages are listed per app", async () => {
    const { appId, key } = await w.http.appWithKey();
    w.emu.state.addSubscriptions(appId, [{ type: "push" }]);
    const sent = await w.http.call({
      method: "POST",
      path: "/notifications",
      key,
      body: { app_id: appId, included_segments: ["Subscribed Users"], contents: { en: "hi" } },
    });
    const list = await admin("GET", `/messages?app_id=${appId}`);
    expect(list.body.messages).toEqual([
      expect.objectContaining({ id: sent.body.id, channel: "push", recipients: 1 }),
    ]);
  });

  test("reset empties state but keeps the organization and its key", async () => {
    const other = await startEmulator();
    try {
      const oc = client(other);
      await oc.appWithKey();
      expect(other.state.list("apps")).toHaveLength(1);
      const res = await call(other.url, { method: "POST", path: "/__emulator/reset" });
      expect(res.status).toBe(200);
      expect(other.state.list("apps")).toHaveLength(0);
      expect((await oc.call({ path: "/apps", key: other.organizationApiKey })).body).toEqual([]);
      expect(other.counters().routes["POST /apps"]).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  test("wrong methods and bad JSON on admin routes → 4xx JSON", async () => {
    expect((await admin("PUT", "/reset")).status).toBe(405);
    const bad = await call(w.emu.url, {
      method: "PATCH",
      path: "/__emulator/settings",
      raw: "{",
      headers: { "Content-Type": "application/json" },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/json");
  });
});
