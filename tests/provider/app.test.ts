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
    expect(r.inputs).toMatchObject({ name: "Acme", apnsP8: "LS0tcDg=" });
    // A read right after create shows no drift.
    expect((await w.h.app.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);

    const news = { ...inputs, name: "Acme 2", apnsEnv: "sandbox" };
    const d = await w.h.app.diff(c.id, { ...c.outs, ...P }, news);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const u = await w.h.app.update(c.id, { ...c.outs, ...P }, news);
    expect(u.outs).toMatchObject({ name: "Acme 2", apnsEnv: "sandbox" });
    expect(w.emu.state.get("apps", c.id)).toMatchObject({ name: "Acme 2", apns_env: "sandbox" });
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

  it("delete leaves the app and warns", async () => {
    const c = await w.h.app.create({ ...P, name: "Keep me" });
    await w.h.app.delete(c.id, { ...c.outs, ...P });
    expect(w.emu.state.get("apps", c.id)).toBeDefined();
    expect(w.h.ctx.warnings.join("\n")).toMatch(/no API to delete apps/);
  });

  it("read of an unknown app reports it gone", async () => {
    expect(await w.h.app.read("00000000-0000-4000-8000-000000000000", { ...P, name: "x" })).toEqual({});
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
