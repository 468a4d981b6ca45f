/**
 * The seam between the resource handlers and the OneSignal client, typed by the client itself:
 * handlers see exactly the client's methods and records, and tests can pass a stub of the same
 * shape. The runtime builds the real client lazily (clientFactory.ts), so `check` and `diff`
 * never construct one.
 */
import type { OneSignalClient } from "../client";

/** The client surface the handlers use (create message is not a resource). */
export type OneSignalApi = Pick<OneSignalClient, "apps" | "apiKeys" | "segments" | "templates">;

/** App key scope for segment and template calls. */
export type { AppAuth } from "../client";

type Answer<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

/** An app as the client returns it (camelCase; write-only settings never present). */
export type AppRecord = Answer<OneSignalApi["apps"]["get"]>;
/** An API key's metadata (never the secret). */
export type ApiKeyRecord = Answer<OneSignalApi["apiKeys"]["get"]>;
/** The create/rotate answer: the only time the secret is visible. */
export type ApiKeySecret = Answer<OneSignalApi["apiKeys"]["create"]>;
/** A segment with its filters, as get_segment returns it. */
export type SegmentDetail = Answer<OneSignalApi["segments"]["get"]>;
/** A template with its content, as view_template returns it. */
export type TemplateRecord = Answer<OneSignalApi["templates"]["get"]>;

/** Error classification the handlers need; the runtime wires these to the client's guards. */
export interface ErrorGuards {
  isNotFound(err: unknown): boolean;
  isConflict(err: unknown): boolean;
  isBadRequest(err: unknown): boolean;
  isAmbiguous(err: unknown): boolean;
  isForbidden(err: unknown): boolean;
  /** `view-segment`'s 400 for a segment with event filters, which OneSignal will not return. */
  isUserBasedSegment(err: unknown): boolean;
  /** A segment create (or update) refused by the app's plan (403 / 422 of `create-segments`). */
  isSegmentPlanLimit(err: unknown): boolean;
}
