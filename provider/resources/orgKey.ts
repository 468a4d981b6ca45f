/**
 * What a 403 on an organization-key call about one app means. OneSignal answers the same
 * "Access denied" when the organization key is wrong and when the app belongs to another
 * organization (view-an-app, update-an-app and the API-key endpoints all take only that app's
 * organization's key); view-apps (`get_apps`) tells the two apart.
 */
import type { z } from "zod";
import { guarded, messageOf, ResourceError } from "./errors";
import { type Context, type Kind, KIND_NAMES } from "./protocol";

/** `pulumi refresh` and `destroy` keep the last `up`'s provider config: said wherever a credential is. */
export const LAST_UP_CONFIG =
  "`pulumi refresh` and `pulumi destroy` use the stack config of the last `pulumi up` unless run with `--run-program`";

/** The error to throw for `err` from an organization-key call about `appId`: explained when it can be. */
export async function explainOrgRefusal(
  ctx: Context,
  kind: Kind,
  op: string,
  appId: string,
  err: unknown,
): Promise<unknown> {
  if (!ctx.guards.isForbidden(err)) return err;
  const reason = messageOf(err);
  const head = `OneSignal ${KIND_NAMES[kind]} ${op} failed`;
  const orgId = ctx.settings().organizationId;
  let listed: readonly { id: string }[];
  try {
    listed = await ctx.api().apps.list();
  } catch (e) {
    if (!ctx.guards.isForbidden(e)) return err; // view-apps is off above 1000 apps: cannot tell
    return new ResourceError(
      `${head}: OneSignal refused the organization API key (${reason}). onesignal:organizationApiKey / ` +
        "ONESIGNAL_ORGANIZATION_API_KEY must be an organization key (Organizations → Keys & IDs), not an " +
        `app's key${orgId ? `, of organization ${orgId}` : ""}; after setting a new one, note that ${LAST_UP_CONFIG}`,
    );
  }
  // view-apps returns at most 1000 apps: a full page cannot prove that an app is not there.
  if (listed.some((a) => a.id === appId) || listed.length >= 1000) return err;
  return new ResourceError(
    `${head}: app ${appId} is not in the organization of the configured organization key` +
      `${orgId ? ` (${orgId})` : ""}: OneSignal refused the key for it (${reason}) and the organization's ` +
      "apps do not include it, so it was moved to another organization (or deleted). To manage it there, " +
      "set that organization's key and id (onesignal:organizationApiKey, onesignal:organizationId) and run " +
      "`pulumi refresh --run-program`; to stop managing it from this stack, `pulumi state delete <urn>` " +
      "(`pulumi stack --show-urns` lists them)",
  );
}

/** {@link guarded} for organization-key operations on one app: a 403 says what it means. */
export function orgGuarded<T>(
  ctx: Context,
  kind: Kind,
  op: string,
  appId: string,
  secrets: readonly (string | undefined)[],
  fn: () => Promise<T>,
): Promise<T> {
  return guarded(kind, op, secrets, async () => {
    try {
      return await fn();
    } catch (err) {
      throw await explainOrgRefusal(ctx, kind, op, appId, err);
    }
  });
}

/**
 * `check`: the organization key that every App and ApiKey call needs, missing from the provider's
 * settings, fails the preview instead of the first request (as a missing organization id does).
 */
export function requireOrgKey(ctx: Context, kind: Kind, c: z.RefinementCtx): void {
  if (ctx.settings().organizationApiKey) return;
  c.addIssue({
    code: "custom",
    path: [],
    message:
      `OneSignal ${KIND_NAMES[kind]} needs the organization API key, and none is set: set ` +
      "onesignal:organizationApiKey (`pulumi config set --secret onesignal:organizationApiKey <key>`) or " +
      "ONESIGNAL_ORGANIZATION_API_KEY, or give the resource an explicit onesignal.Provider",
  });
}
