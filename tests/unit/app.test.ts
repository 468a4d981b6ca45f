/**
 * App: check and diff (offline, no HTTP request), the App schemas of provider/schemas (no I/O)
 * read against stubbed OneSignal answers, and bad input (fast-check, through the runtime).
 */
import {
  appCreateInputSchema,
  appInputToWire,
  appSchema,
  appUpdateInputSchema,
} from "../../provider/schemas";
import { credentialStatus } from "../../provider/schemas/app";
import { UNKNOWN } from "../../provider/resources/protocol";
import { offlineHandlers, PROVIDER, testContext } from "../provider/helpers";
import { buildHandlers } from "../../provider/resources/index";
import {
  APP,
  APP2,
  ORG,
  P,
  checkMakesNoRequest,
  diffCases,
  failures,
  noUndefinedOrNull,
  paths,
  properties,
  stub,
} from "./helpers";
import fc from "fast-check";
import {
  badInputCases,
  blank,
  Mutation,
  notABoolean,
  notAString,
  notAUuid,
  omit,
  Props,
  remove,
  setTo,
  tooLong,
  unknownProp,
  UUID,
} from "./badInput.helpers";

checkMakesNoRequest();

describe("check", () => {
  it("accepts a minimal and a full app", async () => {
    expect(await failures("app", { name: "Acme" })).toEqual([]);
    expect(
      await failures("app", {
        name: "Acme",
        organizationId: APP,
        apnsEnv: "production",
        apnsKeyId: "K",
        apnsTeamId: "T",
        apnsBundleId: "com.acme",
        apnsP8: "LS0tLS1CRUdJTg==",
        chromeWebOrigin: "https://acme.example",
        safariSiteOrigin: "https://acme.example",
        siteName: "Acme",
      }),
    ).toEqual([]);
  });

  it.each(
    [
      [{ name: "" }, "name"],
      [{ name: "x".repeat(129) }, "name"],
      [{}, "name"],
      [{ name: "a", apnsEnv: "staging" }, "apnsEnv"],
      [{ name: "a", organizationId: "not-a-uuid" }, "organizationId"],
      [{ name: "a", chromeWebOrigin: "ftp://x" }, "chromeWebOrigin"],
      [{ name: "a", nmae: "typo" }, "nmae"],
      [{ name: "a", apnsKeyId: "K" }, "apnsTeamId"],
      [{ name: "a", siteName: "Acme" }, "chromeWebOrigin"],
      [{ name: "a", chromeWebOrigin: "https://a.test" }, "siteName"],
      [{ name: "a", safariApnsP12: "cDEy", safariApnsP12Password: "" }, "safariSiteOrigin"],
      ...["apnsP8", "apnsP12", "fcmV1ServiceAccountJson", "safariApnsP12", "gcmKey", "chromeKey"].map(
        (k) => [{ name: "a", [k]: "" }, k] as [Record<string, unknown>, string],
      ),
      [{ name: "a", fcmV1ServiceAccountJson: "{not json" }, "fcmV1ServiceAccountJson"],
      [{ name: "a", fcmV1ServiceAccountJson: "not base64!" }, "fcmV1ServiceAccountJson"],
      [{ name: "a", additionalDataIsRootPayload: "yes" }, "additionalDataIsRootPayload"],
    ].map(([n, p]) => [p, n] as [string, Record<string, unknown>]),
  )("rejects input naming %s", async (prop, news) => {
    expect(await properties("app", news)).toContain(prop);
  });

  it("needs an organization from the inputs or the provider settings", async () => {
    const bare = offlineHandlers({ organizationApiKey: "os_v2_org_offlineofflineoffline" });
    const r = await bare.app.check({}, { name: "Acme", __provider: PROVIDER });
    expect(r.failures.map((f) => f.property)).toEqual(["organizationId"]);
    expect(
      (await bare.app.check({}, { name: "Acme", organizationId: APP, __provider: PROVIDER })).failures,
    ).toEqual([]);
  });

  it("a missing organization key fails App and ApiKey at preview, naming the settings, before any request", async () => {
    const bare = offlineHandlers({ organizationId: APP });
    for (const [kind, news] of [
      ["app", { name: "Acme" }],
      ["apiKey", { appId: APP, name: "ci" }],
    ] as const) {
      const r = await bare[kind].check({}, { ...news, __provider: PROVIDER });
      expect(r.failures).toEqual([
        {
          property: "",
          reason: expect.stringMatching(
            /needs the organization API key, and none is set: set onesignal:organizationApiKey .*ONESIGNAL_ORGANIZATION_API_KEY, or give the resource an explicit onesignal.Provider/,
          ),
        },
      ]);
    }
  });

  it("a segment or template without apiKey and without the provider's appApiKey fails at preview; an unknown apiKey passes", async () => {
    const bare = offlineHandlers({ organizationId: APP });
    const seg = {
      appId: APP,
      name: "VIP",
      filters: [{ field: "tag", key: "tier", relation: "=", value: "vip" }],
    };
    const tpl = { appId: APP, name: "Hi", channel: "push", contents: { en: "Hi" } };
    for (const [kind, news] of [
      ["segment", seg],
      ["template", tpl],
    ] as const) {
      const r = await bare[kind].check({}, { ...news, __provider: PROVIDER });
      expect(r.failures).toEqual([
        {
          property: "",
          reason: expect.stringMatching(
            /needs an app API key, and none is set: give it apiKey .*onesignal:appApiKey/,
          ),
        },
      ]);
      expect(
        (await bare[kind].check({}, { ...news, apiKey: UNKNOWN, __provider: PROVIDER })).failures,
      ).toEqual([]);
      expect(
        (await bare[kind].check({}, { ...news, apiKey: "KEY-1", __provider: PROVIDER })).failures,
      ).toEqual([]);
    }
  });

  it("legacy gcmKey, chromeKey and chromeWebSubDomain are accepted, and warn once naming them (never their values)", async () => {
    const h = offlineHandlers();
    const news = {
      ...P,
      __owner: "organization/urn:pulumi:dev::p::pulumi-nodejs:dynamic/onesignal:App::legacy",
      name: "Old",
      gcmKey: "GCM-SECRET-VALUE",
      chromeKey: "CHROME-SECRET-VALUE",
      chromeWebSubDomain: "acme",
    };
    expect((await h.app.check({}, news)).failures).toEqual([]);
    expect((await h.app.check(news, news)).failures).toEqual([]);
    expect(h.ctx.warnings).toHaveLength(1);
    expect(h.ctx.warnings[0]).toMatch(/chromeWebSubDomain, gcmKey, chromeKey are deprecated/);
    expect(h.ctx.warnings[0]).toMatch(/use fcmV1ServiceAccountJson/);
    expect(h.ctx.warnings[0]).not.toMatch(/SECRET-VALUE/);
    await h.app.check(
      {},
      { ...news, gcmKey: undefined, chromeKey: undefined, name: "Modern", __owner: "o/other" },
    );
    expect(h.ctx.warnings).toHaveLength(2);
    expect(h.ctx.warnings[1]).toMatch(/"Modern": chromeWebSubDomain is deprecated/);
  });

  it("lets unknown values through", async () => {
    expect(await failures("app", { name: UNKNOWN, organizationId: UNKNOWN, apnsEnv: UNKNOWN })).toEqual([]);
  });
});

