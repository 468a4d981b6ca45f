/**
 * ApiKey handlers against the emulator: the token is returned once and survives refresh,
 * rotation replaces it, adoption by tokenId, lost create responses, out-of-band deletion.
 */
import { useWorld } from "../helpers/world";
import { PROVIDER } from "./helpers";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Keys", key: false } });

const P = {
  __provider: PROVIDER,
  __owner: "organization/urn:pulumi:test::provider-tests::pulumi-nodejs:dynamic/onesignal:ApiKey::r",
};

/** Whether OneSignal accepts `token` as the app key. */
async function works(token: unknown): Promise<boolean> {
  const res = await fetch(`${w.emu.url}/apps/${w.appId}/segments`, {
    headers: { Authorization: `Key ${String(token)}` },
  });
  return res.ok;
}

describe("ApiKey", () => {
  it("creates a key whose token works, and keeps the token across refresh", async () => {
    const inputs = { ...P, appId: w.appId, name: "ci", ipAllowlistMode: "disabled" };
    const c = await w.h.apiKey.create(inputs);
    expect(c.outs).toMatchObject({
      tokenId: c.id,
      appId: w.appId,
      name: "ci",
      ipAllowlistMode: "disabled",
      ipAllowlist: [],
    });
    expect(typeof c.outs.token).toBe("string");
    expect(await works(c.outs.token)).toBe(true);

    const r = await w.h.apiKey.read(c.id, { ...c.outs, ...P });
    expect(r.props?.token).toBe(c.outs.token);
    // Nothing changed: no inputs, so the engine keeps the stored ones.
    expect(r.inputs).toBeUndefined();
    expect((await w.h.apiKey.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);
  });

  it("updates the allowlist in place without changing the secret", async () => {
    const c = await w.h.apiKey.create({ ...P, appId: w.appId, name: "ci" });
    const news = {
      ...P,
      appId: w.appId,
      name: "ci-2",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24"],
    };
    const u = await w.h.apiKey.update(c.id, { ...c.outs, ...P }, news);
    expect(u.outs).toMatchObject({
      name: "ci-2",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24"],
      token: c.outs.token,
    });
    expect(w.emu.state.get("apiKeys", c.id)).toMatchObject({ name: "ci-2", ip_allowlist_mode: "explicit" });
  });

  it("rotationTrigger rotates: new token works, old one does not", async () => {
    const c = await w.h.apiKey.create({ ...P, appId: w.appId, name: "ci", rotationTrigger: "2026-10" });
    const news = { ...P, appId: w.appId, name: "ci", rotationTrigger: "2026-11" };
    const d = await w.h.apiKey.diff(c.id, { ...c.outs, ...P }, news);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const u = await w.h.apiKey.update(c.id, { ...c.outs, ...P }, news);
    expect(u.outs.token).not.toBe(c.outs.token);
    expect(u.outs.rotationTrigger).toBe("2026-11");
    expect(await works(u.outs.token)).toBe(true);
    expect(await works(c.outs.token)).toBe(false);
  });

  it("detects out-of-band changes and deletion", async () => {
    const inputs = { ...P, appId: w.appId, name: "ci" };
    const c = await w.h.apiKey.create(inputs);
    w.emu.state.patch("apiKeys", c.id, { name: "renamed" });
    const r = await w.h.apiKey.read(c.id, { ...c.outs, ...P });
    expect(r.props?.name).toBe("renamed");
    expect((await w.h.apiKey.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(true);
    w.emu.state.delete("apiKeys", c.id);
    expect(await w.h.apiKey.read(c.id, { ...c.outs, ...P })).toEqual({});
  });

  it("a token rotated outside Pulumi is noticed at refresh, and the next update rotates it back into working order", async () => {
    const inputs = { ...P, appId: w.appId, name: "ci", rotationTrigger: "r1" };
    const c = await w.h.apiKey.create(inputs);
    const fresh = await w.h.apiKey.read(c.id, { ...c.outs, ...P });
    expect(fresh.props).not.toHaveProperty("tokenRefused");
    expect((await w.h.apiKey.diff(c.id, { ...fresh.props, ...P }, inputs)).changes).toBe(false);

    // The dashboard (or anyone with the org key) rotates it: the token in state is revoked.
    await w.client.apiKeys.rotate(w.appId, c.id);
    expect(await works(c.outs.token)).toBe(false);
    const r = await w.h.apiKey.read(c.id, { ...c.outs, ...P });
    expect(r.props).toMatchObject({ tokenRefused: true, token: c.outs.token });
    // tokenRefused is an output only: the inputs did not change, so none are given.
    expect(r.inputs).toBeUndefined();
    w.h.ctx.warnings.length = 0;
    expect(await w.h.apiKey.diff(c.id, { ...r.props, ...P }, inputs)).toMatchObject({
      changes: true,
      replaces: [],
    });
    expect(w.h.ctx.warnings.join("\n")).toMatch(
      /refused the token in state at the last refresh.*rotates the key/,
    );

    // Same rotationTrigger: the update rotates because the token was refused, and only then.
    const u = await w.h.apiKey.update(c.id, { ...r.props, ...P }, inputs);
    expect(u.outs.token).not.toBe(c.outs.token);
    expect(u.outs).not.toHaveProperty("tokenRefused");
    expect(await works(u.outs.token)).toBe(true);
    expect(w.emu.state.list("apiKeys", { appId: w.appId })).toHaveLength(1);
    const again = await w.h.apiKey.read(c.id, { ...u.outs, ...P });
    expect(again.props).not.toHaveProperty("tokenRefused");
    expect((await w.h.apiKey.diff(c.id, { ...again.props, ...P }, inputs)).changes).toBe(false);
  });

  it("a rotation whose answer was lost says how to recover; the refresh after it finds the revoked token", async () => {
    const inputs = { ...P, appId: w.appId, name: "ci", rotationTrigger: "r1" };
    const c = await w.h.apiKey.create(inputs);
    w.emu.faults.add({
      method: "POST",
      route: "/apps/{app_id}/auth/tokens/{token_id}/rotate",
      count: 1,
      kind: "drop-response",
    });
    await expect(
      w.h.apiKey.update(c.id, { ...c.outs, ...P }, { ...inputs, rotationTrigger: "r2" }),
    ).rejects.toThrow(
      /OneSignal ApiKey update \(rotate\) failed: .*may have taken effect.*run `pulumi up --refresh`, which finds that out and rotates again/,
    );
    const r = await w.h.apiKey.read(c.id, { ...c.outs, ...P });
    expect(r.props).toMatchObject({ tokenRefused: true, rotationTrigger: "r1" });
  });

  it("a refused token of a key with an explicit IP allowlist is said, not taken as revoked", async () => {
    // The allowlist leaves this machine (127.0.0.1) out: OneSignal refuses the current token too.
    const inputs = {
      ...P,
      appId: w.appId,
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24"],
    };
    const c = await w.h.apiKey.create(inputs);
    expect(await works(c.outs.token)).toBe(false);
    w.h.ctx.warnings.length = 0;
    const r = await w.h.apiKey.read(c.id, { ...c.outs, ...P });
    expect(r.props).not.toHaveProperty("tokenRefused");
    expect(w.h.ctx.warnings.join("\n")).toMatch(
      /refused its token from this machine; its IP allowlist \(explicit\)/,
    );
    expect((await w.h.apiKey.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);
  });

  it("a key with an explicit allowlist that this machine passes is healed when rotated outside Pulumi", async () => {
    const inputs = {
      ...P,
      appId: w.appId,
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["127.0.0.0/8"],
    };
    const c = await w.h.apiKey.create(inputs);
    expect(await works(c.outs.token)).toBe(true);
    expect((await w.h.apiKey.read(c.id, { ...c.outs, ...P })).props).not.toHaveProperty("tokenRefused");
    // A rotation a second later: OneSignal's updated_at moves, the allowlist does not.
    w.emu.state.advanceClock(1000);
    await w.client.apiKeys.rotate(w.appId, c.id);
    const r = await w.h.apiKey.read(c.id, { ...c.outs, ...P });
    expect(r.props).toMatchObject({ tokenRefused: true });
    // A second refresh (refresh, then up --refresh) no longer sees updated_at move: the flag stays.
    const again = await w.h.apiKey.read(c.id, { ...r.props, ...P });
    expect(again.props).toMatchObject({ tokenRefused: true });
    const u = await w.h.apiKey.update(c.id, { ...again.props, ...P }, inputs);
    expect(await works(u.outs.token)).toBe(true);
  });

  it("a key of an app moved to another organization says so, and a wrong organization key says that", async () => {
    const c = await w.h.apiKey.create({ ...P, appId: w.appId, name: "ci" });
    w.emu.state.patch("apps", w.appId, { organization_id: "11111111-1111-4111-8111-111111111111" });
    await expect(w.h.apiKey.read(c.id, { ...c.outs, ...P })).rejects.toThrow(
      new RegExp(
        `OneSignal ApiKey read failed: app ${w.appId} is not in the organization of the configured organization key.*moved to another organization.*--run-program`,
      ),
    );
    const wrong = w.handlers({ organizationApiKey: "os_v2_org_wrongwrongwrongwrongwrong" });
    await expect(wrong.apiKey.read(c.id, { ...c.outs, ...P })).rejects.toThrow(
      /OneSignal ApiKey read failed: OneSignal refused the organization API key .*must be an organization key.*--run-program/,
    );
  });

  it("delete removes the key and tolerates one already gone", async () => {
    const c = await w.h.apiKey.create({ ...P, appId: w.appId, name: "ci" });
    await w.h.apiKey.delete(c.id, { ...c.outs, ...P });
    expect(w.emu.state.get("apiKeys", c.id)).toBeUndefined();
    await expect(w.h.apiKey.delete(c.id, { ...c.outs, ...P })).resolves.toBeUndefined();
  });

  it("adopts an existing key by tokenId without a token, until rotated", async () => {
    const existing = w.emu.state.issueApiKey(w.appId, { name: "dashboard" });
    const c = await w.h.apiKey.create({
      ...P,
      appId: w.appId,
      name: "dashboard-managed",
      tokenId: existing.tokenId,
    });
    expect(c.id).toBe(existing.tokenId);
    expect(c.outs).not.toHaveProperty("token");
    expect(await works(existing.token)).toBe(true); // adoption does not rotate
    expect(w.emu.state.list("apiKeys", { appId: w.appId })).toHaveLength(1);
    const u = await w.h.apiKey.update(
      c.id,
      { ...c.outs, ...P },
      { ...P, appId: w.appId, name: "dashboard-managed", rotationTrigger: "now" },
    );
    expect(await works(u.outs.token)).toBe(true);
    expect(await works(existing.token)).toBe(false);
  });

  it("a lost create response adopts the key and rotates it to obtain a token", async () => {
    w.emu.faults.add({ kind: "drop-response", method: "POST", route: "apiKey", count: 1 });
    const c = await w.h.apiKey.create({ ...P, appId: w.appId, name: "lost" });
    expect(w.emu.state.list("apiKeys", { appId: w.appId })).toHaveLength(1);
    expect(c.id).toBe(w.emu.state.list("apiKeys", { appId: w.appId })[0].token_id);
    expect(await works(c.outs.token)).toBe(true);
  });

  it("errors name the kind and operation and carry no credential", async () => {
    const err = await w.h.apiKey
      .create({ ...P, appId: "00000000-0000-4000-8000-000000000000", name: "x" })
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^OneSignal ApiKey create failed: /);
    expect((err as Error).message).not.toContain(w.emu.organizationApiKey);
  });

  it("a failure after the key was created carries its id, token and __provider so state keeps it", async () => {
    // The settle (PATCH to the real name) fails: the key exists under its provisional name.
    const fast = w.handlers({}, { retry: { maxRetries: 0 } });
    w.emu.faults.add({ kind: "status", status: 500, method: "PATCH", route: "apiKey", count: 5 });
    const err = (await fast.apiKey
      .create({ ...P, appId: w.appId, name: "partial" })
      .catch((e: unknown) => e)) as Error & { id?: string; properties?: Record<string, unknown> };
    w.emu.faults.clear();
    const created = w.emu.state.list("apiKeys", { appId: w.appId });
    expect(created).toHaveLength(1);
    expect(err.message).toMatch(/^OneSignal ApiKey create failed: .*500/);
    expect(err.id).toBe(created[0].token_id);
    expect(created[0].name).toMatch(/^partial \[pulumi:[0-9a-f]{16}\]$/);
    expect(err.properties).toMatchObject({
      tokenId: err.id,
      appId: w.appId,
      name: created[0].name,
      __provider: PROVIDER,
    });
    expect(await works(err.properties?.token)).toBe(true);
    expect(err.message).not.toContain(String(err.properties?.token));
    // The state holds the provisional name, so the next `up` sees a change and renames the key.
    const d = await fast.apiKey.diff(err.id!, err.properties!, { ...P, appId: w.appId, name: "partial" });
    expect(d.changes).toBe(true);
    const u = await fast.apiKey.update(err.id!, err.properties!, { ...P, appId: w.appId, name: "partial" });
    expect(u.outs).toMatchObject({ token: err.properties?.token, name: "partial" });
    expect(w.emu.state.get("apiKeys", err.id!)?.name).toBe("partial");
  });
});
