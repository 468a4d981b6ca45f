/**
 * Handler plumbing shared by several kinds: app-key resolution with a fallback, look-up
 * snapshots, retries of look-ups after a lost create response.
 */
import type { AppAuth } from "./api";
import { type Context, type Kind, type Props, KIND_NAMES, ResourceError, str } from "./common";

/**
 * Lists taken for the pre-create look-up (ownership.ts), one per parent per process. An object
 * left by an interrupted earlier run already exists when this process starts, so one list per app
 * (or organization) is enough: a 50-template stack costs one rate-limited list per app, not fifty.
 */
const snapshots = new Map<string, Promise<readonly unknown[]>>();

export function snapshot<T>(key: string, fetch: () => Promise<readonly T[]>): Promise<readonly T[]> {
  let p = snapshots.get(key) as Promise<readonly T[]> | undefined;
  if (!p) {
    p = fetch();
    snapshots.set(key, p);
    // A failed list must not be cached.
    p.catch(() => snapshots.delete(key));
  }
  return p;
}

/** Forgets every snapshot, as a new provider process would (tests). */
export function forgetSnapshots(): void {
  snapshots.clear();
}

/** The app key for segment/template calls: the resource's `apiKey`, else the provider's. */
export function appAuth(kind: Kind, op: string, props: Props, ctx: Context): AppAuth {
  const appId = str(props.appId);
  if (!appId) throw new ResourceError(`OneSignal ${KIND_NAMES[kind]} ${op} failed: appId is not set`);
  const apiKey = str(props.apiKey) ?? ctx.settings().appApiKey;
  if (!apiKey) {
    throw new ResourceError(
      `OneSignal ${KIND_NAMES[kind]} ${op} failed: no app API key; set the resource's apiKey ` +
        "input or the provider setting onesignal:appApiKey / ONESIGNAL_APP_API_KEY",
    );
  }
  return { appId, apiKey };
}

/**
 * Calls `fn` with the resource's key; on a 403 retries once with the provider's fallback key when
 * that is a different key. This keeps refresh and destroy working when the stored key was rotated
 * or deleted out of band.
 */
export async function withAppAuth<T>(
  kind: Kind,
  op: string,
  props: Props,
  ctx: Context,
  fn: (auth: AppAuth) => Promise<T>,
): Promise<T> {
  const auth = appAuth(kind, op, props, ctx);
  try {
    return await fn(auth);
  } catch (err) {
    const fallback = ctx.settings().appApiKey;
    if (ctx.guards.isForbidden(err) && fallback && fallback !== auth.apiKey) {
      return fn({ appId: auth.appId, apiKey: fallback });
    }
    throw err;
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

/**
 * Runs a look-up after a lost create response. The look-up itself may meet the same outage, so it
 * is attempted a few times before giving up (the caller then fails without creating again).
 */
export async function lookUpAfterLoss<T>(ctx: Context, fn: () => Promise<T>, attempts = 3): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      await ctx.sleep(250 * (i + 1));
    }
  }
  throw last;
}
