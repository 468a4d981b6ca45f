import { ACCESS_DENIED_MESSAGE } from "../../emulator";
import { expectJson } from "./helpers";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: false });

async function newApp(): Promise<string> {
  const res = await w.http.call({
    method: "POST",
    path: "/apps",
    key: w.http.org,
    body: { name: "keys", organization_id: w.emu.organizationId },
  });
  return res.body.id;
}
const tokens = (appId: string) => `/apps/${appId}/auth/tokens`;
/** Any app-key route works as a probe of whether a key authenticates. */
const probe = (appId: string, key: string, headers?: Record<string, string>) =>
  w.http.call({ path: `/apps/${appId}/segments`, key, headers });

describe("API keys (create_api_key, view_api_keys, update_api_key, rotate_api_key, delete_api_key)", () => {
  test("create returns token_id + formatted_token once; list never shows the secret", async () => {
    const appId = await newApp();
    const res = await w.http.call({
      method: "POST",
      path: tokens(appId),
      key: w.http.org,
      body: { name: "ci" },
    });
    expect(res.status).toBe(200);
    expectJson(res);
    expect(Object.keys(res.body).sort()).toEqual(["formatted_token", "token_id"]);
    expect(res.body.formatted_token).toMatch(/^os_v2_app_[a-z2-7]+$/);
    const list = await w.http.call({ path: tokens(appId), key: w.http.org });
    expect(list.status).toBe(200);
    expect(list.body.tokens).toHaveLength(1);
    expect(list.body.tokens[0]).toEqual({
      token_id: res.body.token_id,
      name: "ci",
      ip_allowlist_mode: "disabled",
      ip_allowlist: [],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(list.text).not.toContain(res.body.formatted_token);
    expect(JSON.stringify(w.emu.state.dump())).not.toContain(res.body.formatted_token);
  });

  test("name is required and ≤ 128; allowlist CIDRs are validated; explicit needs at least one", async () => {
    const appId = await newApp();
    expect(
      (await w.http.call({ method: "POST", path: tokens(appId), key: w.http.org, body: {} })).status,
    ).toBe(400);
    expect(
      (
        await w.http.call({
          method: "POST",
          path: tokens(appId),
          key: w.http.org,
          body: { name: "n".repeat(129) },
        })
      ).status,
    ).toBe(400);
    const badCidr = await w.http.call({
      method: "POST",
      path: tokens(appId),
      key: w.http.org,
      body: { name: "a", ip_allowlist_mode: "explicit", ip_allowlist: ["300.0.0.0/8"] },
    });
    expect(badCidr.status).toBe(400);
    expect(badCidr.body.errors[0]).toContain("300.0.0.0/8");
    const empty = await w.http.call({
      method: "POST",
      path: tokens(appId),
      key: w.http.org,
      body: { name: "a", ip_allowlist_mode: "explicit" },
    });
    expect(empty.status).toBe(400);
    const badMode = await w.http.call({
      method: "POST",
      path: tokens(appId),
      key: w.http.org,
      body: { name: "a", ip_allowlist_mode: "open" },
    });
    expect(badMode.status).toBe(400);
  });

  test("at most 16 keys per app; the 17th → 400", async () => {
    const appId = await newApp();
    for (let i = 0; i < 16; i++) {
      expect(
        (await w.http.call({ method: "POST", path: tokens(appId), key: w.http.org, body: { name: `k${i}` } }))
          .status,
      ).toBe(200);
    }
    const res = await w.http.call({
      method: "POST",
      path: tokens(appId),
      key: w.http.org,
      body: { name: "k16" },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatch(/at most 16/);
  });

  test("update is a partial PATCH returning {}; secret unchanged", async () => {
    const appId = await newApp();
    const created = (
      await w.http.call({ method: "POST", path: tokens(appId), key: w.http.org, body: { name: "before" } })
    ).body;
    const upd = await w.http.call({
      method: "PATCH",
      path: `${tokens(appId)}/${created.token_id}`,
      key: w.http.org,
      body: { ip_allowlist_mode: "explicit", ip_allowlist: ["127.0.0.1/32", "::1"] },
    });
    expect(upd.status).toBe(200);
    expect(upd.body).toEqual({});
    const list = (await w.http.call({ path: tokens(appId), key: w.http.org })).body.tokens;
    expect(list[0]).toMatchObject({
      name: "before",
      ip_allowlist_mode: "explicit",
      ip_allowlist: ["127.0.0.1/32", "::1"],
    });
    expect((await probe(appId, created.formatted_token)).status).toBe(200);
    const clear = await w.http.call({
      method: "PATCH",
      path: `${tokens(appId)}/${created.token_id}`,
      key: w.http.org,
      body: { ip_allowlist: [] },
    });
    expect(clear.status).toBe(400);
  });

  test("rotate issues a new secret and the old one stops working at once", async () => {
    const appId = await newApp();
    const created = (
      await w.http.call({ method: "POST", path: tokens(appId), key: w.http.org, body: { name: "r" } })
    ).body;
    expect((await probe(appId, created.formatted_token)).status).toBe(200);
    const rot = await w.http.call({
      method: "POST",
      path: `${tokens(appId)}/${created.token_id}/rotate`,
      key: w.http.org,
    });
    expect(rot.status).toBe(200);
    expect(rot.body.token_id).toBe(created.token_id);
    expect(rot.body.formatted_token).not.toBe(created.formatted_token);
    const old = await probe(appId, created.formatted_token);
    expect(old.status).toBe(403);
    expect(old.body).toEqual({ errors: [ACCESS_DENIED_MESSAGE] });
    expect((await probe(appId, rot.body.formatted_token)).status).toBe(200);
  });

  test("delete returns {}; the key stops working at once; unknown ids → 404", async () => {
    const appId = await newApp();
    const created = (
      await w.http.call({ method: "POST", path: tokens(appId), key: w.http.org, body: { name: "d" } })
    ).body;
    const del = await w.http.call({
      method: "DELETE",
      path: `${tokens(appId)}/${created.token_id}`,
      key: w.http.org,
    });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({});
    expect((await probe(appId, created.formatted_token)).status).toBe(403);
    for (const [method, suffix] of [
      ["DELETE", ""],
      ["PATCH", ""],
      ["POST", "/rotate"],
    ] as const) {
      const res = await w.http.call({
        method,
        path: `${tokens(appId)}/${created.token_id}${suffix}`,
        key: w.http.org,
        body: method === "PATCH" ? { name: "x" } : undefined,
      });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ errors: ["API key not found"] });
    }
  });

  test("a key of app A cannot manage keys of app B through its token_id", async () => {
    const a = await newApp();
    const b = await newApp();
    const key = (await w.http.call({ method: "POST", path: tokens(a), key: w.http.org, body: { name: "a" } }))
      .body;
    const res = await w.http.call({
      method: "DELETE",
      path: `${tokens(b)}/${key.token_id}`,
      key: w.http.org,
    });
    expect(res.status).toBe(404);
  });

  test("key routes need the org key", async () => {
    const { appId, key } = await w.http.appWithKey();
    expect((await w.http.call({ path: tokens(appId), key })).status).toBe(403);
  });
});

describe("IP allowlist (OneSignal's docs: Keys & IDs)", () => {
  afterEach(() => w.emu.state.setSettings({ trustClientIpHeader: false }));

  test("explicit keys answer from inside their CIDRs only (real loopback address)", async () => {
    const appId = await newApp();
    const inside = w.emu.state.issueApiKey(appId, {
      ipAllowlistMode: "explicit",
      ipAllowlist: ["127.0.0.0/8", "::1/128"],
    });
    const outside = w.emu.state.issueApiKey(appId, {
      ipAllowlistMode: "explicit",
      ipAllowlist: ["192.0.2.0/24"],
    });
    expect((await probe(appId, inside.token)).status).toBe(200);
    const res = await probe(appId, outside.token);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ errors: [ACCESS_DENIED_MESSAGE] });
  });

  test("X-Emulator-Client-IP is ignored unless the admin setting enables it", async () => {
    const appId = await newApp();
    const k = w.emu.state.issueApiKey(appId, {
      ipAllowlistMode: "explicit",
      ipAllowlist: ["192.0.2.0/24", "2001:db8::/32"],
    });
    expect((await probe(appId, k.token, { "X-Emulator-Client-IP": "192.0.2.7" })).status).toBe(403);
    w.emu.state.setSettings({ trustClientIpHeader: true });
    expect((await probe(appId, k.token, { "X-Emulator-Client-IP": "192.0.2.7" })).status).toBe(200);
    expect((await probe(appId, k.token, { "X-Emulator-Client-IP": "2001:db8::5" })).status).toBe(200);
    expect((await probe(appId, k.token, { "X-Emulator-Client-IP": "198.51.100.1" })).status).toBe(403);
    // disabled mode ignores the list entirely
    const d = w.emu.state.issueApiKey(appId, { ipAllowlistMode: "disabled", ipAllowlist: ["192.0.2.0/24"] });
    expect((await probe(appId, d.token, { "X-Emulator-Client-IP": "198.51.100.1" })).status).toBe(200);
  });
});
