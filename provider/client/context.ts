/** What every family module needs: the transport and the credentials, plus response parsing. */
import type { z } from "zod";
import { formatIssues, idSchema } from "../schemas/common";
import { OneSignalApiError, OneSignalValidationError } from "./errors";
import type { RequestSpec, Transport, TransportResponse } from "./transport";

/** App (REST) API key for one app: used by segments, templates (except copy) and notifications. */
export type AppAuth = { appId: string; apiKey: string };

export interface ClientContext {
  transport: Transport;
  /** The organization API key, or a clear error naming `organizationApiKey` when not configured. */
  orgKey(operation: string): string;
}

/** URI-encodes a validated path id. */
export function pathId(value: unknown, name: string): string {
  const r = idSchema.safeParse(value);
  if (!r.success)
    throw new OneSignalValidationError(`${name}`, [
      { path: name, message: r.error.issues[0]?.message ?? "must be a non-empty string" },
    ]);
  return encodeURIComponent(r.data);
}

/**
 * OneSignal's name for each client operation (the operationId of its API reference), so that a
 * message names the call a user can look up, not this client's method.
 */
const OPERATION_IDS: Readonly<Record<string, string>> = {
  "apps.list": "view-apps",
  "apps.get": "view-an-app",
  "apps.create": "create-an-app",
  "apps.update": "update-an-app",
  "apiKeys.list": "view-api-keys",
  "apiKeys.create": "create-api-key",
  "apiKeys.update": "update-api-key",
  "apiKeys.delete": "delete-api-key",
  "apiKeys.rotate": "rotate-api-key",
  "segments.list": "view-segments",
  "segments.get": "view-segment",
  "segments.create": "create-segments",
  "segments.update": "update-segment",
  "segments.delete": "delete-segments",
  "templates.list": "view-templates",
  "templates.get": "view-template",
  "templates.create": "create-template",
  "templates.update": "update-template",
  "templates.delete": "delete-template",
  "templates.copy": "copy-template-to-another-app",
  // The current reference splits it per channel (push-notification, email, sms); the 5.12 name.
  "notifications.create": "create_notification",
};

/** How a message names a client operation: OneSignal's operationId where there is one. */
export function operationName(operation: string): string {
  const id = OPERATION_IDS[operation];
  return id ? `OneSignal's ${id}` : operation;
}

/** Validates an {@link AppAuth}. */
export function checkAuth(
  auth: AppAuth | undefined,
  operation: string,
): { appId: string; apiKey: string; encodedAppId: string } {
  const issues: { path: string; message: string }[] = [];
  if (!auth || typeof auth.appId !== "string" || auth.appId.trim() === "")
    issues.push({ path: "auth.appId", message: "must be a non-empty string" });
  if (!auth || typeof auth.apiKey !== "string" || auth.apiKey.trim() === "") {
    issues.push({
      path: "auth.apiKey",
      message: `the app API key is required for ${operationName(operation)}`,
    });
  }
  if (issues.length > 0)
    throw new OneSignalValidationError(`arguments to ${operationName(operation)}`, issues);
  return { appId: auth!.appId, apiKey: auth!.apiKey, encodedAppId: encodeURIComponent(auth!.appId) };
}

/** Parses a 2xx body with an inbound schema; a mismatch is an `invalid-response` error, not a crash. */
export function parseResponse<S extends z.ZodType>(
  schema: S,
  res: TransportResponse,
  spec: Pick<RequestSpec, "method" | "path">,
): z.output<S> {
  const r = schema.safeParse(res.data);
  if (r.success) return r.data;
  throw new OneSignalApiError({
    kind: "invalid-response",
    method: spec.method,
    path: spec.path,
    status: res.status,
    messages: formatIssues(r.error.issues).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)),
  });
}
