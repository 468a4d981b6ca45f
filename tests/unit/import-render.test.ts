// `pulumi-onesignal import`: names derived from OneSignal's, stable ordering, and the program text
// the snapshot turns into (sdk/cli). The end-to-end run is tests/e2e/import-command.test.ts.
import { offlineHandlers, PROVIDER } from "../provider/helpers";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findRepoRoot } from "../../scripts/lib/root";
import { appSchema } from "../../provider/schemas/app";
import { segmentDetailSchema } from "../../provider/schemas/segment";
import { templateSchema } from "../../provider/schemas/template";
import { identifier, NameScope, slug } from "../../sdk/cli/names";
import { literal, renderProject } from "../../sdk/cli/render";
import {
  appSnapshot,
  segmentSnapshot,
  templateSnapshot,
  type AppSnapshot,
  type OrganizationSnapshot,
} from "../../sdk/cli/snapshot";

const OPTS = { projectName: "org", packageVersion: "^0.1.0", pulumiVersion: "3.270.0" };

describe("names", () => {
  test("slugs are lower-case words of the name; accents and symbols drop out", () => {
    expect(slug("Acme Web (Production)")).toBe("acme-web-production");
    expect(slug("Café – Crème")).toBe("cafe-creme");
    expect(slug("🎉 Beta testers!")).toBe("beta-testers");
    expect(slug("🎉🎉")).toBe("");
  });

  test("identifiers are camelCase and never start with a digit or are a reserved word", () => {
    expect(identifier("segment-beta-testers")).toBe("segmentBetaTesters");
    expect(identifier("2024-launch")).toBe("_2024Launch");
    expect(identifier("default")).toBe("_default");
    expect(identifier("")).toBe("_");
  });

  test("a scope hands out unique names: a taken slug or identifier gets -2, -3", () => {
    const scope = new NameScope(["app"]);
    expect(scope.take("Promo", "segment", "segment")).toEqual({ slug: "promo", ident: "segmentPromo" });
    expect(scope.take("promo!", "segment", "segment")).toEqual({ slug: "promo-2", ident: "segmentPromo2" });
    expect(scope.take("🎉", "segment", "segment")).toEqual({ slug: "segment", ident: "segmentSegment" });
    // "a-1" and "a1" differ as slugs but give the same identifier.
    expect(scope.take("a 1", "x")).toEqual({ slug: "a-1", ident: "a1" });
    expect(scope.take("a1", "x")).toEqual({ slug: "a1-2", ident: "a12" });
    expect(scope.take("App", "x")).toEqual({ slug: "app-2", ident: "app2" });
  });
});

test("literals are laid out as prettier does: one line when they fit, else one member per line", () => {
  expect(literal({ a: 'x"y', "b-c": [1, true], d: {}, e: undefined })).toBe(
    `{ a: 'x"y', "b-c": [1, true], d: {} }`,
  );
  expect(literal({ a: "x".repeat(40), b: ["y".repeat(40)] }, "", 80)).toBe(
    `{\n  a: "${"x".repeat(40)}",\n  b: ["${"y".repeat(40)}"],\n}`,
  );
  expect(literal([{ a: 1 }, { b: 2 }])).toBe("[\n  { a: 1 },\n  { b: 2 },\n]");
});

const APP = "5c7e3b1e-1111-4111-8111-111111111111";
const ORG = "0b0b0b0b-2222-4222-8222-222222222222";

function app(wire: Record<string, unknown>): ReturnType<typeof appSnapshot> {
  return appSnapshot(appSchema.parse({ id: APP, name: "Web", organization_id: ORG, ...wire }));
}

/** An app with every credential OneSignal does not return: iOS p8, FCM, its own Safari certificate. */
const WITH_CREDENTIALS = {
  apns_key_id: "KEY123",
  apns_team_id: "TEAM1",
  apns_bundle_id: "com.acme",
  fcm_sender_id: "123456",
  chrome_web_origin: "https://acme.example",
  site_name: "Acme",
  safari_site_origin: "https://acme.example",
  safari_apns_certificate: "acme-safari.p12",
};

