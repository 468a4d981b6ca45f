/**
 * The client's closed set of errors. Both carry only redacted, JSON-safe data: no request
 * config, no headers, no `cause` pointing at an AxiosError (whose `config.headers` holds the
 * `Authorization` key). Their `message` is what a Pulumi user sees for a failed create/update
 * (Pulumi's dynamic-provider host shows only the message for those), so it names the operation,
 * the HTTP status and OneSignal's words.
 */
import type { z } from "zod";
import { formatIssues, type ValidationIssue } from "../schemas/common";
import { redact } from "./redact";

/**
 * How a request failed:
 * - `http`: OneSignal answered with a non-2xx status (see `status`).
 * - `timeout`: no answer within `timeoutMs`; the request may have been processed.
 * - `network`: the connection could not be made (refused, DNS); the request was never sent.
 * - `response-lost`: the connection broke after the request was sent (reset, hang-up); it may
 *   have been processed.
 * - `invalid-response`: a 2xx whose body does not match the documented shape.
 * - `cancelled`: the process was asked to stop (Pulumi's cancel) while the request waited or was in
 *   flight; an in-flight POST may have been processed.
 */
export type OneSignalErrorKind =
  "http" | "timeout" | "network" | "response-lost" | "invalid-response" | "cancelled";

export interface OneSignalApiErrorInit {
  kind: OneSignalErrorKind;
  method: string;
  path: string;
  status?: number;
  statusText?: string;
  messages?: string[];
  attempts?: number;
  retryAfterMs?: number;
  detail?: string;
  /** OneSignal's `operationId` of the request (e.g. `delete-segments`), when known. */
  operation?: string;
  /** The object the request is about (an id or a name), when the path does not show it. */
  object?: string;
  /** What the body was, for an answer without an error message (e.g. `{"success":false}`). */
  body?: string;
  /** The retry budget (ms) a 429's `Retry-After` went past, so the message can say so. */
  retryBudgetMs?: number;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "PUT", "PATCH", "DELETE"]);

/** A failed OneSignal call. */
export class OneSignalApiError extends Error {
  override readonly name = "OneSignalApiError";
  readonly kind: OneSignalErrorKind;
  /** HTTP status, when OneSignal answered. */
  readonly status?: number;
  /** HTTP method, upper case. */
  readonly method: string;
  /** Request path with ids kept and secret-looking query parameters removed. */
  readonly path: string;
  /** OneSignal's own error messages (redacted), from any of the documented body shapes. */
  readonly messages: string[];
  /** Number of attempts made (1 = not retried). */
  readonly attempts: number;
  /** Whether the request was retried before giving up. */
  readonly retried: boolean;
  /** The server's `Retry-After`, in ms, on a 429 the client gave up on. */
  readonly retryAfterMs?: number;
  /** OneSignal's `operationId` of the failed request, when known. */
  readonly operation?: string;

  constructor(init: OneSignalApiErrorInit) {
    const messages = (init.messages ?? []).map(redact);
    const attempts = init.attempts ?? 1;
    const path = redact(sanitizePath(init.path));
    super(redact(buildMessage({ ...init, path, messages, attempts })));
    this.kind = init.kind;
    if (init.status !== undefined) this.status = init.status;
    this.method = init.method.toUpperCase();
    this.path = path;
    this.messages = messages;
    this.attempts = attempts;
    this.retried = attempts > 1;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.operation !== undefined) this.operation = init.operation;
  }

  /** JSON form: the public fields only (never headers or request config). */
  toJSON(): Record<string, unknown> {
    const j: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      kind: this.kind,
      method: this.method,
      path: this.path,
      messages: this.messages,
      attempts: this.attempts,
      retried: this.retried,
    };
    if (this.status !== undefined) j.status = this.status;
    if (this.retryAfterMs !== undefined) j.retryAfterMs = this.retryAfterMs;
    if (this.operation !== undefined) j.operation = this.operation;
    return j;
  }
}

function buildMessage(
  i: OneSignalApiErrorInit & { path: string; messages: string[]; attempts: number },
): string {
  let detail = i.detail;
  if (detail === undefined) {
    switch (i.kind) {
      case "http": {
        const head = `${i.status ?? "?"}${i.statusText ? ` ${i.statusText}` : ""}`;
        // Some answers carry no message at all: `{}` as text/plain from the edge with a 403
        // (OneSignal/onesignal-node-api#125), `{"success": false}` (delete-segments 404),
        // `{"status":404,"error":"Not Found"}`, empty bodies. The operation and the object then
        // say what failed.
        detail = i.messages.length > 0 ? `${head}: ${i.messages.join("; ")}` : `${head} ${silentAnswer(i)}`;
        break;
      }
      case "invalid-response":
        detail = `unexpected response${i.status !== undefined ? ` (${i.status})` : ""}${i.messages.length > 0 ? `: ${i.messages.join("; ")}` : ""}`;
        break;
      default:
        detail = i.messages.length > 0 ? i.messages.join("; ") : i.kind;
    }
  }
  let msg = `OneSignal ${i.method.toUpperCase()} ${i.path} failed: ${detail}`;
  if (i.attempts > 1) msg += ` (after ${i.attempts} attempts)`;
  if (i.kind === "http" && i.retryAfterMs !== undefined && i.retryBudgetMs !== undefined)
    msg += `; ${beyondBudget(i.retryAfterMs, i.retryBudgetMs)}`;
  if (ambiguous(i.kind, i.method, i.status))
    msg += "; the request may have taken effect on OneSignal, check before repeating it";
  return msg;
}

