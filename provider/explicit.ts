/**
 * An explicit `onesignal.Provider` fails closed: before its process sends anything, it checks that
 * the organization key's apps belong to the organization id it was given. A program that mixes up
 * two organizations' keys and ids (or a key copied from the wrong organization) then stops before
 * it changes anything, instead of creating apps in one organization that state files under another.
 */
import type { ErrorGuards, OneSignalApi } from "./resources/api";
import { ResourceError } from "./resources/errors";
import type { Settings } from "./resources/protocol";

const verified = new Map<string, Promise<void>>();
const wrappers = new WeakMap<OneSignalApi, Map<string, OneSignalApi>>();

/** Forgets what was verified (tests). */
export function forgetVerified(): void {
  verified.clear();
}

async function verify(api: OneSignalApi, s: Settings, guards: ErrorGuards): Promise<void> {
  const head = "onesignal.Provider";
  if (!s.organizationApiKey || !s.organizationId)
    throw new ResourceError(
      `${head}: organizationApiKey and organizationId are both required; an explicit provider never ` +
        "takes them from the environment",
    );
  let apps: readonly { id: string; organizationId?: string | null }[];
  try {
    apps = await api.apps.list();
  } catch (err) {
    // view-apps answers 400 above 1000 apps: nothing to compare; OneSignal itself refuses a create
    // or update whose organization_id is not the key's (create-an-app, update-an-app).
    if (guards.isBadRequest(err)) return;
    if (guards.isForbidden(err))
      throw new ResourceError(
        `${head} for organization ${s.organizationId}: OneSignal refused its organizationApiKey (403); ` +
          "it must be an organization key (Organizations → Keys & IDs) of that organization",
      );
    throw err;
  }
  const foreign = [...new Set(apps.map((a) => a.organizationId).filter((o) => o && o !== s.organizationId))];
  if (foreign.length > 0)
    throw new ResourceError(
      `${head}: its organizationApiKey belongs to organization ${foreign.join(", ")}, not to the ` +
        `organizationId it was given (${s.organizationId}); nothing was sent. Give the provider the ` +
        "key and the id of the same organization",
    );
}

/**
 * The client of an explicit provider: every call first waits for the check (once per process and
 * settings; a failed check is tried again on the next call, so a network error does not stick).
 */
export function verifiedApi(api: OneSignalApi, s: Settings, guards: ErrorGuards): OneSignalApi {
  const key = JSON.stringify([s.apiUrl, s.organizationApiKey ?? "", s.organizationId ?? ""]);
  // One wrapper per client and settings: `ctx.api()` is called for every request.
  const byKey = wrappers.get(api) ?? new Map<string, OneSignalApi>();
  wrappers.set(api, byKey);
  const cached = byKey.get(key);
  if (cached) return cached;
  const ready = (): Promise<void> => {
    let p = verified.get(key);
    if (!p) {
      p = verify(api, s, guards);
      verified.set(key, p);
      p.catch(() => verified.delete(key));
    }
    return p;
  };
  const wrap = <F extends object>(family: F): F =>
    new Proxy(family, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== "function") return v;
        return async (...args: unknown[]) => {
          await ready();
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const wrapped: OneSignalApi = {
    apps: wrap(api.apps),
    apiKeys: wrap(api.apiKeys),
    segments: wrap(api.segments),
    templates: wrap(api.templates),
  };
  byKey.set(key, wrapped);
  return wrapped;
}
