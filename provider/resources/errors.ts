/**
 * How handler failures reach the user: "OneSignal <Kind> <op> failed: <reason>", scrubbed of every
 * credential the handler knows, and carrying a created object's id so the engine keeps it in state.
 */
import { jsonSafeProps } from "../json";
import { secretNames, type FieldTable } from "../schemas/common";
import { type Context, type Kind, type Props, KIND_NAMES } from "./protocol";

/**
 * The error the handlers throw. The host turns `message` into the CLI error; `id` and
 * `properties` (when set) make it an `ErrorResourceInitFailed`, so the engine keeps the created
 * object in state and the next `up` retries it as an update instead of creating a duplicate.
 */
export class ResourceError extends Error {
  id?: string;
  properties?: Props;
  reasons?: string[];
  constructor(message: string) {
    super(message);
    this.name = "ResourceError";
    // The Node dynamic-provider host prints `${e}: ${e.stack}` for every failed check, diff, read
    // and delete (@pulumi/pulumi cmd/dynamic-provider), on top of the error the CLI shows: a stack
    // trace there is noise for an error that already says what happened and what to do.
    this.stack = "";
  }
}

/** The message of whatever was thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * OneSignal's own words from a failed call (the client error's `messages`), else
 * {@link messageOf}: what a message quotes or a handler matches when it is OneSignal's reason
 * that matters, not the request line around it.
 */
export function reasonOf(err: unknown): string {
  const messages = (err as { messages?: unknown }).messages;
  if (Array.isArray(messages) && messages.length > 0) return messages.map(String).join("; ");
  return messageOf(err);
}

/**
 * Replaces every occurrence of the given credential values with `[redacted]`: a second line of
 * defence behind the client's process-wide registry (provider/client/redact.ts).
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (typeof s === "string" && s.length >= 6) out = out.split(s).join("[redacted]");
  }
  return out;
}

/**
 * Wraps any failure as "OneSignal <Kind> <op> failed: <reason>". The client's
 * `OneSignalApiError.message` is already redacted; the credential values the handler knows are
 * scrubbed again as a second line of defence. With `partial`, the error carries `id` and
 * `properties` (including `__provider`, without which later read/delete cannot load a provider).
 */
export function wrapError(
  kind: Kind,
  op: string,
  err: unknown,
  secrets: readonly (string | undefined)[],
  partial?: { id: string; properties: Props; inputs: Props },
): ResourceError {
  const reason = messageOf(err);
  const prefix = `OneSignal ${KIND_NAMES[kind]} ${op} failed`;
  const message = scrub(err instanceof ResourceError ? reason : `${prefix}: ${reason}`, secrets);
  const e = new ResourceError(
    partial
      ? `${message} (the object ${partial.id} exists and is kept in state; the next \`pulumi up\` retries)`
      : message,
  );
  if (partial) {
    e.id = partial.id;
    e.properties = jsonSafeProps({ ...partial.properties, __provider: partial.inputs.__provider });
    e.reasons = [message];
  }
  return e;
}

/** Runs `fn`, rethrowing any failure that is not already a {@link ResourceError} as a {@link wrapError}. */
export async function guarded<T>(
  kind: Kind,
  op: string,
  secrets: readonly (string | undefined)[],
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ResourceError) throw err;
    throw wrapError(kind, op, err, secrets);
  }
}

/** Credential values a message must never contain. */
export function secretsOf(ctx: Context, ...values: unknown[]): (string | undefined)[] {
  let s: { organizationApiKey?: string; appApiKey?: string } = {};
  try {
    s = ctx.settings();
  } catch {
    // settings are only needed for redaction here
  }
  return [s.organizationApiKey, s.appApiKey, ...values.map((v) => (typeof v === "string" ? v : undefined))];
}

/** The credential values of a resource: its table's secret fields, plus the provider's keys. */
export function secretsIn(ctx: Context, table: FieldTable, props: Props): (string | undefined)[] {
  return secretsOf(ctx, ...secretNames(table).map((k) => props[k]));
}
