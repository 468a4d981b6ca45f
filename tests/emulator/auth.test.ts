import { ACCESS_DENIED_MESSAGE } from "../../emulator";
import { call } from "./helpers";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: { via: "http" } });

const DENIED = { errors: [ACCESS_DENIED_MESSAGE] };

describe("Authorization header (`Key <token>`, as the official Node SDK sends)", () => {
  test("the denial body is byte-exact, with two spaces after 'denied.'", async () => {
    const res = await call(w.emu.url, { path: "/apps" });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.text).toBe(
      `{"errors":["Access denied.  Please include an 'Authorization: ...' header with a valid API key (https://documentation.onesignal.com/docs/en/keys-and-ids#api-keys)."]}`,
    );
  });

  test.each([
    ["Key", 200],
    ["key", 200],
    ["KEY", 200],
    ["Basic", 200],
    ["Bearer", 403],
    ["Token", 403],
  ])("scheme %s → %i", async (scheme, status) => {
    const res = await call(w.emu.url, {
      path: "/apps",
      headers: { Authorization: `${scheme} ${w.emu.organizationApiKey}` },
    });
    expect(res.status).toBe(status);
    if (status === 403) expect(res.body).toEqual(DENIED);
  });

  test("Bearer works only when acceptBearer is set", async () => {
    w.emu.state.setSettings({ acceptBearer: true });
    try {
      const res = await call(w.emu.url, {
        path: "/apps",
        headers: { Authorization: `Bearer ${w.emu.organizationApiKey}` },
      });
      expect(res.status).toBe(200);
    } finally {
      w.emu.state.setSettings({ acceptBearer: false });
    }
  });

  test.each([
    ["missing", undefined],
    ["empty", ""],
    ["no token", "Key"],
    ["unknown token", "Key os_v2_org_nope"],
    ["two tokens", "Key a b"],
  ])("%s header → 403 access denied", async (_name, header) => {
    const res = await call(w.emu.url, {
      path: "/apps",
      headers: header === undefined ? {} : { Authorization: header },
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual(DENIED);
  });

  test("key kind per route: org key on an app-key route and app key on an org route → 403", async () => {
    expect((await w.http.call({ path: `/apps/${w.appId}/segments`, key: w.http.org })).status).toBe(403);
    expect((await w.http.call({ path: `/templates?app_id=${w.appId}`, key: w.http.org })).status).toBe(403);
    expect(
      (
        await w.http.call({
          method: "POST",
          path: "/notifications",
          key: w.http.org,
          body: { app_id: w.appId, included_segments: ["Subscribed Users"], contents: { en: "x" } },
        })
      ).status,
    ).toBe(403);
    expect((await w.http.call({ path: `/apps/${w.appId}/auth/tokens`, key: w.key })).status).toBe(403);
    expect((await w.http.call({ path: `/apps/${w.appId}/segments`, key: w.key })).status).toBe(200);
  });

  test("an app key works only for its own app", async () => {
    const other = await w.http.appWithKey();
    expect((await w.http.call({ path: `/apps/${other.appId}/segments`, key: w.key })).status).toBe(403);
    expect((await w.http.call({ path: `/templates?app_id=${other.appId}`, key: w.key })).status).toBe(403);
    const send = await w.http.call({
      method: "POST",
      path: "/notifications",
      key: w.key,
      body: { app_id: other.appId, included_segments: ["Subscribed Users"], contents: { en: "x" } },
    });
    expect(send.status).toBe(403);
    expect(send.body).toEqual(DENIED);
  });

  test("a key whose app was deleted out of band stops working", async () => {
    const tmp = await w.http.appWithKey();
    expect(w.emu.state.delete("apps", tmp.appId)).toBe(true);
    expect((await w.http.call({ path: `/apps/${tmp.appId}/segments`, key: tmp.key })).status).toBe(403);
  });

  test("auth is checked before the body: a bad body with no key is a 403, not a 400", async () => {
    const res = await call(w.emu.url, {
      method: "POST",
      path: "/apps",
      raw: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expect(res.status).toBe(403);
  });
});
