/**
 * Error bodies and the exception type the emulator's handlers throw.
 *
 * OneSignal has several error envelopes (the 5.12 spec's `GenericError`, `RateLimitError`,
 * `GenericSuccessBoolResponse`, and legacy ones the official SDKs still parse); each handler picks
 * the one the sources document for that operation, so the body is part of the thrown value rather
 * than derived from the status code.
 */

/**
 * The auth-failure text, verbatim from the official SDKs (Node `dist/errors.js`). Note the TWO spaces
 * after "denied." — the Go client's tests pin it byte for byte.
 */
export const ACCESS_DENIED_MESSAGE =
  "Access denied.  Please include an 'Authorization: ...' header with a valid API key (https://documentation.onesignal.com/docs/en/keys-and-ids#api-keys).";

/**
 * Rate-limit text: the docs' 429 examples (view-apps, create-template, push-notification…) read
 * `{"errors": ["API rate limit exceeded"]}`, without the period the older "Rate limits" page had.
 */
export const RATE_LIMIT_MESSAGE = "API rate limit exceeded";
/** The `code` of the structured 429 that segment and template operations answer. */
export const RATE_LIMIT_CODE = "Rate Limit Exceeded";

/** Create-message sentinel strings (the official Node SDK's `dist/errors.js`). */
export const NO_TARGETS_MESSAGE =
  "You must include which players, segments, or tags you wish to send this notification to.";
export const NOT_SUBSCRIBED_MESSAGE = "All included players are not subscribed";
export const SERVICE_UNAVAILABLE_MESSAGE = "Service temporarily unavailable";

/** The docs' 400 when the body could not be read for want of a JSON `Content-Type` (delete-segments). */
export const MISSING_CONTENT_TYPE_MESSAGE =
  "app_id not found. You may be missing a Content-Type: application/json header.";
export const KEYS_IDS_REFERENCE = "/docs/accounts-and-keys#section-keys-ids";

/** An HTTP error with the exact JSON body to send. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = "HttpError";
  }
}

/** `{"errors": [messages…]}` — the most common OneSignal error shape. */
export function errorsBody(...messages: string[]): { errors: string[] } {
  return { errors: messages };
}

export function badRequest(...messages: string[]): HttpError {
  return new HttpError(400, errorsBody(...messages));
}

export function notFound(...messages: string[]): HttpError {
  return new HttpError(404, errorsBody(...messages));
}

export function unprocessable(...messages: string[]): HttpError {
  return new HttpError(422, errorsBody(...messages));
}

export function accessDenied(): HttpError {
  return new HttpError(403, errorsBody(ACCESS_DENIED_MESSAGE));
}

/**
 * The 429 body of a route family. Segment and template operations (view-segments, update-segment,
 * delete-segments, view-templates, view-template, delete-template) answer the structured
 * `{"errors": [{"code": "Rate Limit Exceeded", "title": …, "meta": {}}]}`; the others the plain
 * `{"errors": ["API rate limit exceeded"]}`. The docs' segment/template examples show the
 * placeholder title "Example error title"; the emulator uses the title the same shape carries in
 * the docs' user examples (update-user, view-user): "API rate limit exceeded".
 */
export function rateLimitBody(family: string | undefined): unknown {
  if (family === "segment" || family === "template")
    return { errors: [{ code: RATE_LIMIT_CODE, title: RATE_LIMIT_MESSAGE, meta: {} }] };
  return errorsBody(RATE_LIMIT_MESSAGE);
}

/** A 429 with the family's body; `Retry-After` is always sent ("Always emitted on 429 responses"). */
export function rateLimited(retryAfterSeconds: number, family?: string): HttpError {
  return new HttpError(429, rateLimitBody(family), {
    "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
}
