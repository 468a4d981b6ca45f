/**
 * Contract: the emulator's responses validate against the response schemas of OneSignal's current
 * API reference (the docs spec, 11.6), as tests/contract/emulator.test.ts checks them against the
 * 5.12 spec. The schemas come from the committed facts-only extract spec/onesignal-docs-facts.json
 * (`npm run facts`), so this runs in every clone.
 *
 * The docs spec names operations per channel (`push-notification`, `email`, `sms` for one
 * `POST /notifications`) and writes the query into some paths (`/templates/{template_id}?app_id=…`);
 * a response is matched to the docs operation by method, path without the query and, for create
 * message, the channel of the request.
 *
 * Everything that does not validate is named: SPEC_DEFECTS (the docs spec is wrong or incomplete,
 * with the reason; these stay) and AWAITING (emulator behaviour another change of the same issue is
 * bringing in line with the docs; empty it as those land). Both must match exactly.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomUUID } from "node:crypto";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { ROUTES } from "../../emulator";
import { DOCS_FACTS_FILE } from "../../scripts/facts";
import { findRepoRoot } from "../../scripts/lib/root";
import type { Call, Res } from "../emulator/helpers";
import { convert } from "../emulator/openapi";
import { useWorld } from "../helpers/world";

type Json = any;

const docs: Json = JSON.parse(fs.readFileSync(path.join(findRepoRoot(__dirname), DOCS_FACTS_FILE), "utf8"));

const APP_NULLS =
  "the docs spec types every app setting as a plain string; OneSignal answers null for settings that are not set (the 5.12 spec's App marks these nullable, and the docs' own template examples carry nulls)";
const appNulls = (prefix: string, fields: string[]): Record<string, string> =>
  Object.fromEntries(fields.map((f) => [`${prefix}/${f} must be string`, APP_NULLS]));
const APP_UNSET = [
  "apns_bundle_id",
  "apns_certificates",
  "apns_key_id",
  "apns_p8",
  "apns_team_id",
  "chrome_key",
  "chrome_web_default_notification_icon",
  "chrome_web_gcm_sender_id",
  "chrome_web_key",
  "chrome_web_origin",
  "chrome_web_sub_domain",
  "fcm_sender_id",
  "fcm_v1_service_account_json",
  "gcm_key",
  "safari_apns_certificate",
  "safari_push_id",
  "safari_site_origin",
  "site_name",
];
const CONTENT_NULLS =
  "the docs spec types template content members as non-null, but its own create-template example answers null for the members of other channels";

/**
 * The docs spec's own defects, per `<operationId> <status>` → problem → why it is the spec's fault.
 */
const SPEC_DEFECTS: Record<string, Record<string, string>> = {
  "view-apps 200": appNulls("/*", [...APP_UNSET, "apns_env"]),
  "view-an-app 200": appNulls("", APP_UNSET),
  "update-an-app 200": appNulls(
    "",
    APP_UNSET.filter(
      (f) =>
        ![
          "chrome_key",
          "gcm_key",
          "safari_apns_certificate",
          "safari_push_id",
          "safari_site_origin",
        ].includes(f),
    ),
  ),
  "create-an-app 400": {
    "status 400 not declared":
      "create-an-app declares no 400, though a body without a name is refused (the 5.12 spec's create_app declares 400)",
  },
  "create-segments 409": {
    "status 409 not declared":
      'create-segments describes the 409 for an id that already exists ("Segment with the given id already exists.") but does not declare the status',
  },
  "view-segment 200": {
    "/payload/filters/* must match exactly one schema in oneOf":
      "the filter branch of the payload's filters has no required member, so an operator entry matches both branches of the oneOf",
  },
  "view-template 200": {
    "/ must match exactly one schema in oneOf":
      "neither branch of view-template's oneOf (push, email) has a required member, so every template matches both",
    ...Object.fromEntries(
      [
        "disable_email_click_tracking must be boolean",
        "email_bcc must be array",
        "email_body must be string",
        "email_from_address must be string",
        "email_from_name must be string",
        "email_preheader must be string",
        "email_reply_to_address must be string",
        "email_subject must be string",
        "isEmail must be boolean",
        "isSMS must be boolean",
        "url must be string",
      ].map((p) => [`/content/${p}`, CONTENT_NULLS]),
    ),
  },
};

