/**
 * Read normalisation against stubbed OneSignal answers (no I/O): what OneSignal normalises never
 * shows up as a diff after refresh, outputs are struct-safe; plus the runtime's settings
 * resolution and kind table.
 */
import type { OneSignalApi } from "../../provider/resources/api";
import * as runtime from "../../provider/runtime";
import { resetConfig, resolveSettings } from "../../provider/config";
import { setClientFactory } from "../../provider/resources/clientFactory";
import { testContext, PROVIDER } from "../provider/helpers";
import { buildHandlers } from "../../provider/resources/index";

const P = { __provider: PROVIDER };
const APP = "5a6f3e0e-7a6e-4f3c-9d2b-0a3c1b2d4e5f";

function stub(partial: Record<string, Record<string, (...a: unknown[]) => unknown>>): OneSignalApi {
  return partial as unknown as OneSignalApi;
}

function noUndefinedOrNull(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (Array.isArray(v)) return v.every(noUndefinedOrNull);
  if (typeof v === "object") return Object.values(v as object).every(noUndefinedOrNull);
  return true;
}

describe("read normalisation", () => {
  it("template: SMS upper case, {} headings, null members → no diff, program form kept", async () => {
    const inputs = {
      ...P,
      appId: APP,
      apiKey: "k".repeat(20),
      name: "Welcome",
      channel: "sms",
      contents: { en: "Hi", es: "Hola" },
    };
    const api = stub({
      templates: {
        get: async () => ({
          id: "t1",
          name: "Welcome",
          channel: "SMS",
          createdAt: "2026-01-01T00:00:00Z",
          content: {
            contents: { es: "Hola", en: "Hi" },
            headings: {},
            subtitle: null,
            isEmail: null,
            isSms: true,
          },
        }),
      },
    });
    const h = buildHandlers(testContext(api));
    const r = await h.template.read("t1", inputs);
    expect(r.props).toMatchObject({ channel: "sms", contents: inputs.contents });
    expect(noUndefinedOrNull(r.props)).toBe(true);
    expect((await h.template.diff("t1", { ...r.props, ...P }, inputs)).changes).toBe(false);
    expect(r.inputs).toMatchObject({ appId: APP, apiKey: inputs.apiKey, name: "Welcome", channel: "sms" });
  });

  it("apiKey: reordered allowlist, bare address, absent list when disabled → no diff", async () => {
    const inputs = {
      ...P,
      appId: APP,
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24", "198.51.100.7/32"],
    };
    const api = stub({
      apiKeys: {
        get: async () => ({
          tokenId: "k1",
          name: "ci",
          ipAllowlistMode: "explicit",
          ipAllowlist: ["198.51.100.7", "203.0.113.0/24"],
          createdAt: "2026-01-01T00:00:00Z",
        }),
      },
    });
    const h = buildHandlers(testContext(api));
    const r = await h.apiKey.read("k1", { ...inputs, token: "secret-token-value" });
    expect(r.props?.token).toBe("secret-token-value");
    expect(r.props?.ipAllowlist).toEqual(inputs.ipAllowlist);
    expect((await h.apiKey.diff("k1", { ...r.props, ...P }, inputs)).changes).toBe(false);

    const api2 = stub({
      apiKeys: { get: async () => ({ tokenId: "k2", name: "ci", ipAllowlistMode: null, ipAllowlist: null }) },
    });
    const h2 = buildHandlers(testContext(api2));
    const r2 = await h2.apiKey.read("k2", { ...P, appId: APP, name: "ci" });
    expect(r2.props).toMatchObject({ ipAllowlistMode: "disabled", ipAllowlist: [] });
    expect(
      (await h2.apiKey.diff("k2", { ...r2.props, ...P }, { ...P, appId: APP, name: "ci" })).changes,
    ).toBe(false);
  });

  it("segment: null description, explicit AND, read-only extras, numbers as strings → no diff", async () => {
    const filters = [
      { field: "location", relation: "=", radius: 100, lat: 1.5, long: 2 },
      { operator: "OR" },
      { field: "tag", key: "a", relation: "exists" },
      { field: "session_count", relation: ">", value: "3" },
    ];
    const inputs = { ...P, appId: APP, apiKey: "k".repeat(20), name: "S", filters };
    const api = stub({
      segments: {
        get: async () => ({
          id: "s1",
          name: "S",
          description: null,
          createdAt: 1_767_225_600,
          source: "custom",
          filters: [
            { field: "session_count", relation: ">", value: "3" },
            { operator: "AND" },
            { field: "tag", key: "a", relation: "exists", unsupportedInApi: false },
            { operator: "OR" },
            { field: "location", relation: "=", radius: "100", lat: "1.5", long: "2" },
          ],
        }),
      },
    });
    const h = buildHandlers(testContext(api));
    const r = await h.segment.read("s1", inputs);
    expect(r.props?.filters).toEqual(filters);
    expect(r.props?.createdAt).toBe("2026-01-01T00:00:00.000Z");
    expect(noUndefinedOrNull(r.props)).toBe(true);
    expect((await h.segment.diff("s1", { ...r.props, ...P }, inputs)).changes).toBe(false);
  });

  it("app: null settings are dropped, write-only ones carried from state", async () => {
    const api = stub({
      apps: {
        get: async () => ({
          id: APP,
          name: "Acme",
          organizationId: null,
          apnsEnv: null,
          players: 0,
          createdAt: "2026-01-01T00:00:00Z",
        }),
      },
    });
    const h = buildHandlers(testContext(api, { organizationId: APP }));
    const inputs = { ...P, name: "Acme", apnsP8: "cDg=" };
    const r = await h.app.read(APP, inputs);
    expect(r.props).toMatchObject({ name: "Acme", apnsP8: "cDg=", organizationId: APP, players: 0 });
    expect(noUndefinedOrNull(r.props)).toBe(true);
    expect((await h.app.diff(APP, { ...r.props, ...P }, inputs)).changes).toBe(false);
  });

  it("a 404 on read means gone; other errors are wrapped with kind and operation", async () => {
    const { OneSignalApiError } = await import("../../provider/client/errors");
    const notFound = new OneSignalApiError({
      kind: "http",
      method: "GET",
      path: "/apps/x",
      status: 404,
      messages: ["not found"],
    });
    const boom = new OneSignalApiError({
      kind: "http",
      method: "GET",
      path: "/apps/x",
      status: 400,
      messages: ["bad"],
    });
    const h = buildHandlers(testContext(stub({ apps: { get: async () => Promise.reject(notFound) } })));
    expect(await h.app.read("x", { ...P, name: "a" })).toEqual({});
    const h2 = buildHandlers(testContext(stub({ apps: { get: async () => Promise.reject(boom) } })));
    await expect(h2.app.read("x", { ...P, name: "a" })).rejects.toThrow(
      /^OneSignal App read failed: OneSignal GET \/apps\/x failed: 400.*bad/,
    );
  });
});

