/** Unit tests of the client's error types and its surface (no I/O). */
import {
  isAmbiguous,
  isConflict,
  isForbidden,
  isNotFound,
  isRateLimited,
  isTimeout,
  OneSignalApiError,
  OneSignalClient,
  OneSignalValidationError,
  sanitizePath,
  segmentCreateInputSchema,
  validate,
} from "../../provider/client";
import type { OneSignalApi } from "../../provider/resources/api";

describe("OneSignalApiError", () => {
  it("formats status, OneSignal's messages and attempts", () => {
    const e = new OneSignalApiError({
      kind: "http",
      method: "post",
      path: "/apps/a1/segments",
      status: 409,
      statusText: "Conflict",
      messages: ["Segment name already exists"],
      attempts: 2,
    });
    expect(e.message).toBe(
      "OneSignal POST /apps/a1/segments failed: 409 Conflict: Segment name already exists (after 2 attempts)",
    );
    expect(e.retried).toBe(true);
    expect(isConflict(e) && !isNotFound(e) && !isRateLimited(e) && !isForbidden(e)).toBe(true);
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: "OneSignalApiError",
      message: e.message,
      kind: "http",
      method: "POST",
      path: "/apps/a1/segments",
      status: 409,
      messages: ["Segment name already exists"],
      attempts: 2,
      retried: true,
    });
    expect(String(e)).toBe(`OneSignalApiError: ${e.message}`);
  });

  it("classifies ambiguity by method and kind", () => {
    const mk = (method: string, kind: "timeout" | "response-lost" | "network" | "http", status?: number) =>
      new OneSignalApiError({ kind, method, path: "/x", ...(status ? { status } : {}) });
    expect(isAmbiguous(mk("POST", "timeout"))).toBe(true);
    expect(isAmbiguous(mk("POST", "response-lost"))).toBe(true);
    expect(isAmbiguous(mk("POST", "http", 504))).toBe(true);
    expect(isAmbiguous(mk("POST", "http", 503))).toBe(false);
    expect(isAmbiguous(mk("POST", "network"))).toBe(false);
    expect(isAmbiguous(mk("GET", "timeout"))).toBe(false);
    expect(isAmbiguous(mk("PATCH", "response-lost"))).toBe(false);
    expect(isTimeout(mk("GET", "timeout"))).toBe(true);
    expect(isAmbiguous(new Error("x"))).toBe(false);
  });

  it("keeps ids but drops secret-looking query parameters from the path", () => {
    expect(sanitizePath("/templates/t1?app_id=a1&api_key=zzz&token=y&limit=5")).toBe(
      "/templates/t1?app_id=a1&limit=5",
    );
    expect(sanitizePath("/apps/a1")).toBe("/apps/a1");
  });
});

describe("OneSignalValidationError", () => {
  it("names each field in camelCase with an issues array", () => {
    let err: unknown;
    try {
      validate(
        segmentCreateInputSchema,
        { name: "", filters: [{ field: "tag", relation: "=", value: "v" }], extra: 1 },
        "segment",
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OneSignalValidationError);
    const v = err as OneSignalValidationError;
    expect(v.issues.map((i) => i.path).sort()).toEqual(["extra", "filters[0].key", "name"]);
    expect(v.message).toMatch(/^Invalid segment: /);
    expect(v.message).toContain("filters[0].key: is required");
    expect(JSON.parse(JSON.stringify(v))).toEqual({
      name: "OneSignalValidationError",
      message: v.message,
      issues: v.issues,
    });
  });
});

describe("client surface", () => {
  it("satisfies the interface the resource layer codes against", () => {
    // Compile-time check: the resources' structural OneSignalApi accepts the real client.
    const c: OneSignalApi = new OneSignalClient({ organizationApiKey: "org-key-for-surface-test" });
    expect(typeof c.apps.list).toBe("function");
    const real = new OneSignalClient();
    for (const [family, methods] of Object.entries({
      apps: ["list", "get", "create", "update"],
      apiKeys: ["list", "get", "create", "update", "delete", "rotate"],
      segments: ["list", "listAll", "get", "create", "update", "delete"],
      templates: ["list", "listAll", "get", "create", "update", "delete", "copy"],
      notifications: ["create"],
    })) {
      for (const m of methods)
        expect(typeof (real as unknown as Record<string, Record<string, unknown>>)[family]![m]).toBe(
          "function",
        );
    }
  });

  it("rejects a missing key before any request, naming OneSignal's operation, not the client's method", async () => {
    const c = new OneSignalClient({ apiUrl: "http://127.0.0.1:9" });
    const missingAppKey = c.segments.list({ appId: "a", apiKey: "" });
    await expect(missingAppKey).rejects.toThrow(
      /auth\.apiKey: the app API key is required for OneSignal's view-segments/,
    );
    await expect(c.segments.list({ appId: "a", apiKey: "" })).rejects.not.toThrow(/segments\.list/);
    await expect(c.apps.list()).rejects.toThrow(
      /organizationApiKey: is required for OneSignal's view-apps; set stack config onesignal:organizationApiKey/,
    );
    await expect(c.apps.list()).rejects.not.toThrow(/apps\.list/);
  });
});