/**
 * Emulator answers another change of the same issue is bringing in line with the docs, per
 * `<operationId> <status>` → problem → what changes.
 */
const AWAITING: Record<string, Record<string, string>> = {};

/** The docs operation for an emulator route, and its response declarations. */
function docsOperation(method: string, template: string, body: unknown): { id: string; op: Json } {
  const m = method.toLowerCase();
  let candidates = Object.entries<Json>(docs.paths).filter(
    ([p, item]) => p.replace(/\?.*$/, "") === template && item[m],
  );
  if (template === "/notifications") {
    const b = (body ?? {}) as Record<string, unknown>;
    const channel =
      typeof b.target_channel === "string"
        ? b.target_channel
        : b.email_subject !== undefined || b.email_to !== undefined
          ? "email"
          : b.sms_from !== undefined || b.include_phone_numbers !== undefined
            ? "sms"
            : "push";
    candidates = candidates.filter(([p]) => p === `/notifications?c=${channel}`);
  }
  if (candidates.length !== 1)
    throw new Error(`${method} ${template}: ${candidates.length} docs operations match, expected 1`);
  const op = candidates[0]![1][m];
  return { id: op.operationId, op };
}

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
addFormats(ajv);
// Formats the docs spec uses that JSON Schema does not define: annotations only.
ajv.addFormat("double", true);
ajv.addFormat("json", true);
const definitions: Json = {};
for (const [name, s] of Object.entries(docs.components.schemas)) definitions[name] = convert(s, true);
const validators = new Map<string, ValidateFunction>();

/** What is wrong with `res` as the docs' answer of `id` (the status, the media type, the body). */
function problemsOf(id: string, op: Json, res: Res): string[] {
  const declared = op.responses[String(res.status)];
  if (!declared) return [`status ${res.status} not declared`];
  const contentType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim();
  const media = declared.content?.[contentType];
  if (!media)
    return [`${contentType || "no content type"} not declared (${Object.keys(declared.content ?? {})})`];
  if (!media.schema) return [];
  const key = `${id} ${res.status} ${contentType}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile({ ...convert(media.schema, true), definitions });
    validators.set(key, validate);
  }
  if (validate(res.body)) return [];
  // Array indexes become `*`: a problem is named once for every item it affects.
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath.replace(/\/\d+(?=\/|$)/g, "/*") || "/"} ${e.message}`,
  );
}

const w = useWorld({ app: false });
const seen: { key: string; problems: string[] }[] = [];
const routesCovered = new Set<string>();

/** Calls the emulator and records how the answer fares against the docs spec. */
async function call(template: string, c: Call): Promise<Res> {
  const res = await w.http.call(c);
  const method = c.method ?? "GET";
  const { id, op } = docsOperation(method, template, c.body);
  seen.push({ key: `${id} ${res.status}`, problems: problemsOf(id, op, res) });
  if (res.status >= 200 && res.status < 300) routesCovered.add(`${method} ${template}`);
  return res;
}

