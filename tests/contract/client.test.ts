/**
 * Contract: every request body the client sends validates against the request schema that
 * OneSignal's openapi.yaml declares for that operation (ajv; read from the repository's facts-only
 * extract, see tests/emulator/openapi.ts), and every member the spec does not know is a listed
 * divergence.
 *
 * Divergences (client sends, the 5.12 spec lacks) — each backed by OneSignal's docs or the official
 * Node SDK:
 *
 * | operation            | member(s)                                   | why                                               |
 * | -------------------- | ------------------------------------------- | ------------------------------------------------- |
 * | create_app/update_app| fcm_v1_service_account_json                 | OneSignal's docs (create_app): required for Android; not in the 5.12 spec's `App` |
 * | create_segment       | description                                 | OneSignal's docs (create_segment) accept it on create; the 5.12 spec has it only on `UpdateSegmentRequest` |
 * | create/update_template | isIos, isAndroid, url, sms_from, email_from_name, … (push/email/SMS properties) | OneSignal's docs (create_template): "all channel properties are valid"; the 5.12 spec models only 11 fields |
 * | create_template (email) | no `contents` | the 5.12 spec's `CreateTemplateRequest` requires it for every channel; OneSignal's docs (create_template) email examples omit it |
 * | create/update_template | `dynamic_content` an object | OneSignal's docs (create-template, update-template) type it as an object; the 5.12 spec as a JSON string; no form fits both, so the docs' is sent |
 * | (all filters)        | the 5.12 spec's `FilterExpression` is `oneOf` two schemas with no required members, so every entry matches both and fails `oneOf`; validated here with `anyOf` | a spec defect |
 * | create_notification  | throttle_rate_per_minute as a number        | OneSignal's docs (push-notification) type it `number`, the 5.12 spec `string`; the client sends the docs' form |
 * | auth                 | `Authorization: Key …` instead of the 5.12 spec's `bearer` | the official Node SDK sends `Key` (not a body member) |
 */
import Ajv from "ajv";
import addFormats from "ajv-formats";
import axios from "axios";
import { loadSpec } from "../emulator/openapi";
import { useWorld } from "../helpers/world";

/** Expected members outside the 5.12 spec's schema, per operationId (see table above). */
const DIVERGENCES: Record<string, readonly string[]> = {
  create_app: ["fcm_v1_service_account_json"],
  update_app: ["fcm_v1_service_account_json"],
  create_segment: ["description"],
  create_template: [
    "isIos",
    "isAndroid",
    "url",
    "global_image",
    "email_from_name",
    "email_preheader",
    "disable_email_click_tracking",
    "sms_from",
    "sms_media_urls",
  ],
  update_template: ["isIos", "url"],
};

type Json = Record<string, any>;
const spec = loadSpec() as Json;

// OpenAPI 3.0 → ajv: patch the spec's FilterExpression oneOf (see table); the extract has no `example`s.
const doc = structuredClone(spec);
doc.components.schemas.FilterExpression = { anyOf: doc.components.schemas.FilterExpression.oneOf };
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "spec", components: doc.components }, "spec");

interface Route {
  method: string;
  re: RegExp;
  operationId: string;
  schemaRef?: string;
}
const routes: Route[] = [];
for (const [p, ops] of Object.entries(spec.paths as Json)) {
  for (const [method, op] of Object.entries(ops as Json)) {
    if (typeof op !== "object" || !op.operationId) continue;
    const re = new RegExp(`^${p.replace(/\{[^}]+\}/g, "[^/]+").replace(/\?.*$/, "")}$`);
    routes.push({
      method: method.toUpperCase(),
      re,
      operationId: op.operationId,
      schemaRef: op.requestBody?.content?.["application/json"]?.schema?.$ref,
    });
  }
}

/** Property names a schema declares, following $ref/allOf/anyOf/oneOf. */
function declared(ref: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  const visit = (s: Json | undefined): void => {
    if (!s) return;
    if (s.$ref) {
      const name = String(s.$ref).split("/").pop()!;
      if (seen.has(name)) return;
      seen.add(name);
      return visit(spec.components.schemas[name]);
    }
    for (const k of Object.keys(s.properties ?? {})) out.add(k);
    for (const part of [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])]) visit(part);
  };
  visit({ $ref: ref });
  return out;
}

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

