/**
 * Adopting an object that already holds every declared value sends no write (no update-an-app,
 * update-api-key, update-segment or update-template): it keeps its updated_at, which
 * `pulumi-onesignal import` relies on to adopt an organization without changing it. One that
 * differs is still brought to the declared values.
 */
import { useWorld } from "../helpers/world";
import { PROVIDER } from "./helpers";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Adopted", key: "k" } });

const P = {
  __provider: PROVIDER,
  __owner: "organization/urn:pulumi:test::provider-tests::pulumi-nodejs:dynamic/onesignal:Template::r",
};

/** The requests since the last reset other than reads, as "METHOD route". */
function writes(): string[] {
  return Object.entries(w.emu.counters().routes)
    .filter(([route, c]) => !route.startsWith("GET ") && c.count > 0)
    .map(([route]) => route);
}

/** A request to the emulator as a OneSignal user would send it with `key` (an org or app key). */
async function call(
  key: string,
  method: string,
  path: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const r = await fetch(`${w.emu.url}${path}`, {
    method,
    headers: { Authorization: `Key ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await r.json()) as Record<string, unknown>;
}

describe("adoption of an object that already holds the declared values", () => {
  it("template: no update-template; a different one is updated", async () => {
    const t = await call(w.key, "POST", "/templates", {
      app_id: w.appId,
      name: "Welcome",
      contents: { en: "Hi", es: "Hola" },
      headings: { en: "Hello" },
      url: "https://acme.example/welcome",
    });
    const before = w.emu.state.get("templates", String(t.id));
    w.emu.state.advanceClock(5000);
    w.emu.resetCounters();
    const inputs = {
      ...P,
      appId: w.appId,
      apiKey: w.key,
      adoptExistingId: String(t.id),
      name: "Welcome",
      contents: { es: "Hola", en: "Hi" },
      headings: { en: "Hello" },
      url: "https://acme.example/welcome",
    };
    const c = await w.h.template.create(inputs);
    expect(c.id).toBe(t.id);
    expect(writes()).toEqual([]);
    expect(w.emu.state.get("templates", String(t.id))).toEqual(before);
    expect(c.outs).toMatchObject({ name: "Welcome", channel: "push", url: "https://acme.example/welcome" });
    expect((await w.h.template.diff(c.id, { ...c.outs, ...P }, inputs)).changes).toBe(false);

    // A declared member the template lacks is written.
    w.emu.resetCounters();
    await w.h.template.create({ ...inputs, subtitle: { en: "New" } });
    expect(writes()).toEqual(["PATCH /templates/{template_id}"]);
  });

  it("segment: no update-segment; a different description is written", async () => {
    const filters = [
      { field: "tag", key: "tier", relation: "=", value: "vip" },
      { operator: "OR" },
      { field: "session_count", relation: ">", value: "3" },
    ];
    const seg = await call(w.key, "POST", `/apps/${w.appId}/segments`, { name: "VIP", filters });
    const before = w.emu.state.get("segments", String(seg.id));
    w.emu.resetCounters();
    const inputs = {
      ...P,
      appId: w.appId,
      apiKey: w.key,
      adoptExistingId: String(seg.id),
      name: "VIP",
      filters,
    };
    const c = await w.h.segment.create(inputs);
    expect(c.id).toBe(seg.id);
    expect(writes()).toEqual([]);
    expect(w.emu.state.get("segments", String(seg.id))).toEqual(before);
    expect((await w.h.segment.diff(c.id, { ...c.outs, ...P }, inputs)).changes).toBe(false);

    w.emu.resetCounters();
    await w.h.segment.create({ ...inputs, description: "now managed" });
    expect(writes()).toEqual(["PATCH /apps/{app_id}/segments/{segment_id}"]);
  });

  it("API key: no update-api-key; a different allowlist is written", async () => {
    const existing = w.emu.state.issueApiKey(w.appId, { name: "dashboard" });
    const before = w.emu.state
      .list("apiKeys", { appId: w.appId })
      .find((k) => k.token_id === existing.tokenId);
    w.emu.state.advanceClock(5000);
    w.emu.resetCounters();
    const inputs = { ...P, appId: w.appId, name: "dashboard", tokenId: existing.tokenId };
    const c = await w.h.apiKey.create(inputs);
    expect(c.id).toBe(existing.tokenId);
    expect(writes()).toEqual([]);
    expect(
      w.emu.state.list("apiKeys", { appId: w.appId }).find((k) => k.token_id === existing.tokenId),
    ).toEqual(before);

    w.emu.resetCounters();
    await w.h.apiKey.create({ ...inputs, ipAllowlistMode: "explicit", ipAllowlist: ["10.0.0.0/8"] });
    expect(writes()).toEqual(["PATCH /apps/{app_id}/auth/tokens/{token_id}"]);
  });

  it("app: no update-an-app; a declared credential (never shown) is always written", async () => {
    const app = await call(w.emu.organizationApiKey, "POST", "/apps", {
      name: "Dashboard app",
      organization_id: w.emu.organizationId,
      apns_env: "production",
      apns_key_id: "K1",
      apns_team_id: "T1",
      apns_bundle_id: "com.acme",
      apns_p8: "LS0tcDg=",
    });
    const before = w.emu.state.get("apps", String(app.id));
    w.emu.state.advanceClock(5000);
    w.emu.resetCounters();
    const inputs = {
      ...P,
      adoptExistingId: String(app.id),
      name: "Dashboard app",
      apnsEnv: "production",
    };
    const c = await w.h.app.create(inputs);
    expect(c.id).toBe(app.id);
    expect(writes()).toEqual([]);
    expect(w.emu.state.get("apps", String(app.id))).toEqual(before);

    w.emu.resetCounters();
    const p8 = { apnsKeyId: "K1", apnsTeamId: "T1", apnsBundleId: "com.acme", apnsP8: "LS0tcDg=" };
    await w.h.app.create({ ...inputs, ...p8 });
    expect(writes()).toEqual(["PUT /apps/{app_id}"]);
    w.emu.resetCounters();
    await w.h.app.create({ ...inputs, apnsEnv: "sandbox" });
    expect(writes()).toEqual(["PUT /apps/{app_id}"]);
  });
});