describe(`emulator responses conform to ${DOCS_FACTS_FILE}`, () => {
  test("apps, API keys, segments, templates and create message", async () => {
    const org = w.http.org;
    // Apps
    const app = await call("/apps", {
      method: "POST",
      path: "/apps",
      key: org,
      body: { name: "docs contract", organization_id: w.emu.organizationId, apns_env: "production" },
    });
    const appId = app.body.id as string;
    await call("/apps", { path: "/apps", key: org });
    await call("/apps/{app_id}", { path: `/apps/${appId}`, key: org });
    await call("/apps/{app_id}", {
      method: "PUT",
      path: `/apps/${appId}`,
      key: org,
      body: { name: "docs 2" },
    });
    await call("/apps/{app_id}", { path: `/apps/${randomUUID()}`, key: org });
    await call("/apps", { path: "/apps" });
    await call("/apps", {
      method: "POST",
      path: "/apps",
      key: org,
      body: { organization_id: w.emu.organizationId },
    });

    // API keys
    const tokens = `/apps/${appId}/auth/tokens`;
    const created = await call("/apps/{app_id}/auth/tokens", {
      method: "POST",
      path: tokens,
      key: org,
      body: { name: "k", ip_allowlist_mode: "explicit", ip_allowlist: ["127.0.0.1/32"] },
    });
    const tokenId = created.body.token_id as string;
    await call("/apps/{app_id}/auth/tokens", { path: tokens, key: org });
    await call("/apps/{app_id}/auth/tokens/{token_id}", {
      method: "PATCH",
      path: `${tokens}/${tokenId}`,
      key: org,
      body: { name: "k2" },
    });
    const rotated = await call("/apps/{app_id}/auth/tokens/{token_id}/rotate", {
      method: "POST",
      path: `${tokens}/${tokenId}/rotate`,
      key: org,
    });
    const key = rotated.body.formatted_token as string;
    await call("/apps/{app_id}/auth/tokens", { method: "POST", path: tokens, key: org, body: {} });

    // Segments
    const segments = `/apps/${appId}/segments`;
    const filters = [
      { field: "tag", key: "a", relation: "=", value: "1" },
      { operator: "OR" },
      { field: "session_count", relation: ">", value: "2" },
    ];
    const seg = await call("/apps/{app_id}/segments", {
      method: "POST",
      path: segments,
      key,
      body: { name: "S", description: "d", filters },
    });
    const segId = seg.body.id as string;
    await call("/apps/{app_id}/segments", { path: segments, key });
    await call("/apps/{app_id}/segments/{segment_id}", { path: `${segments}/${segId}`, key });
    await call("/apps/{app_id}/segments/{segment_id}", {
      path: `${segments}/${segId}?include-segment-detail=true`,
      key,
    });
    await call("/apps/{app_id}/segments/{segment_id}", {
      method: "PATCH",
      path: `${segments}/${segId}`,
      key,
      body: { name: "S2" },
    });
    await call("/apps/{app_id}/segments", {
      method: "POST",
      path: segments,
      key,
      body: { name: "S3", filters: [] },
    });
    await call("/apps/{app_id}/segments", {
      method: "POST",
      path: segments,
      key,
      body: { id: segId, name: "S4", filters },
    });
    await call("/apps/{app_id}/segments/{segment_id}", { path: `${segments}/${randomUUID()}`, key });

    // Templates
    const push = await call("/templates", {
      method: "POST",
      path: "/templates",
      key,
      body: { app_id: appId, name: "P", contents: { en: "x" }, headings: { en: "h" }, isAndroid: true },
    });
    await call("/templates", {
      method: "POST",
      path: "/templates",
      key,
      body: { app_id: appId, name: "E", isEmail: true, email_subject: "s", email_body: "b" },
    });
    await call("/templates", {
      method: "POST",
      path: "/templates",
      key,
      body: { app_id: appId, name: "S", isSMS: true, contents: { en: "x" } },
    });
    const tplId = push.body.id as string;
    await call("/templates", { path: `/templates?app_id=${appId}`, key });
    await call("/templates/{template_id}", { path: `/templates/${tplId}?app_id=${appId}`, key });
    await call("/templates/{template_id}", {
      method: "PATCH",
      path: `/templates/${tplId}?app_id=${appId}`,
      key,
      body: { name: "P2" },
    });
    const other = w.emu.state.createApp({ name: "other" });
    await call("/templates/{template_id}/copy_to_app", {
      method: "POST",
      path: `/templates/${tplId}/copy_to_app?app_id=${appId}`,
      key: org,
      body: { target_app_id: other.id },
    });
    await call("/templates", {
      method: "POST",
      path: "/templates",
      key,
      body: { app_id: appId, name: "bad", isEmail: true },
    });

    // Create message
    w.emu.state.addSubscriptions(appId, [{ type: "push", external_id: "u" }]);
    const send = (body: Record<string, unknown>) =>
      call("/notifications", {
        method: "POST",
        path: "/notifications",
        key,
        body: { app_id: appId, ...body },
      });
    await send({ contents: { en: "x" }, included_segments: ["Subscribed Users"] });
    await send({
      contents: { en: "x" },
      include_aliases: { external_id: ["nobody"] },
      target_channel: "push",
    });
    await send({ contents: { en: "x" } });
    await send({
      target_channel: "email",
      email_subject: "s",
      email_body: "b",
      include_aliases: { external_id: ["u"] },
    });
    await send({
      target_channel: "sms",
      name: "n",
      contents: { en: "x" },
      included_segments: ["Subscribed Users"],
    });

    // Rate limits: each family's 429
    const once = { perSecond: 1, burst: 1 };
    w.emu.faults.setRateLimits({ segments: once, templateViews: once, apps: once, notifications: once });
    try {
      for (let i = 0; i < 2; i++) {
        await call("/apps/{app_id}/segments", { path: segments, key });
        await call("/templates", { path: `/templates?app_id=${appId}`, key });
        await call("/apps", { path: "/apps", key: org });
        await send({ contents: { en: "x" }, included_segments: ["Subscribed Users"] });
      }
      expect(seen.filter((s) => s.key.endsWith(" 429")).map((s) => s.key)).toEqual([
        "view-segments 429",
        "view-templates 429",
        "view-apps 429",
        "push-notification 429",
      ]);
    } finally {
      w.emu.faults.setRateLimits("off");
    }

    // Deletes last
    await call("/templates/{template_id}", {
      method: "DELETE",
      path: `/templates/${tplId}?app_id=${appId}`,
      key,
    });
    await call("/templates/{template_id}", {
      method: "DELETE",
      path: `/templates/${tplId}?app_id=${appId}`,
      key,
    });
    await call("/templates/{template_id}", { path: `/templates/${tplId}?app_id=${appId}`, key });
    await call("/apps/{app_id}/segments/{segment_id}", {
      method: "DELETE",
      path: `${segments}/${segId}`,
      key,
    });
    await call("/apps/{app_id}/segments/{segment_id}", {
      method: "DELETE",
      path: `${segments}/${segId}`,
      key,
    });
    await call("/apps/{app_id}/auth/tokens/{token_id}", {
      method: "DELETE",
      path: `${tokens}/${tokenId}`,
      key: org,
    });

    const byKey: Record<string, Set<string>> = {};
    for (const s of seen) for (const p of s.problems) (byKey[s.key] ??= new Set()).add(p);
    const actual = Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, [...v].sort()]));
    const expected: Record<string, string[]> = {};
    for (const m of [SPEC_DEFECTS, AWAITING])
      for (const [k, v] of Object.entries(m))
        expected[k] = [...(expected[k] ?? []), ...Object.keys(v)].sort();
    expect(actual).toEqual(expected);
  });

  test("every emulator route was answered with a success and matched to a docs operation", () => {
    expect(ROUTES.map((r) => `${r.method} ${r.template}`).filter((r) => !routesCovered.has(r))).toEqual([]);
  });

  test("the check can fail: an undeclared status, a wrong media type and a wrong body are reported", () => {
    const { id, op } = docsOperation("GET", "/apps/{app_id}", undefined);
    const res = (status: number, body: unknown, type = "application/json"): Res => ({
      status,
      body,
      text: JSON.stringify(body),
      headers: new Headers({ "content-type": type }),
    });
    expect(id).toBe("view-an-app");
    expect(problemsOf(id, op, res(418, {}))).toEqual(["status 418 not declared"]);
    expect(problemsOf(id, op, res(404, {}, "text/html"))).toEqual([
      "text/html not declared (application/json)",
    ]);
    expect(problemsOf(id, op, res(200, { id: 7 }))).toEqual(["/id must be string"]);
    expect(docsOperation("POST", "/notifications", { target_channel: "sms" }).id).toBe("sms");
  });
});