const sent: Sent[] = [];
const http = axios.create();
http.interceptors.request.use((config) => {
  const url = new URL(String(config.url));
  sent.push({
    method: String(config.method).toUpperCase(),
    path: url.pathname,
    body: typeof config.data === "string" ? JSON.parse(config.data) : undefined,
  });
  return config;
});
// No app up front: every body the client sends is exercised below, app creation included.
const w = useWorld({ app: false, client: { transport: http } });

async function exerciseEveryBody(): Promise<void> {
  const app = await w.client.apps.create({
    name: "Contract",
    organizationId: w.emu.organizationId,
    apnsEnv: "production",
    apnsKeyId: "KEYID12345",
    apnsTeamId: "TEAM123456",
    apnsBundleId: "com.example.app",
    apnsP8: "cDg=",
    chromeWebOrigin: "https://example.com",
    safariSiteOrigin: "https://example.com",
    siteName: "Example",
    fcmV1ServiceAccountJson: '{"type":"service_account"}',
    additionalDataIsRootPayload: true,
  });
  await w.client.apps.update(app.id, {
    name: "Contract 2",
    fcmV1ServiceAccountJson: "{}",
    gcmKey: "legacy-gcm",
  });
  const key = await w.client.apiKeys.create(app.id, {
    name: "contract",
    ipAllowlistMode: "explicit",
    ipAllowlist: ["192.0.2.0/24"],
  });
  await w.client.apiKeys.update(app.id, key.tokenId, {
    name: "contract 2",
    ipAllowlistMode: "disabled",
    ipAllowlist: [],
  });
  await w.client.apiKeys.rotate(app.id, key.tokenId);
  const key2 = await w.client.apiKeys.create(app.id, { name: "app key" });
  const auth = { appId: app.id, apiKey: key2.formattedToken };
  const seg = await w.client.segments.create(auth, {
    name: "Contract segment",
    description: "all filter kinds",
    filters: [
      { field: "tag", key: "plan", relation: "=", value: "premium" },
      { operator: "AND" },
      { field: "last_session", relation: ">", hoursAgo: "24" },
      { operator: "OR" },
      { field: "location", relation: "<", radius: 1000, lat: 52.5, long: 13.4 },
      { operator: "OR" },
      { field: "language", relation: "in_array", value: "en,fr" },
    ],
  });
  await w.client.segments.update(auth, seg.id, {
    name: "Contract segment 2",
    description: "",
    filters: [{ field: "session_count", relation: ">", value: "3" }],
  });
  const push = await w.client.templates.create(auth, {
    name: "Push",
    contents: { en: "hi", "zh-Hans": "你好" },
    headings: { en: "Hello" },
    subtitle: { en: "sub" },
    isIos: true,
    isAndroid: true,
    url: "https://example.com",
    globalImage: "https://example.com/i.png",
    dynamicContent: '{"campaign":{}}',
  });
  await w.client.templates.create(auth, {
    name: "Mail",
    isEmail: true,
    emailSubject: "s",
    emailBody: "<p>b</p>",
    emailBcc: ["a@example.com"],
    emailFromName: "T",
    emailPreheader: "p",
    disableEmailClickTracking: true,
  });
  await w.client.templates.create(auth, {
    name: "SMS",
    channel: "sms",
    contents: { en: "c" },
    smsFrom: "+15558675309",
    smsMediaUrls: ["https://example.com/m.png"],
  });
  await w.client.templates.update(auth, push.id, {
    name: "Push 2",
    contents: { en: "hey" },
    isIos: true,
    url: "https://example.com/2",
  });
  const other = await w.client.apps.create({ name: "Other", organizationId: w.emu.organizationId });
  await w.client.templates.copy(app.id, push.id, other.id);
  await w.client.notifications.create(auth, {
    contents: { en: "x" },
    headings: { en: "h" },
    includedSegments: ["Contract segment 2"],
    excludedSegments: ["Subscribed Users"],
    sendAfter: "2030-01-01T00:00:00Z",
    idempotencyKey: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  });
  await w.client.notifications.create(auth, {
    contents: { en: "x" },
    includeAliases: { external_id: ["u1"] },
    targetChannel: "push",
    delayedOption: "timezone",
    deliveryTimeOfDay: "9:00AM",
    customData: { order: 1 },
  });
  await w.client.notifications.create(auth, {
    name: "sms",
    contents: { en: "x" },
    includePhoneNumbers: ["+15558675309"],
    smsFrom: "+15558675300",
  });
  await w.client.notifications.create(auth, {
    emailTo: ["a@example.com"],
    emailSubject: "s",
    emailBody: "b",
    emailBcc: ["b@example.com"],
    includeUnsubscribed: true,
  });
  await w.client.notifications.create(auth, {
    contents: { en: "x" },
    filters: [{ field: "tag", key: "plan", relation: "exists" }],
    throttleRatePerMinute: "0",
    ttl: 3600,
    priority: 10,
  });
}

