/**
 * Cross-kind runtime behaviour (no I/O): how a failed read is reported, the runtime's settings
 * resolution and kind table. Each kind's read normalisation is in that kind's file.
 */
import * as runtime from "../../provider/runtime";
import { resetConfig, resolveSettings } from "../../provider/config";
import { setClientFactory } from "../../provider/resources/clientFactory";
import { testContext } from "../provider/helpers";
import { buildHandlers } from "../../provider/resources/index";
import { APP, P, stub } from "./helpers";

describe("read", () => {
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

  it("the published runtime entry point exports the handlers, configure and provide, no test hooks", () => {
    // Every user's state `require`s this module: what it exports is public API.
    expect(Object.keys(runtime).sort()).toEqual([
      "apiKey",
      "app",
      "configure",
      "kinds",
      // What each serialized provider's configure calls (sdk/providers/thin.ts).
      "provide",
      "segment",
      "template",
    ]);
  });

  it("provide puts the kind's methods on a provider and stores its settings", async () => {
    const target: Record<string, unknown> = {};
    runtime.provide(target, "template", {
      get: (k: string) => (k === "onesignal:apiUrl" ? "http://x.example" : undefined),
    });
    expect(Object.keys(target).sort()).toEqual(["check", "create", "delete", "diff", "read", "update"]);
    expect(resolveSettings().apiUrl).toBe("http://x.example");
    const r = await (target.check as (o: object, n: object) => Promise<{ failures: { property: string }[] }>)(
      {},
      { name: "" },
    );
    expect(r.failures.map((f) => f.property)).toContain("name");
    resetConfig();
    expect(() => runtime.provide({}, "nope" as "app", undefined)).toThrow(/unknown resource kind "nope"/);
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