describe("app settings", () => {
  test("web push settings are carried over together, with OneSignal's own Safari certificate", () => {
    const a = app({
      chrome_web_origin: "https://acme.example",
      site_name: "Acme",
      safari_site_origin: "https://acme.example",
      safari_apns_certificate: "OneSignal Provided Certificate",
      apns_env: "production",
    });
    expect(a.settings).toEqual({
      apnsEnv: "production",
      chromeWebOrigin: "https://acme.example",
      safariSiteOrigin: "https://acme.example",
      siteName: "Acme",
    });
    expect(a.credentialGroups).toEqual([]);
    expect(a.notes).toEqual([]);
  });

  test("a partial web push set is not managed, and said so", () => {
    const a = app({ chrome_web_origin: "https://acme.example" });
    expect(a.settings).toEqual({});
    expect(a.notes.join("\n")).toMatch(/chromeWebOrigin are not managed.*siteName, safariSiteOrigin/);
  });

  test("credentials OneSignal does not return become placeholders that carry their settings", () => {
    const a = app(WITH_CREDENTIALS);
    expect(a.settings).toEqual({});
    expect(
      a.credentialGroups.map((g) => [g.title, Object.keys(g.settings), g.secrets.map((s) => s.input)]),
    ).toEqual([
      [
        "Safari web push certificate",
        ["siteName", "chromeWebOrigin", "safariSiteOrigin"],
        ["safariApnsP12", "safariApnsP12Password"],
      ],
      ["iOS token auth (p8)", ["apnsKeyId", "apnsTeamId", "apnsBundleId"], ["apnsP8"]],
      ["Android (FCM v1)", [], ["fcmV1ServiceAccountJson"]],
    ]);
    const files = renderProject(
      { organizationId: ORG, notes: [], apps: [{ ...a, keys: [], segments: [], templates: [] }] },
      OPTS,
    );
    const mod = files["apps/web.ts"]!;
    expect(mod).toContain('const apnsP8 = config.getSecret("webApnsP8");');
    expect(mod).toContain('...(apnsP8 && {\n      apnsKeyId: "KEY123",');
    expect(mod).toContain("pulumi config set --secret webFcmV1ServiceAccountJson");
    expect(files["README.md"]).toContain("`webApnsP8`");
  });
});

describe("segments", () => {
  const detail = (filters: unknown[]) =>
    segmentDetailSchema.parse({ payload: { id: "s1", name: "Seg", description: "", filters } });

  test("filters keep OneSignal's order and operators, in the input spelling", () => {
    const notes: string[] = [];
    const s = segmentSnapshot(
      detail([
        { field: "last_session", relation: "<", hours_ago: 24 },
        { operator: "or" },
        { field: "location", relation: "<", radius: "500", lat: "1.5", long: "2" },
        { field: "tag", key: "k", relation: "exists", value: "" },
      ]),
      notes,
    );
    expect(notes).toEqual([]);
    expect(s).toEqual({
      id: "s1",
      name: "Seg",
      filters: [
        { field: "last_session", relation: "<", hoursAgo: "24" },
        { operator: "OR" },
        { field: "location", relation: "<", radius: 500, lat: 1.5, long: 2 },
        { field: "tag", relation: "exists", key: "k" },
      ],
    });
  });

  test("a filter field outside the documented list is carried over with extraFilterFields, which lets it pass check", async () => {
    const notes: string[] = [];
    const s = segmentSnapshot(
      detail([
        { field: "device_type", relation: "=", value: "1" },
        { field: "session_count", relation: ">", value: "2" },
      ]),
      notes,
    );
    expect(notes).toEqual([]);
    expect(s?.extraFilterFields).toEqual(["device_type"]);
    const { segment } = offlineHandlers();
    const inputs = { appId: "a", apiKey: "k", name: s!.name, filters: s!.filters };
    expect((await segment.check({}, { ...inputs, __provider: PROVIDER })).failures).not.toEqual([]);
    expect(
      (await segment.check({}, { ...inputs, extraFilterFields: s!.extraFilterFields, __provider: PROVIDER }))
        .failures,
    ).toEqual([]);
  });

  test("a segment over a documented limit is left out with the resource's own reason", () => {
    const notes: string[] = [];
    const many = Array.from({ length: 201 }, (_, i) => ({ field: "tag", key: `k${i}`, relation: "exists" }));
    expect(segmentSnapshot(detail(many), notes)).toBeUndefined();
    expect(notes.join("\n")).toMatch(/segment "Seg" \(s1\) is left out: .*at most 200 entries/);
  });
});