describe("request bodies vs openapi.yaml", () => {
  it("every body validates against its operation's request schema; extras are listed divergences", async () => {
    await exerciseEveryBody();
    const withBody = sent.filter((s) => s.body !== undefined);
    expect(withBody.length).toBeGreaterThanOrEqual(18);
    const unexpected: string[] = [];
    const seenExtras: Record<string, Set<string>> = {};
    const operations = new Set<string>();
    for (const s of withBody) {
      const route = routes.find((r) => r.method === s.method && r.re.test(s.path));
      expect(route).toBeDefined();
      expect(route!.schemaRef).toBeDefined();
      operations.add(route!.operationId);
      const validate = ajv.getSchema(`spec${route!.schemaRef}`)!;
      expect(validate).toBeDefined();
      let body = s.body as Json;
      // Divergence: an email template carries no `contents` (the 5.12 spec requires it; see table).
      if (route!.operationId === "create_template" && body.isEmail === true && !("contents" in body))
        body = { ...body, contents: { en: "" } };
      // Divergence: `dynamic_content` is the docs' object (see table); the 5.12 spec's form is its JSON.
      if (/_template$/.test(route!.operationId) && typeof body.dynamic_content === "object") {
        expect(body.dynamic_content).not.toBeNull();
        body = { ...body, dynamic_content: JSON.stringify(body.dynamic_content) };
      }
      // Divergence: throttle_rate_per_minute is sent as the docs' number (see table).
      if (route!.operationId === "create_notification" && typeof body.throttle_rate_per_minute === "number")
        body = { ...body, throttle_rate_per_minute: String(body.throttle_rate_per_minute) };
      if (!validate(body))
        unexpected.push(
          `${route!.operationId}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(s.body)}`,
        );
      const known = declared(route!.schemaRef!);
      for (const k of Object.keys(s.body as Json)) {
        if (known.has(k)) continue;
        (seenExtras[route!.operationId] ??= new Set()).add(k);
        if (!(DIVERGENCES[route!.operationId] ?? []).includes(k))
          unexpected.push(`${route!.operationId}: member ${k} is not in the spec`);
      }
    }
    expect(unexpected).toEqual([]);
    expect([...operations].sort()).toEqual(
      [
        "copy_template_to_app",
        "create_api_key",
        "create_app",
        "create_notification",
        "create_segment",
        "create_template",
        "update_api_key",
        "update_app",
        "update_segment",
        "update_template",
      ].sort(),
    );
    // The divergence table lists nothing the client no longer sends.
    for (const [op, members] of Object.entries(DIVERGENCES))
      expect([...(seenExtras[op] ?? [])].sort()).toEqual([...members].sort());
  });

  it("bodiless operations send no body (GET/DELETE, rotate)", () => {
    for (const s of sent.filter(
      (x) => x.method === "GET" || x.method === "DELETE" || x.path.endsWith("/rotate"),
    ))
      expect(s.body).toBeUndefined();
  });
});