describe("runtime", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetConfig();
  });

  it("registers every kind with all six handlers", () => {
    for (const kind of ["app", "apiKey", "segment", "template"] as const) {
      for (const m of ["check", "diff", "create", "read", "update", "delete"] as const) {
        expect(typeof runtime.kinds[kind][m]).toBe("function");
      }
      expect(runtime[kind]).toBe(runtime.kinds[kind]);
    }
  });

  it("the published runtime entry point exports the handlers and configure, no test hooks", () => {
    // Every user's state `require`s this module: what it exports is public API.
    expect(Object.keys(runtime).sort()).toEqual([
      "apiKey",
      "app",
      "configure",
      "kinds",
      "segment",
      "template",
    ]);
  });

  it("stack config wins over the environment, read at call time, with defaults", () => {
    process.env.ONESIGNAL_API_URL = "http://env.example/";
    process.env.ONESIGNAL_ORGANIZATION_API_KEY = "env-org-key";
    expect(resolveSettings()).toMatchObject({
      apiUrl: "http://env.example",
      organizationApiKey: "env-org-key",
    });
    runtime.configure({
      get: (k) =>
        ({
          "onesignal:apiUrl": "http://config.example",
          "onesignal:appApiKey": "cfg-app-key",
          "other:thing": "x",
        })[k],
    });
    expect(resolveSettings()).toMatchObject({
      apiUrl: "http://config.example",
      organizationApiKey: "env-org-key",
      appApiKey: "cfg-app-key",
    });
    delete process.env.ONESIGNAL_API_URL;
    resetConfig();
    expect(resolveSettings().apiUrl).toBe("https://api.onesignal.com");
  });

  it("the removed onesignal:adoptWindowSeconds warns once that it does nothing, and changes nothing", () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((m: unknown) => void errors.push(String(m)));
    try {
      const before = resolveSettings();
      for (let i = 0; i < 2; i++)
        runtime.configure({ get: (k: string) => ({ "onesignal:adoptWindowSeconds": "0" })[k] });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^warning: onesignal:adoptWindowSeconds \(ONESIGNAL_ADOPT_WINDOW_SECONDS\) no longer has any effect: objects are never adopted by resemblance/,
      );
      expect(resolveSettings()).toEqual(before);
      expect(resolveSettings()).not.toHaveProperty("adoptWindowSeconds");
    } finally {
      spy.mockRestore();
      resetConfig();
    }
  });

  it("check and diff never build a client", async () => {
    let built = 0;
    setClientFactory(() => {
      built++;
      throw new Error("no client expected");
    });
    try {
      await runtime.segment.check(
        {},
        { ...P, appId: APP, name: "s", filters: [{ field: "tag", key: "a", relation: "exists" }] },
      );
      await runtime.template.diff("t", { ...P, appId: APP, name: "t" }, { ...P, appId: APP, name: "u" });
      expect(built).toBe(0);
    } finally {
      setClientFactory(undefined);
    }
  });
});
