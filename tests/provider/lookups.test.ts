/**
 * The look-ups (sdk/lookups.ts) against the emulator, reading the provider settings as a program
 * does: stack config `onesignal:*` (here `pulumi.runtime.setAllConfig`), else the environment.
 * By id, by name, no match, several matches, missing settings, and no credential in any result or
 * error.
 */
import * as pulumi from "@pulumi/pulumi";
import { useWorld, rejection } from "../helpers/world";
import {
  getApiKey,
  getApp,
  getAppOutput,
  getSegment,
  getTemplate,
  getTemplateOutput,
  LookupError,
} from "../../sdk/lookups";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Lookups", key: "k" } });

const ENV = [
  "ONESIGNAL_API_URL",
  "ONESIGNAL_ORGANIZATION_API_KEY",
  "ONESIGNAL_ORGANIZATION_ID",
  "ONESIGNAL_APP_API_KEY",
] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

beforeEach(() => {
  for (const k of ENV) delete process.env[k];
  process.env.ONESIGNAL_API_URL = w.emu.url;
  process.env.ONESIGNAL_ORGANIZATION_API_KEY = w.emu.organizationApiKey;
  pulumi.runtime.setAllConfig({});
});
afterAll(() => {
  for (const k of ENV)
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  pulumi.runtime.setAllConfig({});
});

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

/** No credential of the world in a result or an error. */
function noKeys(value: unknown): void {
  const text = value instanceof Error ? `${value.message} ${JSON.stringify(value)}` : JSON.stringify(value);
  expect(text).not.toContain(w.emu.organizationApiKey);
  if (w.key) expect(text).not.toContain(w.key);
}

describe("getApp", () => {
  it("finds an app by id and by its exact name, with the App class's output names", async () => {
    await w.client.apps.update(w.appId, {
      name: "Lookups",
      organizationId: w.emu.organizationId,
      apnsEnv: "development",
    });
    const byId = await getApp({ id: w.appId });
    expect(byId).toMatchObject({
      id: w.appId,
      name: "Lookups",
      organizationId: w.emu.organizationId,
      apnsEnv: "development",
      apnsConfigured: false,
      fcmConfigured: false,
    });
    expect(byId.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await getApp({ name: "Lookups" })).toEqual(byId);
    noKeys(byId);
  });

  it("by name: no match and several matches are errors naming the name and the count", async () => {
    const none = await rejection(getApp({ name: "Nope" }));
    expect(none).toBeInstanceOf(LookupError);
    expect(none.message).toBe('getApp({ name: "Nope" }): no app is named "Nope" (0 matches)');
    expect(none.matches).toBe(0);
    const twin = w.emu.state.createApp({ name: "Lookups", organizationId: w.emu.organizationId });
    const two = await rejection(getApp({ name: "Lookups" }));
    expect(two.message).toContain('2 apps are named "Lookups"');
    expect(two.message).toContain(twin.id);
    expect(two.message).toContain("look it up by id");
    expect(two.matches).toBe(2);
    noKeys(two);
  });

  it("by name in an organization over view-apps' limit: says OneSignal switches it off above 1000 apps", async () => {
    w.emu.state.setSettings({ appListLimit: 0 });
    const err = await rejection(getApp({ name: "Lookups" }));
    expect(err.message).toMatch(/switches off for organizations with more than 1000 apps/);
    expect(err.message).toContain("look the app up by id");
    expect(err.message).not.toMatch(/apps\.list|GET \/apps/);
    // By id it still works.
    expect((await getApp({ id: w.appId })).name).toBe("Lookups");
  });

  it("without an organization key: a clear error naming the setting, before any request", async () => {
    delete process.env.ONESIGNAL_ORGANIZATION_API_KEY;
    w.emu.resetCounters();
    const err = await rejection(getApp({ id: w.appId }));
    expect(err.message).toContain("onesignal:organizationApiKey");
    expect(err.message).toContain("ONESIGNAL_ORGANIZATION_API_KEY");
    expect(w.emu.counters().total).toBe(0);
  });

  it("a refused organization key: OneSignal's answer, never the key", async () => {
    const wrong = "os_v2_org_" + "x".repeat(40);
    process.env.ONESIGNAL_ORGANIZATION_API_KEY = wrong;
    const err = await rejection(getApp({ id: w.appId }));
    expect(err.message).toMatch(/^getApp\(\{ id: ".*" \}\) failed: OneSignal answered 403/);
    expect(err.message).toContain("OneSignal refused the organization key of onesignal:organizationApiKey");
    expect(err.message).not.toContain(wrong);
    expect(JSON.stringify(err)).not.toContain(wrong);
  });

  it("needs exactly one of id and name", async () => {
    expect((await rejection(getApp({} as never))).message).toContain("id or name is required");
    expect((await rejection(getApp({ id: "a", name: "b" } as never))).message).toContain("not both");
  });

  it("stack config comes before the environment", async () => {
    process.env.ONESIGNAL_API_URL = "http://127.0.0.1:1";
    pulumi.runtime.setAllConfig({ "onesignal:apiUrl": w.emu.url }, ["onesignal:organizationApiKey"]);
    expect((await getApp({ id: w.appId })).id).toBe(w.appId);
  });

  it("getAppOutput takes Inputs and gives an Output", async () => {
    const out = getAppOutput({ name: pulumi.output("Lookups") });
    expect(pulumi.Output.isInstance(out)).toBe(true);
    expect((await valueOf(out)).id).toBe(w.appId);
  });
});

