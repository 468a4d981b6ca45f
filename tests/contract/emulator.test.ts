/**
 * Contract: every emulator response body validates against the response schema OneSignal's spec
 * declares for that operation and status (falling back to the operation's `default`), using ajv and
 * the converter in tests/emulator/openapi.ts. The only exceptions are the named ones below, each
 * listed in emulator/README.md ("Divergences from the spec").
 */
import { randomUUID } from "node:crypto";
import { ROUTES } from "../../emulator";
import type { Res } from "../emulator/helpers";
import {
  loadSpec,
  openapiPath,
  STATUS_EXCEPTIONS,
  validateResponse,
  type SpecException,
} from "../emulator/openapi";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: false });
const covered = new Map<string, Set<number>>();

/** Asserts `res` matches the 5.12 spec for `method template`, with only the named exceptions. */
function conforms(res: Res, method: string, template: string, exceptions: SpecException[] = []): void {
  const op = `${method} ${template}`;
  expect(res.headers.get("content-type")).toBe("application/json");
  let status = res.status;
  const statusException = STATUS_EXCEPTIONS[op];
  if (statusException && status === statusException.actual) status = statusException.declared;
  const { errors, declared } = validateResponse(method, template, status, res.body, exceptions);
  expect({ op, status: res.status, errors }).toEqual({ op, status: res.status, errors: [] });
  if (res.status >= 200 && res.status < 300) {
    // A success must be the 2xx the 5.12 spec declares, not something that only matched `default`.
    expect({ op, declared }).toEqual({ op, declared: String(status) });
  }
  if (!covered.has(op)) covered.set(op, new Set());
  covered.get(op)!.add(res.status);
}