describe("schemas (create_app, update_app, get_app, get_apps)", () => {
  it("requires name and organizationId on create", () => {
    expect(paths(appCreateInputSchema, {}).sort()).toEqual(["name", "organizationId"]);
    expect(appCreateInputSchema.safeParse({ name: "a", organizationId: ORG }).success).toBe(true);
    expect(paths(appCreateInputSchema, { name: "a".repeat(129), organizationId: ORG })).toEqual(["name"]);
  });

  it("enforces platform groups", () => {
    expect(paths(appUpdateInputSchema, { apnsKeyId: "k" }).sort()).toEqual([
      "apnsBundleId",
      "apnsP8",
      "apnsTeamId",
    ]);
    expect(paths(appUpdateInputSchema, { siteName: "s", chromeWebOrigin: "https://a.test" })).toEqual([
      "safariSiteOrigin",
    ]);
    expect(paths(appUpdateInputSchema, { chromeWebOrigin: "http://a.test" }).sort()).toEqual([
      "chromeWebOrigin",
      "safariSiteOrigin",
      "siteName",
    ]);
    expect(paths(appUpdateInputSchema, { apnsP12: "b64" })).toEqual(["apnsP12Password"]);
    expect(paths(appUpdateInputSchema, {})).toEqual([""]);
    expect(paths(appUpdateInputSchema, { apnsEnv: "dev" })).toEqual(["apnsEnv"]);
  });

  it("apnsEnv: sends development for development and sandbox (the docs' value; 5.12 has no common one), production as is", () => {
    for (const [given, sent] of [
      ["development", "development"],
      ["sandbox", "development"],
      ["production", "production"],
    ])
      expect(appInputToWire(appUpdateInputSchema.parse({ apnsEnv: given }))).toEqual({ apns_env: sent });
  });

  it("fcmV1ServiceAccountJson: raw JSON is sent as its Base64, Base64 passes through", () => {
    const json = '{"type":"service_account","project_id":"acme"}';
    const b64 = Buffer.from(json).toString("base64");
    for (const given of [json, b64])
      expect(appInputToWire(appUpdateInputSchema.parse({ fcmV1ServiceAccountJson: given }))).toEqual({
        fcm_v1_service_account_json: b64,
      });
  });

  it("empty credentials are refused with the field's name and never the value; empty passwords are not credentials", () => {
    for (const k of [
      "apnsP8",
      "apnsP12",
      "fcmV1ServiceAccountJson",
      "safariApnsP12",
      "gcmKey",
      "chromeKey",
    ]) {
      const r = appUpdateInputSchema.safeParse({ [k]: "", apnsP12Password: "", safariApnsP12Password: "" });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.path.join("."))).toContain(k);
    }
    const secret = "{secret-looking-value";
    const r = appUpdateInputSchema.safeParse({ fcmV1ServiceAccountJson: secret });
    expect(JSON.stringify(r.error?.issues)).not.toContain(secret);
    expect(appUpdateInputSchema.safeParse({ apnsP12: "cDEy", apnsP12Password: "" }).success).toBe(true);
  });

  it("web push: the set goes in one request, with an empty safari_apns_p12 when the program gives none", () => {
    const web = { siteName: "Acme", chromeWebOrigin: "https://a.test", safariSiteOrigin: "https://a.test" };
    expect(appInputToWire(appUpdateInputSchema.parse(web))).toEqual({
      site_name: "Acme",
      chrome_web_origin: "https://a.test",
      safari_site_origin: "https://a.test",
      safari_apns_p12: "",
    });
    expect(
      appInputToWire(
        appUpdateInputSchema.parse({ ...web, safariApnsP12: "cDEy", safariApnsP12Password: "pw" }),
      ),
    ).toMatchObject({ safari_apns_p12: "cDEy", safari_apns_p12_password: "pw" });
    // Settings outside the set need none of it.
    expect(
      appInputToWire(appUpdateInputSchema.parse({ chromeWebDefaultNotificationIcon: "https://i" })),
    ).toEqual({
      chrome_web_default_notification_icon: "https://i",
    });
  });

  it("maps to snake_case including the docs-only fcm_v1_service_account_json", () => {
    const v = appUpdateInputSchema.parse({
      name: "a",
      fcmV1ServiceAccountJson: "{}",
      additionalDataIsRootPayload: true,
      safariIcon256256: "https://i",
    });
    expect(appInputToWire(v)).toEqual({
      name: "a",
      fcm_v1_service_account_json: "e30=",
      additional_data_is_root_payload: true,
      safari_icon_256_256: "https://i",
    });
  });

  it("reads the 7-field docs shape and the full 5.12 spec shape", () => {
    expect(
      appSchema.parse({
        id: "a1",
        name: "n",
        players: 1,
        messageable_players: 0,
        created_at: "2014-04-01T04:20:02.003Z",
        updated_at: "2014-04-01T04:20:02.003Z",
        organization_id: ORG,
      }),
    ).toEqual({
      id: "a1",
      name: "n",
      players: 1,
      messageablePlayers: 0,
      createdAt: "2014-04-01T04:20:02.003Z",
      updatedAt: "2014-04-01T04:20:02.003Z",
      organizationId: ORG,
    });
    const full = appSchema.parse({
      id: "a1",
      name: "n",
      apns_env: "production",
      gcm_key: null,
      basic_auth_key: "legacy",
      apns_p12: "never-echoed",
      safari_icon_16_16: "u",
      chrome_web_origin: "https://x",
    });
    expect(full).toEqual({
      id: "a1",
      name: "n",
      apnsEnv: "production",
      basicAuthKey: "legacy",
      safariIcon1616: "u",
      chromeWebOrigin: "https://x",
    });
  });

  it("reads view-an-app's read-only members, the singular safari_apns_certificate (the 5.12 plural too), never echoed credentials", () => {
    const app = appSchema.parse({
      id: "a1",
      name: "n",
      fcm_sender_id: "123456789012",
      chrome_web_key: "BPub",
      chrome_web_gcm_sender_id: "482941778795",
      safari_push_id: "web.onesignal.auto.x",
      safari_apns_certificate: "OneSignal Provided Certificate",
      channels: { push: { enabled: true, platforms: ["ios", "web"] }, sms: { enabled: "false" } },
      conversion_attribution_window_push: 1440,
      conversion_attribution_window_iam: "60",
      conversion_attribution_window_email: 30,
      conversion_attribution_window_sms: null,
      apns_p8: "ECHOED-P8",
      fcm_v1_service_account_json: "ECHOED-FCM",
      gcm_key: "ECHOED-GCM",
      chrome_key: "ECHOED-CHROME",
    });
    expect(app).toEqual({
      id: "a1",
      name: "n",
      fcmSenderId: "123456789012",
      chromeWebKey: "BPub",
      chromeWebGcmSenderId: "482941778795",
      safariPushId: "web.onesignal.auto.x",
      safariApnsCertificate: "OneSignal Provided Certificate",
      channels: {
        push: { enabled: true, platforms: ["ios", "web"] },
        sms: { enabled: false, platforms: [] },
      },
      conversionAttributionWindowPush: 1440,
      conversionAttributionWindowIam: 60,
      conversionAttributionWindowEmail: 30,
    });
    expect(JSON.stringify(app)).not.toMatch(/ECHOED/);
    expect(appSchema.parse({ id: "a1", safari_apns_certificates: "legacy" }).safariApnsCertificate).toBe(
      "legacy",
    );
  });

  it("credentialStatus judges from non-secret members only", () => {
    expect(credentialStatus({ id: "a", name: "n" })).toEqual({
      apnsConfigured: false,
      fcmConfigured: false,
      safariConfigured: false,
    });
    expect(
      credentialStatus({
        id: "a",
        name: "n",
        apnsKeyId: "K",
        apnsTeamId: "T",
        apnsBundleId: "B",
        fcmSenderId: "1",
        safariApnsCertificate: "OneSignal Provided Certificate",
      }),
    ).toEqual({ apnsConfigured: true, fcmConfigured: true, safariConfigured: true });
    expect(credentialStatus({ id: "a", name: "n", apnsKeyId: "K" }).apnsConfigured).toBe(false);
    expect(credentialStatus({ id: "a", name: "n", apnsCertificates: "cert" }).apnsConfigured).toBe(true);
  });
});