describe("getApiKey", () => {
  it("by token id and by label; never the secret; no match and several are errors", async () => {
    const { tokenId, token } = w.emu.state.issueApiKey(w.appId, {
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24"],
    });
    const byId = await getApiKey({ appId: w.appId, id: tokenId });
    expect(byId).toMatchObject({
      id: tokenId,
      tokenId,
      appId: w.appId,
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24"],
    });
    expect(byId).not.toHaveProperty("token");
    expect(JSON.stringify(byId)).not.toContain(token);
    expect(await getApiKey({ appId: w.appId, name: "ci" })).toEqual(byId);
    const missing = await rejection(getApiKey({ appId: w.appId, id: "no-such-token" }));
    expect(missing.message).toContain("has no API key with token id no-such-token");
    w.emu.state.issueApiKey(w.appId, { name: "ci" });
    const two = await rejection(getApiKey({ appId: w.appId, name: "ci" }));
    expect(two.message).toContain('2 API keys are named "ci"');
    expect(two.matches).toBe(2);
    noKeys(two);
  });
});

describe("getSegment", () => {
  const filters = [{ field: "tag", key: "tier", relation: "=", value: "gold" }];

  it("by id and by name, with the key given or from onesignal:appApiKey", async () => {
    const id = (await w.client.segments.create(w.auth, { name: "Gold", description: "d", filters })).id;
    const byId = await getSegment({ appId: w.appId, id, apiKey: w.key });
    expect(byId).toMatchObject({ id, appId: w.appId, name: "Gold", description: "d", filters });
    pulumi.runtime.setAllConfig({ "onesignal:appApiKey": w.key }, ["onesignal:appApiKey"]);
    expect(await getSegment({ appId: w.appId, name: "Gold" })).toEqual(byId);
    noKeys(byId);
  });

  it("no match, several matches, no app key: clear errors without the key", async () => {
    const a = (await w.client.segments.create(w.auth, { name: "A", filters })).id;
    const b = (await w.client.segments.create(w.auth, { name: "B", filters })).id;
    const none = await rejection(getSegment({ appId: w.appId, name: "C", apiKey: w.key }));
    expect(none.message).toBe('getSegment({ name: "C" }): no segment is named "C" (0 matches)');
    w.emu.state.patch("segments", b, { name: "A" }); // as OneSignal's dashboard might allow
    const two = await rejection(getSegment({ appId: w.appId, name: "A", apiKey: w.key }));
    expect(two.message).toContain('2 segments are named "A"');
    expect(two.message).toContain(a);
    noKeys(two);
    const noKey = await rejection(getSegment({ appId: w.appId, id: a }));
    expect(noKey.message).toContain("needs an app API key");
    expect(noKey.message).toContain("onesignal:appApiKey");
  });
});

describe("getTemplate", () => {
  it("by id and by name, with every content member OneSignal returns", async () => {
    const t = await w.client.templates.create(w.auth, {
      name: "Welcome",
      contents: { en: "Hi", es: "Hola" },
      headings: { en: "Hello" },
      url: "https://acme.example/welcome",
    });
    const byId = await getTemplate({ appId: w.appId, id: t.id, apiKey: w.key });
    expect(byId).toMatchObject({
      id: t.id,
      appId: w.appId,
      name: "Welcome",
      channel: "push",
      contents: { en: "Hi", es: "Hola" },
      headings: { en: "Hello" },
      url: "https://acme.example/welcome",
    });
    expect(await getTemplate({ appId: w.appId, name: "Welcome", apiKey: w.key })).toEqual(byId);
    noKeys(byId);
  });

  it("an unknown id, a wrong key, several matches: errors naming what, never the key", async () => {
    const gone = await rejection(
      getTemplate({ appId: w.appId, id: "0b7a3a0e-0000-4000-8000-000000000000", apiKey: w.key }),
    );
    expect(gone.message).toMatch(/template 0b7a3a0e-.* of app .* not found/);
    expect(gone.matches).toBe(0);
    const wrong = "os_v2_app_" + "y".repeat(40);
    const refused = await rejection(getTemplate({ appId: w.appId, name: "x", apiKey: wrong }));
    expect(refused.message).toMatch(/failed: OneSignal answered 403/);
    expect(refused.message).toContain("OneSignal refused the app key of the apiKey argument");
    pulumi.runtime.setAllConfig({ "onesignal:appApiKey": wrong }, ["onesignal:appApiKey"]);
    const viaSetting = await rejection(getTemplate({ appId: w.appId, id: "x" }));
    expect(viaSetting.message).toContain(
      "refused the app key of onesignal:appApiKey / ONESIGNAL_APP_API_KEY",
    );
    expect(viaSetting.message).not.toContain(wrong);
    expect(refused.message).not.toContain(wrong);
    await w.client.templates.create(w.auth, { name: "Same", contents: { en: "1" } });
    await w.client.templates.create(w.auth, { name: "Same", contents: { en: "2" } });
    const two = await rejection(getTemplate({ appId: w.appId, name: "Same", apiKey: w.key }));
    expect(two.message).toContain('2 templates are named "Same"');
    noKeys(two);
  });

  it("getTemplateOutput: a secret apiKey does not make the result secret; a secret appId does", async () => {
    const t = await w.client.templates.create(w.auth, { name: "Out", contents: { en: "Hi" } });
    const plain = getTemplateOutput({
      appId: w.appId,
      id: pulumi.output(t.id),
      apiKey: pulumi.secret(w.key),
    });
    expect(await pulumi.isSecret(plain)).toBe(false);
    expect((await valueOf(plain)).contents).toEqual({ en: "Hi" });
    const secret = getTemplateOutput({ appId: pulumi.secret(w.appId), id: t.id, apiKey: w.key });
    expect(await pulumi.isSecret(secret)).toBe(true);
  });
});
