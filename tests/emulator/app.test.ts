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
    for (const secret of ["apns_p12", "apns_p12_password", "android_gcm_sender_id"]) {
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

  test("Safari settings only stick when site_name, both origins and safari_apns_p12 are in one request (create-an-app)", async () => {
    const alone = await create({ name: "w1", organization_id: w.emu.organizationId, site_name: "Site" });
    expect(alone.body.site_name).toBeNull();
    const web = {
      site_name: "Site",
      chrome_web_origin: "https://a.example",
      safari_site_origin: "https://a.example",
    };
    const noCertificate = await create({ name: "w2", organization_id: w.emu.organizationId, ...web });
    expect(noCertificate.body).toMatchObject({
      chrome_web_origin: "https://a.example",
      site_name: null,
      safari_site_origin: null,
      safari_push_id: null,
      safari_apns_certificate: null,
    });
    const together = await create({
      name: "w3",
      organization_id: w.emu.organizationId,
      ...web,
      safari_apns_p12: "",
    });
    expect(together.body).toMatchObject({
      ...web,
      safari_apns_certificate: "OneSignal Provided Certificate",
    });
    expect(together.body.safari_push_id).toMatch(/^web\.onesignal\.auto\./);
    // An update applies them only with the whole set too, unchanged members included.
    const path = `/apps/${together.body.id}`;
    const part = await w.http.call({
      method: "PUT",
      path,
      key: w.http.org,
      body: { site_name: "Renamed", safari_apns_p12: "cDEy" },
    });
    expect(part.body).toMatchObject({
      site_name: "Site",
      safari_apns_certificate: "OneSignal Provided Certificate",
    });
    const all = await w.http.call({
      method: "PUT",
      path,
      key: w.http.org,
      body: { ...web, site_name: "Renamed", safari_apns_p12: "cDEy", safari_apns_p12_password: "" },
    });
    expect(all.body).toMatchObject({
      site_name: "Renamed",
      safari_apns_certificate: "emulated-safari-certificate",
    });
  });

  test("view-an-app returns the docs' read-only members and echoes apns_p8 and the FCM JSON", async () => {
    const fcm = Buffer.from(
      JSON.stringify({ type: "service_account", project_number: "123456789012" }),
    ).toString("base64");
    const app = (
      await create({
        name: "full",
        organization_id: w.emu.organizationId,
        apns_env: "development",
        apns_key_id: "K",
        apns_team_id: "T",
        apns_bundle_id: "com.acme",
        apns_p8: "cDg=",
        fcm_v1_service_account_json: fcm,
        chrome_web_origin: "https://a.example",
      })
    ).body;
    const view = await w.http.call({ path: `/apps/${app.id}`, key: w.http.org });
    expect(view.body).toMatchObject({
      apns_env: "development",
      apns_p8: "cDg=",
      fcm_v1_service_account_json: fcm,
      fcm_sender_id: "123456789012",
      chrome_web_gcm_sender_id: null,
      safari_push_id: null,
      safari_apns_certificate: null,
      conversion_attribution_window_push: 1440,
      conversion_attribution_window_iam: 1440,
      conversion_attribution_window_email: 1440,
      conversion_attribution_window_sms: 1440,
      channels: {
        push: { enabled: true, platforms: ["ios", "android", "web"] },
        email: { enabled: false, platforms: [] },
        sms: { enabled: false, platforms: [] },
      },
    });
    // A VAPID public key: an uncompressed P-256 point (65 bytes), Base64url.
    expect(Buffer.from(view.body.chrome_web_key, "base64url")).toHaveLength(65);
    expect(view.body).not.toHaveProperty("safari_apns_certificates");
    const bare = (await create({ name: "bare", organization_id: w.emu.organizationId })).body;
    expect(bare).toMatchObject({
      fcm_sender_id: null,
      chrome_web_key: null,
      channels: { push: { enabled: false } },
    });
  });

  test("apns_env takes production, development and sandbox", async () => {
    for (const env of ["production", "development", "sandbox"]) {
      const res = await create({ name: env, organization_id: w.emu.organizationId, apns_env: env });
      expect([res.status, res.body.apns_env]).toEqual([200, env]);
    }
    expect(
      (await create({ name: "x", organization_id: w.emu.organizationId, apns_env: "staging" })).status,
    ).toBe(400);
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

  test("an app key may view its own app (view-an-app) and nothing else of the org routes", async () => {
    const { appId, key } = await w.http.appWithKey();
    const view = await w.http.call({ path: `/apps/${appId}`, key });
    expect(view.status).toBe(200);
    expect(view.body.id).toBe(appId);
    const other = (await create({ name: "not mine", organization_id: w.emu.organizationId })).body;
    expect((await w.http.call({ path: `/apps/${other.id}`, key })).status).toBe(403);
    expect((await w.http.call({ path: "/apps", key })).status).toBe(403);
    expect(
      (await w.http.call({ method: "PUT", path: `/apps/${appId}`, key, body: { name: "x" } })).status,
    ).toBe(403);
  });

  test("view-apps answers 400 above appListLimit apps, and at most 1000 below", async () => {
    w.emu.state.setSettings({ appListLimit: 2 });
    try {
      const other = w.emu.state.createOrganization();
      for (const name of ["a", "b", "c"]) w.emu.state.createApp({ name, organizationId: other.id });
      const res = await w.http.call({ path: "/apps", key: other.api_key });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: [
          "This API endpoint is disabled for organizations with over 1000 apps. Please contact support if you need access to this endpoint.",
        ],
      });
      // Other organizations and the other app routes are unaffected.
      w.emu.state.setSettings({ appListLimit: 3 });
      expect((await w.http.call({ path: "/apps", key: other.api_key })).body).toHaveLength(3);
    } finally {
      w.emu.state.setSettings({ appListLimit: 1000 });
    }
    expect(w.emu.state.settings().appListLimit).toBe(1000);
  });

  test("legacy /api/v1 prefix is served by the same handlers", async () => {
    const res = await w.http.call({ path: "/api/v1/apps", key: w.http.org });
    expect(res.status).toBe(200);
  });

  test("update-an-app: the key must belong to the body's organization_id (403 otherwise)", async () => {
    const other = w.emu.state.createOrganization();
    const app = (await create({ name: "mover", organization_id: w.emu.organizationId })).body;
    for (const org of ["00000000-0000-4000-8000-000000000000", other.id]) {
      const res = await w.http.call({
        method: "PUT",
        path: `/apps/${app.id}`,
        key: w.http.org,
        body: { name: "moved?", organization_id: org },
      });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ errors: ["You do not have permission to update this app."] });
    }
    const own = await w.http.call({
      method: "PUT",
      path: `/apps/${app.id}`,
      key: w.http.org,
      body: { name: "stays", organization_id: w.emu.organizationId },
    });
    expect(own.body).toMatchObject({ name: "stays", organization_id: w.emu.organizationId });
    expect(w.emu.state.get("apps", app.id)?.name).toBe("stays");
  });
});