/** Seconds as a user reads them: whole seconds, at least 1. */
export function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** Why a rate-limited request was not retried: OneSignal's wait is longer than the budget. */
export function beyondBudget(retryAfterMs: number, budgetMs: number): string {
  return `OneSignal asked to wait ${seconds(retryAfterMs)} s (Retry-After); that is more than the retry budget of ${seconds(budgetMs)} s; run again later`;
}

function silentAnswer(i: OneSignalApiErrorInit): string {
  const what = [i.operation, i.object].filter((x) => x !== undefined && x !== "").join(" of ");
  const body = i.body === undefined || i.body === "" ? "an empty body" : i.body;
  return `(${what !== "" ? `${what}: ` : ""}OneSignal gave no error message, only ${body})`;
}

function ambiguous(kind: OneSignalErrorKind, method: string, status?: number): boolean {
  if (IDEMPOTENT.has(method.toUpperCase())) return false;
  if (kind === "timeout" || kind === "response-lost" || kind === "cancelled") return true;
  // A gateway error on a POST says nothing about whether the origin processed it.
  return kind === "http" && (status === 500 || status === 502 || status === 504);
}

const SECRET_QUERY = /^(key|api[_-]?key|token|auth.*|secret|password|signature|.*_key|.*_token)$/i;

/** Drops query parameters whose names suggest credentials; keeps ids and the rest. */
export function sanitizePath(path: string): string {
  const q = path.indexOf("?");
  if (q < 0) return path;
  const params = new URLSearchParams(path.slice(q + 1));
  const kept = [...params.entries()].filter(([k]) => !SECRET_QUERY.test(k));
  const qs = new URLSearchParams(kept).toString();
  return qs ? `${path.slice(0, q)}?${qs}` : path.slice(0, q);
}

/** Client-side validation failure, raised before any request is sent. */
export class OneSignalValidationError extends Error {
  override readonly name = "OneSignalValidationError";
  /** Each problem, with the path in the caller's camelCase (e.g. `filters[3].relation`). */
  readonly issues: ValidationIssue[];

  constructor(what: string, issues: ValidationIssue[]) {
    const clean = issues.map((i) => ({ path: redact(i.path), message: redact(i.message) }));
    const list = clean.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    super(redact(`Invalid ${what}: ${list}`));
    this.issues = clean;
  }

  /** Builds the error from zod issues. */
  static fromZod(what: string, error: z.ZodError): OneSignalValidationError {
    return new OneSignalValidationError(what, formatIssues(error.issues));
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, issues: this.issues };
  }
}

/** Validates `input` with an outbound schema or throws {@link OneSignalValidationError}. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw OneSignalValidationError.fromZod(what, r.error);
  return r.data;
}

export function isOneSignalApiError(err: unknown): err is OneSignalApiError {
  return err instanceof OneSignalApiError;
}
export function isOneSignalValidationError(err: unknown): err is OneSignalValidationError {
  return err instanceof OneSignalValidationError;
}
/** 404, or `{success:false}` with 404 (delete segment). */
export function isNotFound(err: unknown): err is OneSignalApiError {
  return isOneSignalApiError(err) && err.status === 404;
}
export function isRateLimited(err: unknown): err is OneSignalApiError {
  return isOneSignalApiError(err) && err.status === 429;
}
export function isBadRequest(err: unknown): err is OneSignalApiError {
  return isOneSignalApiError(err) && err.status === 400;
}
export function isConflict(err: unknown): err is OneSignalApiError {
  return isOneSignalApiError(err) && err.status === 409;
}
/** 403: wrong/missing key, or a plan without API access (segment update). */
export function isForbidden(err: unknown): err is OneSignalApiError {
  return isOneSignalApiError(err) && err.status === 403;
}
export function isTimeout(err: unknown): err is OneSignalApiError {
  return isOneSignalApiError(err) && err.kind === "timeout";
}
/**
 * The request may have taken effect although it failed: a timeout, a lost response or a gateway
 * error on a non-idempotent method (POST). Callers should look the object up before repeating.
 */
export function isAmbiguous(err: unknown): err is OneSignalApiError {
  return isOneSignalApiError(err) && ambiguous(err.kind, err.method, err.status);
}
/**
 * `view-segment`'s 400 for a segment with message-event or custom-event filters ("User-based
 * segments … are not yet supported via the API"): the segment exists but cannot be read.
 */
export function isUserBasedSegment(err: unknown): err is OneSignalApiError {
  return isBadRequest(err) && err.messages.some((m) => /user-based segments/i.test(m));
}
/**
 * A segment create refused by the app's plan: 403 "This API is not available for applications on
 * your plan." or 422 "You have reached the maximum number of segments allowed for your plan."
 * (`create-segments`; the 403 also on `update-segment`).
 */
export function isSegmentPlanLimit(err: unknown): err is OneSignalApiError {
  if (!isOneSignalApiError(err)) return false;
  if (err.status === 403)
    return err.messages.some((m) => /not available for applications on your plan/i.test(m));
  return err.status === 422 && err.messages.some((m) => /maximum number of segments/i.test(m));
}
