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

/** Rate-limit body (OneSignal's "Rate limits" page). */
export const RATE_LIMIT_MESSAGE = "API rate limit exceeded.";

/** Create-message sentinel strings (the official Node SDK's `dist/errors.js`). */
export const NO_TARGETS_MESSAGE =
  "You must include which players, segments, or tags you wish to send this notification to.";
export const NOT_SUBSCRIBED_MESSAGE = "All included players are not subscribed";
export const SERVICE_UNAVAILABLE_MESSAGE = "Service temporarily unavailable";

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

export function rateLimited(retryAfterSeconds: number): HttpError {
  return new HttpError(429, errorsBody(RATE_LIMIT_MESSAGE), {
    "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
}
