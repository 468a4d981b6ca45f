/**
 * The app API key that segment and template calls use: the resource's `apiKey`, else the
 * provider's `onesignal:appApiKey`, with one retry on the fallback after a 403.
 */
import { str } from "../json";
import type { AppAuth } from "./api";
import { ResourceError } from "./errors";
import { type Context, type Kind, type Props, KIND_NAMES } from "./protocol";

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
