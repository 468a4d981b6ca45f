import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { client } from "./helpers";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-data-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("--data persistence", () => {
  test("state, organization and app keys survive a restart", async () => {
    const file = path.join(dir, "state.json");
    const a = await startEmulator({ dataFile: file });
    const ca = client(a);
    const { appId, key } = await ca.appWithKey("persisted");
    await ca.call({
      method: "POST",
      path: `/apps/${appId}/segments`,
      key,
      body: { name: "kept", filters: [{ field: "tag", key: "x", relation: "exists" }] },
    });
    await ca.call({
      method: "POST",
      path: "/templates",
      key,
      body: { app_id: appId, name: "tpl", contents: { en: "hi" } },
    });
    await a.close();

    const text = fs.readFileSync(file, "utf8");
    expect(JSON.parse(text).version).toBe(1);
    // Only the hash of an app key secret is written (OneSignal's docs (create_api_key): the secret is
    // shown once and OneSignal does not store it).
    expect(text).not.toContain(key);

    const b = await startEmulator({ dataFile: file });
    try {
      expect(b.organizationId).toBe(a.organizationId);
      expect(b.organizationApiKey).toBe(a.organizationApiKey);
      const cb = client(b);
      expect((await cb.call({ path: `/apps/${appId}`, key: b.organizationApiKey })).body.name).toBe(
        "persisted",
      );
      const segs = await cb.call({ path: `/apps/${appId}/segments`, key });
      expect(segs.status).toBe(200);
      expect(segs.body.segments.map((s: { name: string }) => s.name)).toEqual(["Subscribed Users", "kept"]);
      expect((await cb.call({ path: `/templates?app_id=${appId}`, key })).body.total_count).toBe(1);
    } finally {
      await b.close();
    }
  });

  test("writes are atomic: no temp files left; a stale temp file from a killed writer is ignored", async () => {
    const file = path.join(dir, "state.json");
    const a = await startEmulator({ dataFile: file });
    await client(a).appWithKey();
    await a.close();
    expect(fs.readdirSync(dir)).toEqual(["state.json"]);
    fs.writeFileSync(path.join(dir, ".state.json.99999.tmp"), '{"version":1,"data":{"apps":[{"trunc');
    const b = await startEmulator({ dataFile: file });
    try {
      expect(b.state.list("apps")).toHaveLength(1);
      expect(fs.readdirSync(dir)).toEqual(["state.json"]);
    } finally {
      await b.close();
    }
  });

  test("a corrupt data file stops start-up with a clear error instead of wiping state", async () => {
    const file = path.join(dir, "state.json");
    fs.writeFileSync(file, "{ not json");
    await expect(startEmulator({ dataFile: file })).rejects.toThrow(/not valid JSON/);
    expect(fs.readFileSync(file, "utf8")).toBe("{ not json");
    fs.writeFileSync(file, JSON.stringify({ version: 99, data: {} }));
    await expect(startEmulator({ dataFile: file })).rejects.toThrow(/version 99/);
  });

  test("explicit organization options win over the file's organization", async () => {
    const file = path.join(dir, "state.json");
    const a = await startEmulator({ dataFile: file });
    await a.close();
    const b = await startEmulator({ dataFile: file, organizationApiKey: "os_v2_org_custom" });
    try {
      expect(b.organizationId).toBe(a.organizationId);
      expect(b.organizationApiKey).toBe("os_v2_org_custom");
      expect((await client(b).call({ path: "/apps", key: a.organizationApiKey })).status).toBe(403);
    } finally {
      await b.close();
    }
  });
});
