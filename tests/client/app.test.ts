/** Apps against the emulator. */
import {
  isNotFound,
  isOneSignalApiError,
  isOneSignalValidationError,
  OneSignalClient,
} from "../../provider/client";
import { rejection, useWorld } from "../helpers/world";

const w = useWorld();

describe("apps", () => {
  it("create → get → list → update (partial merge)", async () => {
    const created = await w.client.apps.create({
      name: "Web app",
      organizationId: w.emu.organizationId,
      chromeWebOrigin: "https://example.com",
      safariSiteOrigin: "https://example.com",
      siteName: "Example",
      apnsEnv: "sandbox",
    });
    expect(created).toMatchObject({ name: "Web app", chromeWebOrigin: "https://example.com" });
    expect(typeof created.id).toBe("string");
    const got = await w.client.apps.get(created.id);
    expect(got.id).toBe(created.id);
    expect(got.name).toBe("Web app");
    const all = await w.client.apps.list();
    expect(all.map((a) => a.id)).toEqual(expect.arrayContaining([created.id, w.appId]));
    const updated = await w.client.apps.update(created.id, { name: "Renamed" });
    expect(updated.name).toBe("Renamed");
    expect((await w.client.apps.get(created.id)).chromeWebOrigin).toBe("https://example.com");
  });

  it("write-only inputs are accepted and never echoed", async () => {
    const a = await w.client.apps.create({
      name: "iOS",
      organizationId: w.emu.organizationId,
      apnsP12: "cDEy",
      apnsP12Password: "pw-123456",
      fcmV1ServiceAccountJson: '{"type":"service_account"}',
    });
    expect(a).not.toHaveProperty("apnsP12");
    expect(a).not.toHaveProperty("fcmV1ServiceAccountJson");
  });

  it("view-an-app takes the app's own API key too (the docs' key for it)", async () => {
    const withAppKey = w.clientWith({ organizationApiKey: w.key });
    const got = await withAppKey.apps.get(w.appId);
    expect(got.id).toBe(w.appId);
    expect(got.channels?.push).toEqual({ enabled: false, platforms: [] });
  });

  it("unknown app → not found", async () => {
    const e = await rejection(w.client.apps.get("00000000-0000-4000-8000-000000000000"));
    expect(isNotFound(e)).toBe(true);
    expect(e.message).toMatch(/^OneSignal GET \/apps\/00000000-0000-4000-8000-000000000000 failed: 404/);
  });

  it("a wrong organization key → 403 with OneSignal's message", async () => {
    const e = await rejection(
      w.clientWith({ organizationApiKey: "os_v2_org_wrongwrongwrongwrong" }).apps.list(),
    );
    expect(isOneSignalApiError(e) && e.status).toBe(403);
    expect(e.messages[0]).toMatch(/^Access denied\./);
  });

  it("without an organization key: a clear error naming organizationApiKey, no request", async () => {
    const before = w.emu.counters().total;
    const c = new OneSignalClient({ apiUrl: w.emu.url });
    for (const call of [
      () => c.apps.list(),
      () => c.apiKeys.list(w.appId),
      () => c.templates.copy(w.appId, "t", "u"),
    ]) {
      const e = await rejection(call());
      expect(isOneSignalValidationError(e)).toBe(true);
      expect(e.message).toMatch(/organizationApiKey/);
      expect(e.message).toMatch(/onesignal:organizationApiKey/);
      expect(e.message).toMatch(/ONESIGNAL_ORGANIZATION_API_KEY/);
    }
    expect(w.emu.counters().total).toBe(before);
  });

  it("invalid input is rejected before any request", async () => {
    const before = w.emu.counters().total;
    const e = await rejection(w.client.apps.create({ name: "", organizationId: "x" } as never));
    expect(isOneSignalValidationError(e)).toBe(true);
    expect(e.issues.map((i: { path: string }) => i.path).sort()).toEqual(["name", "organizationId"]);
    expect(w.emu.counters().total).toBe(before);
  });
});
