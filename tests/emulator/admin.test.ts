import * as http from "node:http";
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

  describe("a web page cannot drive it", () => {
    /** A raw request, so that `Host` and `Origin` are exactly what a browser (or a rebinding page) sends. */
    const raw = (
      base: string,
      o: { method?: string; path: string; headers?: Record<string, string>; body?: string },
    ): Promise<{ status: number; text: string }> =>
      new Promise((resolve, reject) => {
        const u = new URL(base);
        const req = http.request(
          {
            host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
            port: u.port,
            // `Host: ""` stands for no Host header at all (HTTP/1.0 style); Node would fill in its own.
            setHost: o.headers?.Host !== "",
            method: o.method ?? "GET",
            path: o.path,
            headers: Object.fromEntries(
              Object.entries({
                ...(o.body !== undefined ? { "Content-Length": String(Buffer.byteLength(o.body)) } : {}),
                ...o.headers,
              }).filter(([k, v]) => !(k === "Host" && v === "")),
            ),
          },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c: string) => (text += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on("error", reject);
        req.end(o.body);
      });
    const port = () => new URL(w.emu.url).port;

    test("a cross-origin text/plain POST /__emulator/reset (a browser's simple request) is refused and state is kept", async () => {
      const { appId } = await w.http.appWithKey();
      const before = w.emu.state.dump();
      const res = await raw(w.emu.url, {
        method: "POST",
        path: "/__emulator/reset",
        headers: { Origin: "https://evil.example", "Content-Type": "text/plain" },
        body: "{}",
      });
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text)).toEqual({ errors: [expect.stringMatching(/another origin/)] });
      // The same without an Origin (a form post from a page with no-referrer, curl without -H): still not JSON.
      const plain = await raw(w.emu.url, {
        method: "POST",
        path: "/__emulator/reset",
        headers: { "Content-Type": "text/plain" },
        body: "{}",
      });
      expect(plain.status).toBe(403);
      expect(JSON.parse(plain.text).errors[0]).toMatch(/application\/json/);
      const bodiless = await raw(w.emu.url, { method: "POST", path: "/__emulator/reset" });
      expect(bodiless.status).toBe(403);
      expect(w.emu.state.get("apps", appId)).toBeDefined();
      expect(w.emu.state.dump()).toEqual(before);
    });

    test("a foreign Origin is refused even with a JSON body and on reads", async () => {
      const { appId } = await w.http.appWithKey();
      for (const origin of ["https://evil.example", "http://localhost.evil.example", "null"]) {
        const post = await raw(w.emu.url, {
          method: "POST",
          path: "/__emulator/reset",
          headers: { Origin: origin, "Content-Type": "application/json" },
          body: "{}",
        });
        expect(post.status).toBe(403);
        const get = await raw(w.emu.url, { path: "/__emulator/state", headers: { Origin: origin } });
        expect(get.status).toBe(403);
      }
      expect(w.emu.state.get("apps", appId)).toBeDefined();
    });

    test("a rebinding Host is refused for GET /__emulator/state: the organization key never leaves", async () => {
      for (const host of [
        `evil.example:${port()}`,
        "evil.example",
        `localhost.evil.example:${port()}`,
        "",
        "127.0.0.2",
      ]) {
        const res = await raw(w.emu.url, { path: "/__emulator/state", headers: { Host: host } });
        expect(res.status).toBe(403);
        expect(res.text).not.toContain(w.emu.organizationApiKey);
        expect(JSON.parse(res.text).errors[0]).toMatch(/loopback Host/);
      }
    });

    test("loopback clients that send loopback Host, loopback Origin and JSON still work", async () => {
      for (const host of [
        `localhost:${port()}`,
        `127.0.0.1:${port()}`,
        `[::1]:${port()}`,
        "localhost",
        "LOCALHOST",
      ]) {
        const res = await raw(w.emu.url, { path: "/__emulator/state", headers: { Host: host } });
        expect(res.status).toBe(200);
        expect(JSON.parse(res.text).organizations[0].api_key).toBe(w.emu.organizationApiKey);
      }
      const { appId } = await w.http.appWithKey();
      const fromLocalPage = await raw(w.emu.url, {
        method: "PATCH",
        path: `/__emulator/state/apps/${appId}`,
        headers: {
          Origin: `http://localhost:3000`,
          Host: `127.0.0.1:${port()}`,
          "Content-Type": "application/json; charset=utf-8",
        },
        body: JSON.stringify({ name: "Renamed" }),
      });
      expect(fromLocalPage.status).toBe(200);
      expect(w.emu.state.get("apps", appId)?.name).toBe("Renamed");
      const reset = await raw(w.emu.url, {
        method: "POST",
        path: "/__emulator/reset",
        headers: { "Content-Type": "application/json" },
      });
      expect(reset.status).toBe(200);
      expect(w.emu.state.list("apps")).toHaveLength(0);
    });

    test("the address the emulator was bound to is a valid Host too", async () => {
      const v6 = await startEmulator({ host: "::1" }).catch(() => undefined);
      if (v6 === undefined) {
        // No IPv6 loopback on this machine: the bound IPv4 address is checked instead.
        const res = await raw(w.emu.url, {
          path: "/__emulator/health",
          headers: { Host: new URL(w.emu.url).host },
        });
        expect(res.status).toBe(200);
        return;
      }
      try {
        const res = await raw(v6.url, {
          path: "/__emulator/health",
          headers: { Host: new URL(v6.url).host },
        });
        expect(res.status).toBe(200);
        const foreign = await raw(v6.url, { path: "/__emulator/health", headers: { Host: "[::2]" } });
        expect(foreign.status).toBe(403);
      } finally {
        await v6.close();
      }
    });

    test("the programmatic API is unaffected, and OneSignal routes keep accepting what OneSignal accepts", async () => {
      const app = w.emu.state.createApp({ name: "Direct" });
      expect(w.emu.state.issueApiKey(app.id).token).toMatch(/\S/);
      w.emu.state.patch("apps", app.id, { name: "Patched" });
      expect(w.emu.state.get("apps", app.id)?.name).toBe("Patched");
      w.emu.faults.clear();
      // view-apps from a browser-looking request (foreign Origin and Host): OneSignal routes check the key only.
      const res = await raw(w.emu.url, {
        path: "/apps",
        headers: {
          Authorization: `Key ${w.emu.organizationApiKey}`,
          Origin: "https://dashboard.example",
          Host: "api.onesignal.com",
        },
      });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual(expect.arrayContaining([expect.objectContaining({ id: app.id })]));
      w.emu.reset();
      expect(w.emu.state.list("apps")).toHaveLength(0);
    });
  });
});