describe("emulator responses conform to openapi.yaml", () => {
  test(`spec is readable at ${openapiPath}`, () => {
    expect(loadSpec().info.version).toBe("5.12.0");
  });

  test("named divergence: auth scheme is `Key` (as the official Node SDK sends), the 5.12 spec declares http bearer", async () => {
    const schemes = loadSpec().components.securitySchemes;
    expect(schemes.rest_api_key).toEqual({ scheme: "bearer", type: "http" });
    expect(schemes.organization_api_key).toEqual({ scheme: "bearer", type: "http" });
    expect(
      (await w.http.call({ path: "/apps", headers: { Authorization: `Key ${w.http.org}` } })).status,
    ).toBe(200);
    expect(
      (await w.http.call({ path: "/apps", headers: { Authorization: `Bearer ${w.http.org}` } })).status,
    ).toBe(403);
  });

  test("apps", async () => {
    const created = await w.http.call({
      method: "POST",
      path: "/apps",
      key: w.http.org,
      body: {
        name: "contract",
        organization_id: w.emu.organizationId,
        apns_env: "production",
        apns_p12: "x",
        apns_p12_password: "y",
        chrome_web_origin: "https://a.example",
        safari_site_origin: "https://a.example",
        site_name: "S",
        safari_icon_256_256: "https://a.example/i.png",
      },
    });
    conforms(created, "POST", "/apps", ["app-organization_id-readable"]);
    const id = created.body.id;
    conforms(await w.http.call({ path: "/apps", key: w.http.org }), "GET", "/apps", [
      "app-organization_id-readable",
    ]);
    conforms(await w.http.call({ path: `/apps/${id}`, key: w.http.org }), "GET", "/apps/{app_id}", [
      "app-organization_id-readable",
    ]);
    conforms(
      await w.http.call({
        method: "PUT",
        path: `/apps/${id}`,
        key: w.http.org,
        body: { name: "contract 2" },
      }),
      "PUT",
      "/apps/{app_id}",
      ["app-organization_id-readable"],
    );
    // Without the exception the readable organization_id is the only complaint.
    const strict = validateResponse(
      "GET",
      "/apps/{app_id}",
      200,
      (await w.http.call({ path: `/apps/${id}`, key: w.http.org })).body,
    );
    expect(strict.errors).toEqual([expect.stringContaining("/organization_id")]);
    // errors
    conforms(
      await w.http.call({
        method: "POST",
        path: "/apps",
        key: w.http.org,
        body: { organization_id: w.emu.organizationId },
      }),
      "POST",
      "/apps",
    );
    conforms(await w.http.call({ path: `/apps/${randomUUID()}`, key: w.http.org }), "GET", "/apps/{app_id}");
    conforms(await w.http.call({ path: "/apps" }), "GET", "/apps");
    conforms(
      await w.http.call({
        method: "PUT",
        path: `/apps/${id}`,
        key: w.http.org,
        raw: "{",
        headers: { "Content-Type": "application/json" },
      }),
      "PUT",
      "/apps/{app_id}",
    );
  });

  test("API keys", async () => {
    const app = w.emu.state.createApp({ name: "keys" });
    const base = `/apps/${app.id}/auth/tokens`;
    const created = await w.http.call({
      method: "POST",
      path: base,
      key: w.http.org,
      body: { name: "k", ip_allowlist_mode: "explicit", ip_allowlist: ["127.0.0.1/32"] },
    });
    conforms(created, "POST", "/apps/{app_id}/auth/tokens");
    conforms(await w.http.call({ path: base, key: w.http.org }), "GET", "/apps/{app_id}/auth/tokens");
    conforms(
      await w.http.call({
        method: "PATCH",
        path: `${base}/${created.body.token_id}`,
        key: w.http.org,
        body: { name: "k2" },
      }),
      "PATCH",
      "/apps/{app_id}/auth/tokens/{token_id}",
    );
    conforms(
      await w.http.call({ method: "POST", path: `${base}/${created.body.token_id}/rotate`, key: w.http.org }),
      "POST",
      "/apps/{app_id}/auth/tokens/{token_id}/rotate",
    );
    conforms(
      await w.http.call({ method: "DELETE", path: `${base}/${created.body.token_id}`, key: w.http.org }),
      "DELETE",
      "/apps/{app_id}/auth/tokens/{token_id}",
    );
    conforms(
      await w.http.call({ method: "DELETE", path: `${base}/${created.body.token_id}`, key: w.http.org }),
      "DELETE",
      "/apps/{app_id}/auth/tokens/{token_id}",
    );
    conforms(
      await w.http.call({ method: "POST", path: base, key: w.http.org, body: {} }),
      "POST",
      "/apps/{app_id}/auth/tokens",
    );
  });

  test("segments", async () => {
    const { appId, key } = await w.http.appWithKey();
    const base = `/apps/${appId}/segments`;
    const filters = [
      { field: "tag", key: "a", relation: "=", value: "1" },
      { operator: "OR" },
      { field: "location", relation: "<", radius: 5, lat: 1, long: 2 },
    ];
    const created = await w.http.call({
      method: "POST",
      path: base,
      key,
      body: { name: "S", description: "d", filters },
    });
    conforms(created, "POST", "/apps/{app_id}/segments");
    const id = created.body.id;
    conforms(await w.http.call({ path: base, key }), "GET", "/apps/{app_id}/segments");
    conforms(
      await w.http.call({ path: `${base}/${id}`, key }),
      "GET",
      "/apps/{app_id}/segments/{segment_id}",
    );
    conforms(
      await w.http.call({ path: `${base}/${id}?include-segment-detail=true`, key }),
      "GET",
      "/apps/{app_id}/segments/{segment_id}",
    );
    conforms(
      await w.http.call({ method: "PATCH", path: `${base}/${id}`, key, body: { name: "S2" } }),
      "PATCH",
      "/apps/{app_id}/segments/{segment_id}",
    );
    // errors: 409 conflict, 400, 404 (GenericError), 404 on delete (GenericSuccessBoolResponse)
    conforms(
      await w.http.call({ method: "POST", path: base, key, body: { name: "S2", filters } }),
      "POST",
      "/apps/{app_id}/segments",
    );
    conforms(
      await w.http.call({ method: "POST", path: base, key, body: { name: "S3", filters: [] } }),
      "POST",
      "/apps/{app_id}/segments",
    );
    // The current docs' answers: a duplicate id (409), a user-based segment (400), plan limits.
    conforms(
      await w.http.call({ method: "POST", path: base, key, body: { id, name: "S4", filters } }),
      "POST",
      "/apps/{app_id}/segments",
    );
    w.emu.state.patch("segments", id, { user_based: true });
    conforms(
      await w.http.call({ path: `${base}/${id}`, key }),
      "GET",
      "/apps/{app_id}/segments/{segment_id}",
    );
    w.emu.state.patch("segments", id, { user_based: false });
    for (const segmentPlan of [{ available: false }, { maxSegments: 0 }]) {
      w.emu.state.setSettings({ segmentPlan });
      conforms(
        await w.http.call({ method: "POST", path: base, key, body: { name: "S5", filters } }),
        "POST",
        "/apps/{app_id}/segments",
      );
    }
    w.emu.state.setSettings({ segmentPlan: {} });
    conforms(
      await w.http.call({ path: `${base}/${randomUUID()}`, key }),
      "GET",
      "/apps/{app_id}/segments/{segment_id}",
    );
    conforms(
      await w.http.call({ method: "PATCH", path: `${base}/${randomUUID()}`, key, body: { name: "x" } }),
      "PATCH",
      "/apps/{app_id}/segments/{segment_id}",
    );
    conforms(
      await w.http.call({ method: "DELETE", path: `${base}/${id}`, key }),
      "DELETE",
      "/apps/{app_id}/segments/{segment_id}",
    );
    const gone = await w.http.call({ method: "DELETE", path: `${base}/${id}`, key });
    expect(gone.status).toBe(404);
    conforms(gone, "DELETE", "/apps/{app_id}/segments/{segment_id}");
    w.emu.faults.setRateLimits({ segments: { perSecond: 1, burst: 1 } });
    try {
      await w.http.call({ path: base, key });
      const limited = await w.http.call({ path: base, key });
      expect(limited.status).toBe(429);
      conforms(limited, "GET", "/apps/{app_id}/segments", ["rate-limit-structured"]);
    } finally {
      w.emu.faults.setRateLimits("off");
    }
  });

  test("the segment list status divergence is real and named", async () => {
    const { appId, key } = await w.http.appWithKey();
    const res = await w.http.call({ path: `/apps/${appId}/segments`, key });
    expect(res.status).toBe(200);
    expect(Object.keys(loadSpec().paths["/apps/{app_id}/segments"].get.responses)).toContain("201");
    expect(STATUS_EXCEPTIONS["GET /apps/{app_id}/segments"]?.name).toBe("segment-list-200");
  });

  test("templates", async () => {
    const { appId, key } = await w.http.appWithKey();
    const dst = w.emu.state.createApp({ name: "dst" });
    const push = await w.http.call({
      method: "POST",
      path: "/templates",
      key,
      body: {
        app_id: appId,
        name: "P",
        contents: { en: "x" },
        headings: { en: "h" },
        isAndroid: true,
        url: "https://a.example",
      },
    });
    conforms(push, "POST", "/templates");
    const email = await w.http.call({
      method: "POST",
      path: "/templates",
      key,
      body: {
        app_id: appId,
        name: "E",
        isEmail: true,
        email_subject: "s",
        email_body: "b",
        email_bcc: ["a@example.com"],
      },
    });
    conforms(email, "POST", "/templates");
    const id = push.body.id;
    conforms(await w.http.call({ path: `/templates?app_id=${appId}`, key }), "GET", "/templates");
    conforms(
      await w.http.call({ path: `/templates/${id}?app_id=${appId}`, key }),
      "GET",
      "/templates/{template_id}",
    );
    conforms(
      await w.http.call({
        method: "PATCH",
        path: `/templates/${id}?app_id=${appId}`,
        key,
        body: { name: "P2" },
      }),
      "PATCH",
      "/templates/{template_id}",
    );
    conforms(
      await w.http.call({
        method: "POST",
        path: `/templates/${id}/copy_to_app?app_id=${appId}`,
        key: w.http.org,
        body: { target_app_id: dst.id },
      }),
      "POST",
      "/templates/{template_id}/copy_to_app",
    );
    conforms(
      await w.http.call({ method: "DELETE", path: `/templates/${id}?app_id=${appId}`, key }),
      "DELETE",
      "/templates/{template_id}",
    );
    // errors
    conforms(
      await w.http.call({
        method: "POST",
        path: "/templates",
        key,
        body: { app_id: appId, name: "bad", isEmail: true },
      }),
      "POST",
      "/templates",
    );
    conforms(
      await w.http.call({ path: `/templates/${id}?app_id=${appId}`, key }),
      "GET",
      "/templates/{template_id}",
    );
    conforms(
      await w.http.call({ method: "DELETE", path: `/templates/${id}?app_id=${appId}`, key }),
      "DELETE",
      "/templates/{template_id}",
    );
    conforms(
      await w.http.call({
        method: "PATCH",
        path: `/templates/${id}?app_id=${appId}`,
        key,
        body: { name: "x" },
      }),
      "PATCH",
      "/templates/{template_id}",
    );
    conforms(
      await w.http.call({
        method: "POST",
        path: `/templates/${email.body.id}/copy_to_app?app_id=${appId}`,
        key: w.http.org,
        body: { target_app_id: appId },
      }),
      "POST",
      "/templates/{template_id}/copy_to_app",
    );
  });

  test("SMS templates: strict with smsChannelCase 'sms'; 'SMS' (default) needs the named exception", async () => {
    const { appId, key } = await w.http.appWithKey();
    const sms = await w.http.call({
      method: "POST",
      path: "/templates",
      key,
      body: { app_id: appId, name: "S", isSMS: true, contents: { en: "x" } },
    });
    // create-template answers without `channel` (its docs example); view-template has it.
    const view = await w.http.call({ path: `/templates/${sms.body.id}?app_id=${appId}`, key });
    expect(view.body.channel).toBe("SMS");
    expect(validateResponse("GET", "/templates/{template_id}", 200, view.body).errors).toEqual([
      expect.stringContaining("/channel"),
    ]);
    conforms(view, "GET", "/templates/{template_id}", ["template-channel-SMS"]);
    w.emu.state.setSettings({ smsChannelCase: "sms" });
    try {
      conforms(
        await w.http.call({ path: `/templates/${sms.body.id}?app_id=${appId}`, key }),
        "GET",
        "/templates/{template_id}",
      );
      conforms(await w.http.call({ path: `/templates?app_id=${appId}`, key }), "GET", "/templates");
    } finally {
      w.emu.state.setSettings({ smsChannelCase: "SMS" });
    }
  });

  test("notifications", async () => {
    const { appId, key } = await w.http.appWithKey();
    w.emu.state.addSubscriptions(appId, [{ type: "push", external_id: "u" }]);
    const send = (body: Record<string, unknown>) =>
      w.http.call({ method: "POST", path: "/notifications", key, body: { app_id: appId, ...body } });
    const idem = randomUUID();
    conforms(
      await send({ contents: { en: "x" }, included_segments: ["Subscribed Users"], idempotency_key: idem }),
      "POST",
      "/notifications",
    );
    conforms(
      await send({ contents: { en: "x" }, included_segments: ["Subscribed Users"], idempotency_key: idem }),
      "POST",
      "/notifications",
    );
    conforms(
      await send({
        contents: { en: "x" },
        include_aliases: { external_id: ["u", "nobody"] },
        target_channel: "push",
      }),
      "POST",
      "/notifications",
    );
    conforms(
      await send({
        contents: { en: "x" },
        include_aliases: { external_id: ["nobody"] },
        target_channel: "push",
      }),
      "POST",
      "/notifications",
    );
    conforms(await send({ contents: { en: "x" } }), "POST", "/notifications");
    w.emu.faults.setRateLimits({ notifications: { perSecond: 1, burst: 1 } });
    try {
      await send({ contents: { en: "x" }, included_segments: ["Subscribed Users"] });
      const limited = await send({ contents: { en: "x" }, included_segments: ["Subscribed Users"] });
      expect(limited.status).toBe(429);
      conforms(limited, "POST", "/notifications");
    } finally {
      w.emu.faults.setRateLimits("off");
    }
  });

  test("fault responses conform too (5xx → default GenericError)", async () => {
    for (const status of [500, 502, 503] as const) {
      w.emu.faults.add({ route: "app", count: 1, kind: "status", status });
      const res = await w.http.call({ path: "/apps", key: w.http.org });
      expect(res.status).toBe(status);
      conforms(res, "GET", "/apps");
    }
  });

  test("every emulator route was exercised with a success response", () => {
    for (const r of ROUTES) {
      const op = `${r.method} ${r.template}`;
      const statuses = [...(covered.get(op) ?? [])];
      expect({ op, success: statuses.some((s) => s >= 200 && s < 300) }).toEqual({ op, success: true });
      // And the route exists in the 5.12 spec with the same method.
      expect(loadSpec().paths[r.template]?.[r.method.toLowerCase()]).toBeDefined();
    }
  });
});
