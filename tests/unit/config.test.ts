import { isExplicitProvider, resetConfig, resolveSettings, storeConfig } from "../../provider/config";

// Provider settings come from stack config, else the environment, else defaults (issue 5).
describe("provider settings", () => {
  const env = process.env.ONESIGNAL_REQUEST_TIMEOUT_SECONDS;
  afterEach(() => {
    resetConfig();
    if (env === undefined) delete process.env.ONESIGNAL_REQUEST_TIMEOUT_SECONDS;
    else process.env.ONESIGNAL_REQUEST_TIMEOUT_SECONDS = env;
  });
  const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

  test("the request timeout defaults to 30 s", () => {
    delete process.env.ONESIGNAL_REQUEST_TIMEOUT_SECONDS;
    expect(resolveSettings().requestTimeoutMs).toBe(30_000);
  });

  test("stack config sets the request timeout, ahead of the environment", () => {
    process.env.ONESIGNAL_REQUEST_TIMEOUT_SECONDS = "12";
    expect(resolveSettings().requestTimeoutMs).toBe(12_000);
    storeConfig(config({ "onesignal:requestTimeoutSeconds": "5" }));
    expect(resolveSettings().requestTimeoutMs).toBe(5_000);
  });

  test("a timeout that is not a positive number falls back to the default", () => {
    for (const bad of ["0", "-3", "soon"]) {
      storeConfig(config({ "onesignal:requestTimeoutSeconds": bad }));
      expect(resolveSettings().requestTimeoutMs).toBe(30_000);
    }
  });

  test("refresh trusts the lists unless refreshFromLists is false (stack config, else the environment)", () => {
    const saved = process.env.ONESIGNAL_REFRESH_FROM_LISTS;
    try {
      delete process.env.ONESIGNAL_REFRESH_FROM_LISTS;
      expect(resolveSettings().refreshFromLists).toBeUndefined();
      process.env.ONESIGNAL_REFRESH_FROM_LISTS = "false";
      expect(resolveSettings().refreshFromLists).toBe(false);
      storeConfig(config({ "onesignal:refreshFromLists": "true" }));
      expect(resolveSettings().refreshFromLists).toBeUndefined();
      storeConfig(config({ "onesignal:refreshFromLists": "False" }));
      delete process.env.ONESIGNAL_REFRESH_FROM_LISTS;
      expect(resolveSettings().refreshFromLists).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.ONESIGNAL_REFRESH_FROM_LISTS;
      else process.env.ONESIGNAL_REFRESH_FROM_LISTS = saved;
    }
  });

  test("an explicit onesignal.Provider takes nothing from the environment", () => {
    const saved = { ...process.env };
    try {
      process.env.ONESIGNAL_ORGANIZATION_API_KEY = "os_v2_org_fromtheenvironment";
      process.env.ONESIGNAL_ORGANIZATION_ID = "env-org";
      process.env.ONESIGNAL_APP_API_KEY = "os_v2_app_fromtheenvironment";
      process.env.ONESIGNAL_REQUEST_TIMEOUT_SECONDS = "12";
      // The default provider: what stack config leaves out comes from the environment.
      storeConfig(config({ "onesignal:organizationId": "cfg-org" }));
      expect(isExplicitProvider()).toBe(false);
      expect(resolveSettings()).toMatchObject({
        organizationId: "cfg-org",
        organizationApiKey: "os_v2_org_fromtheenvironment",
        appApiKey: "os_v2_app_fromtheenvironment",
        requestTimeoutMs: 12_000,
      });
      // An explicit provider: a setting it was not given is missing, never another organization's.
      storeConfig(config({ "onesignal:organizationId": "cfg-org", "onesignal:explicitProvider": "true" }));
      expect(isExplicitProvider()).toBe(true);
      const s = resolveSettings();
      expect(s).toMatchObject({ organizationId: "cfg-org", requestTimeoutMs: 30_000 });
      expect(s).not.toHaveProperty("organizationApiKey");
      expect(s).not.toHaveProperty("appApiKey");
    } finally {
      process.env = saved;
    }
  });
});
