import { expectJson } from "./helpers";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: false });

const create = (body: unknown, key: string | null = w.emu.organizationApiKey) =>
  w.http.call({ method: "POST", path: "/apps", key, body });

describe("apps (create_app, get_app, get_apps, update_app)", () => {
  test("create returns 200 and the App with server-computed fields; write-only inputs are not echoed", async () => {
    const res = await create({
      name: "My App",
      organization_id: w.emu.organizationId,
      apns_p12: "c2VjcmV0",
      apns_p12_password: "pw",
      apns_env: "sandbox",
      android_gcm_sender_id: "123",
      fcm_v1_service_account_json: "{}",
    });
    expect(res.status).toBe(200);
    expectJson(res);
    expect(res.body).toMatchObject({
      name: "My App",
      players: 0,
      messageable_players: 0,
      organization_id: w.emu.organizationId,
      apns_env: "sandbox",
      apns_certificates: "emulated-apns-certificate",
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Date.parse(res.body.created_at)).not.toBeNaN();
    for (const secret of [
      "apns_p12",
      "apns_p12_password",
      "android_gcm_sender_id",
      "fcm_v1_service_account_json",
    ]) {
      expect(res.body).not.toHaveProperty(secret);
    }
  });

  test("create without a name → 400 with the historic message", async () => {
    const res = await create({ organization_id: w.emu.organizationId });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: ["Name Enter an app name"] });
  });

  test("name longer than 128 characters → 400", async () => {
    expect((await create({ name: "x".repeat(128), organization_id: w.emu.organizationId })).status).toBe(200);
    const res = await create({ name: "x".repeat(129), organization_id: w.emu.organizationId });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatch(/^name: /);
  });

  test("organization_id is required and must match the key's organization", async () => {
    const missing = await create({ name: "a" });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ errors: ["organization_id is required"] });
    const other = w.emu.state.createOrganization();
    const wrong = await create({ name: "a", organization_id: other.id });
    expect(wrong.status).toBe(403);
  });

  test("wrong field types → 400 naming the field; unknown fields are ignored", async () => {
    const bad = await create({ name: 42, organization_id: w.emu.organizationId });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatch(/^name: /);
    const extra = await create({
      name: "extra",
      organization_id: w.emu.organizationId,
      not_a_field: true,
      id: "client-id",
    });
    expect(extra.status).toBe(200);
    expect(extra.body).not.toHaveProperty("not_a_field");
    expect(extra.body.id).not.toBe("client-id");
  });

  test("site_name only sticks when both web origins are in the same request (OneSignal's docs: create_app)", async () => {
    const alone = await create({ name: "w1", organization_id: w.emu.organizationId, site_name: "Site" });
    expect(alone.body.site_name).toBeNull();
    const together = await create({
      name: "w2",
      organization_id: w.emu.organizationId,
      site_name: "Site",
      chrome_web_origin: "https://a.example",
      safari_site_origin: "https://a.example",
    });
    expect(together.body).toMatchObject({
      site_name: "Site",
      chrome_web_origin: "https://a.example",
      safari_site_origin: "https://a.example",
    });
    expect(together.body.safari_push_id).toMatch(/^web\.onesignal\.auto\./);
  });

  test("view, list and PUT-as-merge update", async () => {
    const app = (await create({ name: "Before", organization_id: w.emu.organizationId, gcm_key: "g" })).body;
    const view = await w.http.call({ path: `/apps/${app.id}`, key: w.http.org });
    expect(view.status).toBe(200);
    expect(view.body).toEqual(app);
    const upd = await w.http.call({
      method: "PUT",
      path: `/apps/${app.id}`,
      key: w.http.org,
      body: { name: "After" },
    });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ id: app.id, name: "After", gcm_key: "g" });
    expect(Date.parse(upd.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(app.updated_at));
    const list = await w.http.call({ path: "/apps", key: w.http.org });
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    expect(list.body.find((a: { id: string }) => a.id === app.id).name).toBe("After");
  });

  test("unknown app → 404; there is no delete route (405)", async () => {
    const res = await w.http.call({ path: "/apps/00000000-0000-4000-8000-000000000000", key: w.http.org });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: ["App not found"] });
    const put = await w.http.call({
      method: "PUT",
      path: "/apps/00000000-0000-4000-8000-000000000000",
      key: w.http.org,
      body: { name: "x" },
    });
    expect(put.status).toBe(404);
    const app = (await create({ name: "undeletable", organization_id: w.emu.organizationId })).body;
    const del = await w.http.call({ method: "DELETE", path: `/apps/${app.id}`, key: w.http.org });
    expect(del.status).toBe(405);
    expectJson(del);
    expect(del.headers.get("allow")).toBe("GET, PUT");
  });

  test("an org key is refused for apps of another organization, and lists only its own", async () => {
    const other = w.emu.state.createOrganization();
    const theirs = w.emu.state.createApp({ name: "theirs", organizationId: other.id });
    const res = await w.http.call({ path: `/apps/${theirs.id}`, key: w.http.org });
    expect(res.status).toBe(403);
    const list = await w.http.call({ path: "/apps", key: w.http.org });
    expect(list.body.map((a: { id: string }) => a.id)).not.toContain(theirs.id);
    const mine = await w.http.call({ path: `/apps/${theirs.id}`, key: other.api_key });
    expect(mine.status).toBe(200);
  });

  test("an app key cannot use app routes", async () => {
    const { appId, key } = await w.http.appWithKey();
    const res = await w.http.call({ path: `/apps/${appId}`, key });
    expect(res.status).toBe(403);
  });

  test("legacy /api/v1 prefix is served by the same handlers", async () => {
    const res = await w.http.call({ path: "/api/v1/apps", key: w.http.org });
    expect(res.status).toBe(200);
  });

  test("moving an app to another existing organization (update_app with a new organization_id)", async () => {
    const other = w.emu.state.createOrganization();
    const app = (await create({ name: "mover", organization_id: w.emu.organizationId })).body;
    const bad = await w.http.call({
      method: "PUT",
      path: `/apps/${app.id}`,
      key: w.http.org,
      body: { organization_id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(bad.status).toBe(400);
    const moved = await w.http.call({
      method: "PUT",
      path: `/apps/${app.id}`,
      key: w.http.org,
      body: { organization_id: other.id },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.organization_id).toBe(other.id);
    expect((await w.http.call({ path: `/apps/${app.id}`, key: w.http.org })).status).toBe(403);
  });
});