describe("templates", () => {
  const tpl = (content: Record<string, unknown>, channel?: string) =>
    templateSchema.parse({ id: "t1", name: "T", ...(channel ? { channel } : {}), content });

  test("push: all platform flags on (OneSignal's default) are left out; some on are written", () => {
    const all = { isIos: true, isAndroid: true, isChromeWeb: true, isAlexa: null };
    expect(templateSnapshot(tpl({ contents: { en: "hi" }, headings: {}, ...all }), [])?.content).toEqual({
      contents: { en: "hi" },
    });
    const some = { isIos: true, isAndroid: false, isChromeWeb: false };
    expect(templateSnapshot(tpl({ contents: { en: "hi" }, ...some }), [])?.content).toEqual({
      contents: { en: "hi" },
      isIos: true,
    });
  });

  test("email: the channel stands for the flag, and members it does not model are noted", () => {
    const t = templateSnapshot(
      tpl({ isEmail: true, email_subject: "S", email_body: "<p>b</p>", web_buttons: [{ id: "x" }] }, "email"),
      [],
    )!;
    expect(t.channel).toBe("email");
    expect(t.content).toEqual({ emailSubject: "S", emailBody: "<p>b</p>" });
    expect(t.notes.join("\n")).toMatch(/also holds web_buttons/);
  });
});

describe("rendering", () => {
  const snap = (order: "forward" | "reverse"): OrganizationSnapshot => {
    const apps: AppSnapshot[] = [
      {
        id: "a2",
        name: "Shop",
        settings: {},
        credentialGroups: [],
        keys: [
          { tokenId: "k2", name: "Server", ipAllowlistMode: "disabled", ipAllowlist: [] },
          { tokenId: "k1", name: "CI", ipAllowlistMode: "explicit", ipAllowlist: ["203.0.113.0/24"] },
        ],
        segments: [
          { id: "s2", name: "Beta", filters: [{ field: "tag", relation: "exists", key: "b" }] },
          { id: "s1", name: "Beta", filters: [{ field: "tag", relation: "exists", key: "c" }] },
        ],
        templates: [
          { id: "t2", name: "A", channel: "sms", content: { contents: { en: "x" } }, notes: [] },
          { id: "t1", name: "B", channel: "push", content: { contents: { en: "y" } }, notes: [] },
        ],
        notes: ['segment "Clicked" (s9) is user-based: left out'],
      },
      {
        id: "a1",
        name: "Web",
        settings: {},
        credentialGroups: [],
        keys: [],
        segments: [],
        templates: [],
        notes: [],
      },
    ];
    if (order === "reverse") {
      apps.reverse();
      for (const a of apps) {
        a.keys.reverse();
        a.segments.reverse();
        a.templates.reverse();
      }
    }
    return { organizationId: ORG, notes: [], apps };
  };

  test("the output does not depend on the order OneSignal lists objects in", () => {
    expect(renderProject(snap("reverse"), OPTS)).toEqual(renderProject(snap("forward"), OPTS));
  });

  test("objects are ordered by name then id, named after their names, unique", () => {
    const mod = renderProject(snap("forward"), OPTS)["apps/shop.ts"]!;
    const order = [...mod.matchAll(/export const (\w+) = new onesignal\.(\w+)\(\n {2}"([^"]+)"/g)].map(
      (m) => [m[1], m[2], m[3]],
    );
    expect(order).toEqual([
      ["app", "App", "shop"],
      ["keyCi", "ApiKey", "shop-key-ci"],
      ["keyServer", "ApiKey", "shop-key-server"],
      ["segmentBeta", "Segment", "shop-segment-beta"],
      ["segmentBeta2", "Segment", "shop-segment-beta-2"],
      ["templateB", "Template", "shop-template-b"],
      ["templateA", "Template", "shop-template-a"],
    ]);
    // s1 sorts before s2 under the same name.
    expect(mod.indexOf('adoptExistingId: "s1"')).toBeLessThan(mod.indexOf('adoptExistingId: "s2"'));
    expect(mod).toContain('tokenId: "k1"');
    expect(mod).toContain('const appApiKey = config.requireSecret("shopAppApiKey");');
    expect(mod).toContain('segment "Clicked" (s9) is user-based: left out');
  });

  test("an app without segments or templates needs no app key; index.ts imports every module", () => {
    const files = renderProject(snap("forward"), OPTS);
    expect(files["apps/web.ts"]).not.toContain("requireSecret");
    expect(files["index.ts"]).toContain('import * as shop from "./apps/shop";');
    expect(files["index.ts"]).toContain('import * as web from "./apps/web";');
    expect(JSON.parse(files["package.json"]!).dependencies).toEqual({
      "@pulumi/pulumi": "3.270.0",
      "pulumi-onesignal": "^0.1.0",
    });
    expect(files["README.md"]).toContain("pulumi config set --secret shopAppApiKey");
    expect(files["README.md"]).toContain('Shop: segment "Clicked" (s9) is user-based');
  });
});

