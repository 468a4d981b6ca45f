/**
 * The app API key that segment and template calls use: the resource's `apiKey`, else the
 * provider's `onesignal:appApiKey`, with one retry on the fallback after a 403; and what a refused
 * key means for the user (which key, and which command recovers).
 */
import type { z } from "zod";
import { str } from "../json";
import type { AppAuth } from "./api";
import { messageOf, ResourceError } from "./errors";
import { takeListed } from "./listCache";
import { type Context, type Kind, type Props, KIND_NAMES, UNKNOWN } from "./protocol";

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
 * OneSignal refused the app key (a 403 that is not the plan's refusal of the segments API).
 * `fromInput` says whether the key was the resource's own `apiKey` (typically an ApiKey's
 * `token`, which the next `up` can replace) or the provider setting (which only the user can).
 */
export class RefusedAppKeyError extends ResourceError {
  readonly fromInput: boolean;
  constructor(message: string, fromInput: boolean) {
    super(message);
    this.fromInput = fromInput;
  }
}

/** What else refuses a key that was not rotated: said in every refused-key message. */
const OTHER_CAUSES =
  "otherwise the key is not a key of this app, or its IP allowlist leaves out the machine running Pulumi";

/** When a refused resource key is an ApiKey's token, the next `up` after a refresh gives it a new one. */
const STALE_TOKEN =
  "If it is an ApiKey's token that was rotated or deleted outside Pulumi, or whose rotation's answer was lost,";

function refused(
  kind: Kind,
  op: string,
  appId: string,
  err: unknown,
  source: "input" | "fallback" | "setting",
) {
  const reason = messageOf(err);
  const head = `OneSignal ${KIND_NAMES[kind]} ${op} failed: OneSignal refused the app API key`;
  if (source === "setting")
    return new RefusedAppKeyError(
      `${head} of the provider setting onesignal:appApiKey / ONESIGNAL_APP_API_KEY for app ${appId} ` +
        `(${reason}). If it was rotated or deleted, set a working one (\`pulumi config set --secret ` +
        "onesignal:appApiKey <key>`, or the environment variable); `pulumi refresh` and `pulumi destroy` " +
        "use the stack config of the last `pulumi up` unless run with `--run-program`; " +
        `${OTHER_CAUSES}`,
      false,
    );
  return new RefusedAppKeyError(
    `${head} in its apiKey for app ${appId} (${reason})` +
      (source === "fallback" ? ", and the provider setting onesignal:appApiKey too" : "") +
      `. ${STALE_TOKEN} run \`pulumi up --refresh\`: the ApiKey obtains a working token and this ` +
      `resource follows; ${OTHER_CAUSES}`,
    true,
  );
}

/**
 * Calls `fn` with the resource's key; on a 403 retries once with the provider's fallback key when
 * that is a different key. This keeps refresh and destroy working when the stored key was rotated
 * or deleted out of band and the user configured a working one. A key still refused becomes a
 * {@link RefusedAppKeyError}; the plan's 403 (segments API not in the plan) passes unchanged.
 */
export async function withAppAuth<T>(
  kind: Kind,
  op: string,
  props: Props,
  ctx: Context,
  fn: (auth: AppAuth) => Promise<T>,
): Promise<T> {
  const auth = appAuth(kind, op, props, ctx);
  const isRefusal = (e: unknown) => ctx.guards.isForbidden(e) && !ctx.guards.isSegmentPlanLimit(e);
  const fromInput = str(props.apiKey) !== undefined;
  try {
    return await fn(auth);
  } catch (err) {
    if (!isRefusal(err)) throw err;
    const fallback = ctx.settings().appApiKey;
    if (!fromInput || !fallback || fallback === auth.apiKey)
      throw refused(kind, op, auth.appId, err, fromInput ? "input" : "setting");
    try {
      return await fn({ appId: auth.appId, apiKey: fallback });
    } catch (e) {
      if (!isRefusal(e)) throw e;
      throw refused(kind, op, auth.appId, err, "fallback");
    }
  }
}

/**
 * For `read`: whether a refusal of the resource's own key should keep the last known state. A
 * refresh that failed here would stop `pulumi up --refresh` before the ApiKey whose token this is
 * could obtain a new one (the resources are refreshed before anything is updated), so the state
 * is kept, with a warning that says so; a key from the provider setting, or no state to keep
 * (import, `get`), still fails.
 */
export function keepOnRefusedKey(
  ctx: Context,
  kind: Kind,
  id: string,
  props: Props,
  err: unknown,
  hasState: boolean,
): boolean {
  if (!(err instanceof RefusedAppKeyError) || !err.fromInput || !hasState) return false;
  ctx.warn(
    `OneSignal ${KIND_NAMES[kind]} "${String(props.name ?? id)}" (${id}, app ${String(props.appId)}) was not ` +
      "refreshed: OneSignal refused the app API key in its apiKey (403), so its last known state is kept. " +
      `${STALE_TOKEN} the next \`pulumi up\` obtains a working token and this resource ` +
      `follows; ${OTHER_CAUSES}`,
  );
  return true;
}

/**
 * `check`: a segment or template with no `apiKey` and no provider fallback key fails the preview
 * instead of its first request. An `apiKey` still unknown at preview (an ApiKey's token) is fine.
 */
export function requireAppKey(ctx: Context, kind: Kind, inputs: Props, c: z.RefinementCtx): void {
  if (inputs.apiKey === UNKNOWN || str(inputs.apiKey) || ctx.settings().appApiKey) return;
  c.addIssue({
    code: "custom",
    path: [],
    message:
      `OneSignal ${KIND_NAMES[kind]} needs an app API key, and none is set: give it apiKey (usually an ` +
      "ApiKey's token), or set the provider setting onesignal:appApiKey / ONESIGNAL_APP_API_KEY",
  });
}

/**
 * What the app's list of `kind` says of `id`, for a read (listCache.ts `takeListed`): the list is
 * taken with the app key the resource reads with (its `apiKey`, or the provider's), one per app,
 * key and operation.
 */
export function takeAppListed<T extends { id: string }>(
  ctx: Context,
  kind: "segment" | "template",
  id: string,
  props: Props,
  list: (auth: AppAuth) => Promise<readonly T[]>,
): Promise<T | undefined> {
  return takeListed(
    ctx,
    kind,
    String(props.appId),
    id,
    () => withAppAuth(kind, "read", props, ctx, list),
    str(props.apiKey) ?? ctx.settings().appApiKey,
  );
}
