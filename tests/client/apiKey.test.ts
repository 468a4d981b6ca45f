/** App API keys against the emulator. */
import { isNotFound, isOneSignalValidationError } from "../../provider/client";
import { rejection, useWorld } from "../helpers/world";

const w = useWorld();

describe("API keys", () => {
  it("create returns the token once; list/get never include it", async () => {
    const secret = await w.client.apiKeys.create(w.appId, {
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["192.0.2.0/24"],
    });
    expect(secret.formattedToken.length).toBeGreaterThan(10);
    const listed = await w.client.apiKeys.list(w.appId);
    const rec = listed.find((k) => k.tokenId === secret.tokenId)!;
    expect(rec).toMatchObject({ name: "ci", ipAllowlistMode: "explicit", ipAllowlist: ["192.0.2.0/24"] });
    expect(JSON.stringify(listed)).not.toContain(secret.formattedToken);
    const got = await w.client.apiKeys.get(w.appId, secret.tokenId);
    expect(got).toEqual(rec);
    expect(got).not.toHaveProperty("formattedToken");
  });

  it("update changes metadata and keeps the secret working", async () => {
    const s = await w.client.apiKeys.create(w.appId, { name: "before" });
    await w.client.apiKeys.update(w.appId, s.tokenId, { name: "after" });
    expect((await w.client.apiKeys.get(w.appId, s.tokenId)).name).toBe("after");
    await expect(w.client.segments.list({ appId: w.appId, apiKey: s.formattedToken })).resolves.toBeDefined();
  });

  it("rotation returns a new secret and invalidates the old one", async () => {
    const s = await w.client.apiKeys.create(w.appId, { name: "rotating" });
    const r = await w.client.apiKeys.rotate(w.appId, s.tokenId);
    expect(r.tokenId).toBe(s.tokenId);
    expect(r.formattedToken).not.toBe(s.formattedToken);
    const old = await rejection(w.client.segments.list({ appId: w.appId, apiKey: s.formattedToken }));
    expect(old.status).toBe(403);
    await expect(w.client.segments.list({ appId: w.appId, apiKey: r.formattedToken })).resolves.toBeDefined();
  });

  it("delete removes the key; get/update/delete of a missing key are not-found", async () => {
    const s = await w.client.apiKeys.create(w.appId, { name: "doomed" });
    await w.client.apiKeys.delete(w.appId, s.tokenId);
    const e = await rejection(w.client.apiKeys.get(w.appId, s.tokenId));
    expect(isNotFound(e)).toBe(true);
    expect(e.message).toContain(s.tokenId);
    expect(isNotFound(await rejection(w.client.apiKeys.update(w.appId, s.tokenId, { name: "x" })))).toBe(
      true,
    );
    expect(isNotFound(await rejection(w.client.apiKeys.delete(w.appId, s.tokenId)))).toBe(true);
    expect(isNotFound(await rejection(w.client.apiKeys.rotate(w.appId, s.tokenId)))).toBe(true);
  });

  it("validation names the field", async () => {
    const e = await rejection(
      w.client.apiKeys.create(w.appId, {
        name: "k",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["not-an-ip"],
      }),
    );
    expect(isOneSignalValidationError(e)).toBe(true);
    expect(e.issues).toEqual([{ path: "ipAllowlist[0]", message: expect.stringMatching(/CIDR/) }]);
  });
});