test("every generated file is as prettier (default settings) would format it", () => {
  const a = app({
    ...WITH_CREDENTIALS,
    chrome_web_default_notification_icon:
      "https://acme.example/a/very/long/path/to/the/default/icon-256x256.png",
  });
  const files = renderProject(
    {
      organizationId: ORG,
      notes: [],
      apps: [
        {
          ...a,
          keys: [
            {
              tokenId: "k1",
              name: "CI",
              ipAllowlistMode: "explicit",
              ipAllowlist: ["203.0.113.0/24", "2001:db8::/32"],
            },
          ],
          segments: [
            {
              id: "s1",
              name: 'Say "hi"',
              description: "A description that is long enough to need a line of its own in the output",
              filters: [
                { field: "tag", relation: "=", key: "plan", value: "pro" },
                { operator: "OR" },
                { field: "location", relation: "<", radius: 5000, lat: 52.52, long: 13.405 },
              ],
            },
            { id: "s2", name: "One", filters: [{ field: "last_session", relation: "<", hoursAgo: "24" }] },
          ],
          templates: [
            {
              id: "t1",
              name: "Email",
              channel: "email",
              content: {
                emailSubject: "Hi",
                emailBody: '<p class="x">Hello {{ name }}, this body is long enough to need its own line</p>',
                emailBcc: ["a@acme.example", "b@acme.example"],
              },
              notes: ["OneSignal also holds web_buttons for this template."],
            },
            {
              id: "t2",
              name: "Push",
              channel: "push",
              content: {
                contents: { en: "Hello", de: "Hallo" },
                data: { offer: 1, nested: { a: [1, 2] } },
                isIos: true,
              },
              notes: [],
            },
          ],
        },
      ],
    },
    OPTS,
  );
  // prettier is a dev dependency: the check is here, the command itself never needs it. Its CLI,
  // since its API needs ES module support that jest lacks here; no config, as in the project.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-render-"));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const prettier = path.join(findRepoRoot(__dirname), "node_modules/prettier/bin/prettier.cjs");
    const r = spawnSync(process.execPath, [prettier, "--no-config", "--list-different", "."], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    // Each file prettier would change, with what it would make of it (the diff shows why).
    for (const rel of r.stdout.split("\n").filter((l) => l !== "")) {
      const formatted = spawnSync(process.execPath, [prettier, "--no-config", rel], {
        cwd: dir,
        encoding: "utf8",
      });
      expect({ rel, text: formatted.stdout }).toEqual({ rel, text: files[rel] });
    }
    expect(r.status).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