const appOld = {
  ...P,
  name: "Acme",
  organizationId: APP,
  apnsP8: "P8-OLD",
  players: 3,
  createdAt: "2026-01-01T00:00:00.000Z",
  chromeWebOrigin: "https://acme.example",
};

describe("diff", () => {
  diffCases([
    {
      title: "app: identical inputs",
      kind: "app",
      olds: appOld,
      news: {
        ...P,
        name: "Acme",
        organizationId: APP,
        apnsP8: "P8-OLD",
        chromeWebOrigin: "https://acme.example",
      },
      changes: false,
    },
    {
      title: "app: rename is in place",
      kind: "app",
      olds: appOld,
      news: { ...P, name: "Acme 2" },
      changes: true,
      replaces: [],
    },
    {
      title: "app: organization move is in place",
      kind: "app",
      olds: appOld,
      news: { ...P, name: "Acme", organizationId: APP2 },
      changes: true,
      replaces: [],
    },
    {
      title: "app: write-only apnsP8 compared with last input",
      kind: "app",
      olds: appOld,
      news: { ...P, name: "Acme", apnsP8: "P8-NEW" },
      changes: true,
    },
    {
      title: "app: apnsEnv sandbox and development are one environment (either way)",
      kind: "app",
      olds: { ...appOld, apnsEnv: "sandbox" },
      news: { ...P, name: "Acme", apnsEnv: "development" },
      changes: false,
    },
    {
      title: "app: apnsEnv development read back against sandbox in the program",
      kind: "app",
      olds: { ...appOld, apnsEnv: "development" },
      news: { ...P, name: "Acme", apnsEnv: "sandbox" },
      changes: false,
    },
    {
      title: "app: apnsEnv development to production is a change",
      kind: "app",
      olds: { ...appOld, apnsEnv: "development" },
      news: { ...P, name: "Acme", apnsEnv: "production" },
      changes: true,
    },
    {
      title: "app: the service-account JSON and its Base64 are the same credential",
      kind: "app",
      olds: { ...appOld, fcmV1ServiceAccountJson: '{"type":"service_account"}' },
      news: {
        ...P,
        name: "Acme",
        fcmV1ServiceAccountJson: Buffer.from('{"type":"service_account"}').toString("base64"),
      },
      changes: false,
    },
    {
      title: "app: absent optional setting is unmanaged",
      kind: "app",
      olds: { ...appOld, apnsEnv: "sandbox" },
      news: { ...P, name: "Acme" },
      changes: false,
    },
    {
      title: "app: origin spelling (trailing slash, case)",
      kind: "app",
      olds: appOld,
      news: { ...P, name: "Acme", chromeWebOrigin: "HTTPS://Acme.example/" },
      changes: false,
    },
    {
      title: "app: unknown name is a change",
      kind: "app",
      olds: appOld,
      news: { ...P, name: UNKNOWN },
      changes: true,
    },
    {
      title: "app: adoptExistingId change ignored",
      kind: "app",
      olds: appOld,
      news: { ...P, name: "Acme", adoptExistingId: APP2 },
      changes: false,
    },
    {
      title: "app: new provider code is a change",
      kind: "app",
      olds: appOld,
      news: { name: "Acme", __provider: "other" },
      changes: true,
    },
  ]);
});

