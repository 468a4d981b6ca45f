/**
 * App handlers against the emulator: create/read/update/delete, drift, out-of-band deletion,
 * adoption, lost create responses (ownership across stacks: ownership.test.ts).
 */
import { useWorld } from "../helpers/world";
import { PROVIDER } from "./helpers";

const w = useWorld({ fresh: "each", app: false });

const P = {
  __provider: PROVIDER,
  __owner: "organization/urn:pulumi:test::provider-tests::pulumi-nodejs:dynamic/onesignal:App::r",
};

describe("App", () => {
  it("creates, reads, updates and keeps write-only credentials", async () => {
    const inputs = {
      ...P,
      name: "Acme",
      apnsEnv: "production",
      apnsKeyId: "K1",
      apnsTeamId: "T1",
      apnsBundleId: "com.acme",
      apnsP8: "LS0tcDg=",
    };
    const c = await w.h.app.create(inputs);
    expect(c.id).toBeTruthy();
    expect(c.outs).toMatchObject({
      name: "Acme",
      organizationId: w.emu.organizationId,
      apnsEnv: "production",
      apnsP8: "LS0tcDg=",
    });
    expect(c.outs.createdAt).toEqual(expect.stringMatching(/^\d{4}-/));
    expect(JSON.stringify(c.outs)).not.toContain(w.emu.organizationApiKey);
    expect(Object.values(c.outs)).not.toContain(undefined);

    const r = await w.h.app.read(c.id, { ...c.outs, ...P });
    expect(r.id).toBe(c.id);
    expect(r.props).toMatchObject({ name: "Acme", apnsP8: "LS0tcDg=" });
    // Nothing changed: no inputs, so the engine keeps the stored ones (and writes no checkpoint for it).
    expect(r.inputs).toBeUndefined();
    // A read right after create shows no drift.
    expect((await w.h.app.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);

    const news = { ...inputs, name: "Acme 2", apnsEnv: "sandbox" };
    const d = await w.h.app.diff(c.id, { ...c.outs, ...P }, news);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const u = await w.h.app.update(c.id, { ...c.outs, ...P }, news);
    // sandbox is sent as the docs' development, and the program's spelling stays in the outputs.
    expect(u.outs).toMatchObject({ name: "Acme 2", apnsEnv: "sandbox" });
    expect(w.emu.state.get("apps", c.id)).toMatchObject({ name: "Acme 2", apns_env: "development" });
    const again = await w.h.app.read(c.id, { ...u.outs, ...P });
    expect(again.props?.apnsEnv).toBe("sandbox");
    expect((await w.h.app.diff(c.id, { ...again.props, ...P }, news)).changes).toBe(false);
    expect(
      (await w.h.app.diff(c.id, { ...again.props, ...P }, { ...news, apnsEnv: "development" })).changes,
    ).toBe(false);
  });

  it("a get read (no last state) yields every setting OneSignal shows; a managed read adds none and shows no diff", async () => {
    const settings = {
      apnsEnv: "production",
      apnsKeyId: "K1",
      apnsTeamId: "T1",
      apnsBundleId: "com.acme",
      apnsP8: "LS0tcDg=",
      chromeWebOrigin: "https://acme.example",
      safariSiteOrigin: "https://acme.example",
      siteName: "Acme",
    };
    const c = await w.h.app.create({ ...P, name: "Configured", ...settings });
    // What App.get sends: the constructor's inputs, the resource name as `name` and nothing else.
    const got = await w.h.app.read(c.id, { ...P, name: "looked-up" });
    const { apnsP8: _credential, ...shown } = settings;
    void _credential;
    expect(got.props).toMatchObject({ name: "Configured", organizationId: w.emu.organizationId, ...shown });
    expect(got.props).not.toHaveProperty("apnsP8");
    // A managed app that leaves the web settings alone keeps them out of its state.
    const m = await w.h.app.create({ ...P, name: "Managed", apnsEnv: "production" });
    w.emu.state.patch("apps", m.id, { site_name: "Set in the dashboard" });
    const r = await w.h.app.read(m.id, { ...m.outs, ...P });
    expect(r.props).not.toHaveProperty("siteName");
    expect(
      (await w.h.app.diff(m.id, { ...r.props, ...P }, { ...P, name: "Managed", apnsEnv: "production" }))
        .changes,
    ).toBe(false);
  });

  it("outputs view-an-app's read-only members and whether credentials are set, never an echoed credential", async () => {
    const fcm = JSON.stringify({ type: "service_account", project_number: "123456789012" });
    const c = await w.h.app.create({
      ...P,
      name: "Everything",
      apnsKeyId: "K1",
      apnsTeamId: "T1",
      apnsBundleId: "com.acme",
      apnsP8: "LS0tcDg=",
      fcmV1ServiceAccountJson: fcm,
      chromeWebOrigin: "https://acme.example",
      safariSiteOrigin: "https://acme.example",
      siteName: "Acme",
    });
    // The raw JSON went out as its Base64, and the web push set with an empty Safari certificate.
    expect(w.emu.state.get("apps", c.id)).toMatchObject({
      fcm_v1_service_account_json: Buffer.from(fcm).toString("base64"),
      site_name: "Acme",
      safari_apns_p12: "",
    });
    const r = await w.h.app.read(c.id, { ...c.outs, ...P });
    for (const outs of [c.outs, r.props ?? {}]) {
      expect(outs).toMatchObject({
        fcmSenderId: "123456789012",
        chromeWebKey: expect.stringMatching(/^[A-Za-z0-9_-]{80,}$/),
        safariPushId: expect.stringMatching(/^web\.onesignal\.auto\./),
        channels: { push: { enabled: true, platforms: ["ios", "android", "web", "safari"] } },
        conversionAttributionWindowPush: 1440,
        conversionAttributionWindowIam: 1440,
        conversionAttributionWindowEmail: 1440,
        conversionAttributionWindowSms: 1440,
        apnsConfigured: true,
        fcmConfigured: true,
        safariConfigured: true,
      });
      // The inputs, as given; never OneSignal's echo of them.
      expect(outs.fcmV1ServiceAccountJson).toBe(fcm);
      expect(outs).not.toHaveProperty("safariApnsCertificate");
    }
    // Credentials removed in the dashboard show without any secret.
    w.emu.state.patch("apps", c.id, { apns_key_id: null, fcm_v1_service_account_json: null });
    const drift = await w.h.app.read(c.id, { ...r.props, ...P });
    expect(drift.props).toMatchObject({
      apnsConfigured: false,
      fcmConfigured: false,
      safariConfigured: true,
    });

    // An app whose credentials were set outside the program: OneSignal echoes them, state never holds them.
    const other = w.emu.state.createApp({ name: "Echoes", organizationId: w.emu.organizationId });
    w.emu.state.patch("apps", other.id, { apns_p8: "ECHOED-P8", fcm_v1_service_account_json: "RUNIT0VE" });
    const adopted = await w.h.app.create({ ...P, name: "Echoes", adoptExistingId: other.id });
    const read = await w.h.app.read(other.id, { ...adopted.outs, ...P });
    for (const outs of [adopted.outs, read.props, read.inputs ?? {}])
      expect(JSON.stringify(outs)).not.toMatch(/ECHOED-P8|RUNIT0VE/);
    expect(read.props).toMatchObject({ fcmConfigured: true });
  });

  it("sends organization_id on every update, the app's own when neither program nor provider names one", async () => {
    const h = w.handlers({ organizationId: undefined });
    const existing = w.emu.state.createApp({ name: "No org setting", organizationId: w.emu.organizationId });
    const api = h.ctx.api();
    const sent: unknown[] = [];
    const update = api.apps.update.bind(api.apps);
    api.apps.update = async (id, input) => {
      sent.push(input.organizationId);
      return update(id, input);
    };
    const c = await h.app.create({ ...P, name: "Adopted", adoptExistingId: existing.id });
    await h.app.update(c.id, { ...c.outs, ...P }, { ...P, name: "Renamed" });
    await h.app.update(
      c.id,
      { ...c.outs, ...P },
      { ...P, name: "Renamed", organizationId: w.emu.organizationId },
    );
    expect(sent).toEqual([w.emu.organizationId, w.emu.organizationId, w.emu.organizationId]);
  });

  it("an organizationId change is refused with a clear error before any request (the API cannot move apps)", async () => {
    const c = await w.h.app.create({ ...P, name: "Stay" });
    const other = w.emu.state.createOrganization();
    w.emu.resetCounters();
    await expect(
      w.h.app.update(c.id, { ...c.outs, ...P }, { ...P, name: "Stay", organizationId: other.id }),
    ).rejects.toThrow(
      /organizationId cannot change from .* through OneSignal's API\. Move the app in the OneSignal dashboard/,
    );
    expect(w.emu.counters().total).toBe(0);
    expect(w.emu.state.get("apps", c.id)?.organization_id).toBe(w.emu.organizationId);
  });

  it("in an organization over view-apps' limit, a create goes ahead with one warning that says why", async () => {
    w.emu.state.setSettings({ appListLimit: 1 });
    for (const name of ["Existing 1", "Existing 2"])
      w.emu.state.createApp({ name, organizationId: w.emu.organizationId });
    const c = await w.h.app.create({ ...P, name: "Big org" });
    expect(w.emu.state.get("apps", c.id)?.name).toBe("Big org");
    expect(w.h.ctx.warnings).toHaveLength(1);
    expect(w.h.ctx.warnings[0]).toMatch(/OneSignal switches it off above 1000 apps/);
    expect(w.h.ctx.warnings[0]).toMatch(/disabled for organizations with over 1000 apps/);
  });

  it("a lost create answer when view-apps is off stops with the provisional name and adoptExistingId, never creating twice", async () => {
    w.emu.state.setSettings({ appListLimit: 0 });
    w.emu.faults.add({ kind: "drop-response", method: "POST", route: "app", count: 1 });
    const err = await w.h.app.create({ ...P, name: "Lost in a big org" }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/create of "Lost in a big org" stopped: the answer to the create was lost/);
    expect(err?.message).toMatch(
      /Look in the OneSignal dashboard for "Lost in a big org \[pulumi:[0-9a-f]{16}\]"/,
    );
    expect(err?.message).toMatch(/set adoptExistingId to its id/);
    const apps = w.emu.state.list("apps");
    expect(apps).toHaveLength(1);
    expect(apps[0].name).toMatch(/^Lost in a big org \[pulumi:[0-9a-f]{16}\]$/);
    // Adopting it by id, as the error says, finishes the job.
    const adopted = await w.h.app.create({ ...P, name: "Lost in a big org", adoptExistingId: apps[0].id });
    expect(adopted.id).toBe(apps[0].id);
    expect(w.emu.state.get("apps", apps[0].id)?.name).toBe("Lost in a big org");
  });

  it("detects drift, and the next update restores", async () => {
    const inputs = { ...P, name: "Drifty" };
    const c = await w.h.app.create(inputs);
    w.emu.state.patch("apps", c.id, { name: "Renamed in dashboard" });
    const r = await w.h.app.read(c.id, { ...c.outs, ...P });
    expect(r.props?.name).toBe("Renamed in dashboard");
    const d = await w.h.app.diff(c.id, { ...r.props, ...P }, inputs);
    expect(d.changes).toBe(true);
    await w.h.app.update(c.id, { ...r.props, ...P }, inputs);
    expect(w.emu.state.get("apps", c.id)?.name).toBe("Drifty");
  });

  it("a refresh's inputs and the checked inputs leave out the organization the provider setting implies (no cosmetic diff)", async () => {
    const c = await w.h.app.create({ ...P, name: "Implied org" });
    expect(c.outs.organizationId).toBe(w.emu.organizationId);
    w.emu.state.patch("apps", c.id, { name: "Renamed in dashboard" });
    const r = await w.h.app.read(c.id, { ...c.outs, ...P });
    // The engine previews the diff of these inputs against the checked ones: both without it.
    expect(r.inputs).toMatchObject({ name: "Renamed in dashboard" });
    expect(r.inputs).not.toHaveProperty("organizationId");
    expect(r.props?.organizationId).toBe(w.emu.organizationId);
    const spelled = await w.h.app.check(
      {},
      { ...P, name: "Implied org", organizationId: w.emu.organizationId },
    );
    expect(spelled.failures).toEqual([]);
    expect(spelled.inputs).not.toHaveProperty("organizationId");
    // Another organization than the setting's is what the program says, and stays.
    const other = "0b6b5c1e-0000-4000-8000-000000000001";
    expect((await w.h.app.check({}, { ...P, name: "x", organizationId: other })).inputs.organizationId).toBe(
      other,
    );
    const rOther = await w.handlers({ organizationId: other }).app.read(c.id, { ...c.outs, ...P });
    expect(rOther.inputs?.organizationId).toBe(w.emu.organizationId);
  });

  it("delete leaves the app and warns", async () => {
    const c = await w.h.app.create({ ...P, name: "Keep me" });
    await w.h.app.delete(c.id, { ...c.outs, ...P });
    expect(w.emu.state.get("apps", c.id)).toBeDefined();
    expect(w.h.ctx.warnings.join("\n")).toMatch(/no API to delete apps/);
  });

  it("read of an unknown app reports it gone", async () => {
    expect(await w.h.app.read("00000000-0000-4000-8000-000000000000", { ...P, name: "x" })).toEqual({});
  });

  it("an app moved to another organization says so on read and update, naming the way out", async () => {
    const c = await w.h.app.create({ ...P, name: "Moving" });
    w.emu.state.patch("apps", c.id, { organization_id: "22222222-2222-4222-8222-222222222222" });
    const moved = new RegExp(
      `app ${c.id} is not in the organization of the configured organization key \\(${w.emu.organizationId}\\).*` +
        "moved to another organization.*pulumi refresh --run-program.*pulumi state delete",
    );
    await expect(w.h.app.read(c.id, { ...c.outs, ...P })).rejects.toThrow(moved);
    await expect(w.h.app.update(c.id, { ...c.outs, ...P }, { ...P, name: "Moved" })).rejects.toThrow(moved);
  });

  it("adopts an existing app by adoptExistingId and applies the declared settings", async () => {
    const existing = w.emu.state.createApp({ name: "Legacy", organizationId: w.emu.organizationId });
    const c = await w.h.app.create({
      ...P,
      name: "Legacy (managed)",
      adoptExistingId: existing.id,
      chromeWebOrigin: "https://legacy.example",
      safariSiteOrigin: "https://legacy.example",
      siteName: "Legacy",
    });
    expect(c.id).toBe(existing.id);
    expect(w.emu.state.list("apps")).toHaveLength(1);
    expect(w.emu.state.get("apps", existing.id)).toMatchObject({
      name: "Legacy (managed)",
      chrome_web_origin: "https://legacy.example",
    });
  });

  it("adoption of a missing id fails naming the kind and operation", async () => {
    await expect(
      w.h.app.create({ ...P, name: "x", adoptExistingId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toThrow(/OneSignal App create failed: .*404/);
  });

  it("a lost create response ends with the one app it created, under its real name", async () => {
    w.emu.faults.add({ kind: "drop-response", method: "POST", route: "app", count: 1 });
    const c = await w.h.app.create({ ...P, name: "Lost response" });
    expect(w.emu.state.list("apps").map((a) => [a.id, a.name])).toEqual([[c.id, "Lost response"]]);
  });

  it("the pre-create look-up lists the apps once per process, not once per create", async () => {
    w.emu.resetCounters();
    for (const name of ["A", "B", "C"]) await w.h.app.create({ ...P, name });
    const lists = Object.entries(w.emu.counters().routes)
      .filter(([route]) => /^GET \/apps$/.test(route))
      .reduce((n, [, c]) => n + c.count, 0);
    expect(lists).toBe(1);
  });
});