describe("read", () => {
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
});

// ------------------------------------------------------------------ bad input

const appValid: fc.Arbitrary<Props> = fc
  .record(
    {
      name: fc.string({ minLength: 1, maxLength: 128 }).filter((s) => s.trim().length > 0),
      organizationId: fc.constant(UUID),
      apnsEnv: fc.constantFrom("sandbox", "development", "production"),
      p8: fc.constant(true),
      web: fc.constant(true),
      fcmV1ServiceAccountJson: fc.constant('{"type":"service_account"}'),
      additionalDataIsRootPayload: fc.boolean(),
    },
    { requiredKeys: ["name"] },
  )
  .map(({ p8, web, ...rest }) => {
    const out: Props = { ...rest };
    if (p8)
      Object.assign(out, {
        apnsKeyId: "ABC123DEFG",
        apnsTeamId: "TEAM123456",
        apnsBundleId: "com.acme.app",
        apnsP8: "-----BEGIN PRIVATE KEY-----\nMIG…\n-----END PRIVATE KEY-----",
      });
    if (web)
      Object.assign(out, {
        chromeWebOrigin: "https://acme.example",
        safariSiteOrigin: "https://acme.example",
        siteName: "Acme",
      });
    return out;
  });
const APP_KEYS = [
  "name",
  "organizationId",
  "apnsEnv",
  "apnsKeyId",
  "apnsTeamId",
  "apnsBundleId",
  "apnsP8",
  "apnsP12",
  "apnsP12Password",
  "fcmV1ServiceAccountJson",
  "chromeWebOrigin",
  "chromeWebDefaultNotificationIcon",
  "chromeWebSubDomain",
  "gcmKey",
  "chromeKey",
  "safariSiteOrigin",
  "safariApnsP12",
  "safariApnsP12Password",
  "safariIcon256256",
  "siteName",
  "additionalDataIsRootPayload",
  "adoptExistingId",
];
const appMutations: Mutation[] = [
  remove("name"),
  // null is "absent" for engine inputs: still required
  setTo("name", fc.oneof(notAString, blank, tooLong(128), fc.constant(null)), "bad name"),
  setTo("organizationId", fc.oneof(notAString, notAUuid), "bad organizationId"),
  setTo(
    "apnsEnv",
    fc.oneof(
      notAString,
      fc.string({ maxLength: 12 }).filter((s) => !["sandbox", "development", "production"].includes(s)),
    ),
    "bad apnsEnv",
  ),
  ...[
    "apnsKeyId",
    "apnsTeamId",
    "apnsBundleId",
    "apnsP8",
    "apnsP12",
    "chromeWebDefaultNotificationIcon",
    "chromeWebSubDomain",
    "safariIcon256256",
    "fcmV1ServiceAccountJson",
  ].map((p) => setTo(p, notAString, `non-string ${p}`)),
  fc.constant({
    prop: "apnsKeyId",
    touches: ["apnsKeyId", "apnsTeamId", "apnsBundleId", "apnsP8"],
    cross: true,
    apply: (p: Props) => ({ ...omit(p, ["apnsTeamId", "apnsBundleId", "apnsP8"]), apnsKeyId: "ABC123DEFG" }),
    expect: ["apnsTeamId", "apnsBundleId", "apnsP8"],
    what: "incomplete iOS p8 group",
  }),
  fc.constant({
    prop: "apnsP12",
    touches: ["apnsP12", "apnsP12Password"],
    cross: true,
    apply: (p: Props) => ({ ...omit(p, ["apnsP12Password"]), apnsP12: "MIIJ…" }),
    expect: ["apnsP12Password"],
    what: "p12 without password",
  }),
  fc.constant({
    prop: "safariApnsP12",
    touches: ["safariApnsP12", "safariApnsP12Password"],
    cross: true,
    apply: (p: Props) => ({ ...omit(p, ["safariApnsP12Password"]), safariApnsP12: "MIIJ…" }),
    expect: ["safariApnsP12Password"],
    what: "safari p12 without password",
  }),
  setTo(
    "chromeWebOrigin",
    fc.oneof(
      notAString,
      fc.constantFrom(
        "http://acme.example",
        "acme.example",
        "",
        "ftp://acme.example",
        " https://x",
        "https:/x",
      ),
      fc.string({ maxLength: 20 }).filter((s) => !/^https:\/\/[^\s/]+/.test(s)),
    ),
    "bad chromeWebOrigin",
  ),
  setTo(
    "safariSiteOrigin",
    fc.oneof(
      notAString,
      fc.constantFrom("acme.example", "", "//acme.example", "mailto:x"),
      fc.string({ maxLength: 20 }).filter((s) => !/^https?:\/\/[^\s/]+/.test(s)),
    ),
    "bad safariSiteOrigin",
  ),
  fc.constant({
    prop: "siteName",
    touches: ["siteName", "chromeWebOrigin", "safariSiteOrigin"],
    cross: true,
    apply: (p: Props) => ({ ...omit(p, ["chromeWebOrigin", "safariSiteOrigin"]), siteName: "Acme" }),
    expect: ["chromeWebOrigin", "safariSiteOrigin"],
    what: "siteName without both origins",
  }),
  ...["apnsP8", "apnsP12", "fcmV1ServiceAccountJson", "safariApnsP12", "gcmKey", "chromeKey"].map((p) =>
    setTo(p, fc.constant(""), `empty ${p}`),
  ),
  setTo("additionalDataIsRootPayload", notABoolean, "bad additionalDataIsRootPayload"),
  setTo("adoptExistingId", fc.oneof(notAString, blank), "bad adoptExistingId"),
  unknownProp(APP_KEYS),
];

describe("bad input", () => {
  badInputCases("app", appValid, appMutations);
});
