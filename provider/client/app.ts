/**
 * Apps: organization-key endpoints (`get_apps`, `create_app`, `get_app`, `update_app`). There is no
 * delete endpoint in the API.
 */
import {
  appCreateInputSchema,
  appInputToWire,
  appListSchema,
  appSchema,
  type App,
  type AppCreateInput,
  type AppUpdateInput,
  appUpdateInputSchema,
} from "../schemas/app";
import { validate } from "./errors";
import { parseResponse, pathId, type ClientContext } from "./context";
import type { RequestSpec } from "./transport";

export interface AppsApi {
  /** List apps — OneSignal `get_apps` (`GET /apps`, org key; at most 1000, no pagination). */
  list(): Promise<App[]>;
  /**
   * View an app — OneSignal `get_app` (`GET /apps/{app_id}`). With the organization key, or with
   * `appKey`: view-an-app also takes the app's own API key, which makes it the cheapest request
   * that tells whether an app key still works.
   */
  get(appId: string, opts?: { appKey?: string }): Promise<App>;
  /** Create an app — OneSignal `create_app` (`POST /apps`, org key). Not retried on 5xx/timeouts: no idempotency. */
  create(input: AppCreateInput): Promise<App>;
  /** Update an app — OneSignal `update_app` (`PUT /apps/{app_id}`, org key; partial merge). */
  update(appId: string, input: AppUpdateInput): Promise<App>;
}

export function appsApi(ctx: ClientContext): AppsApi {
  const send = async <T>(
    op: string,
    spec: Omit<RequestSpec, "key" | "scope"> & { scope?: string; key?: string },
    parse: (r: Awaited<ReturnType<typeof ctx.transport.request>>, s: RequestSpec) => T,
  ): Promise<T> => {
    const full: RequestSpec = { ...spec, key: spec.key ?? ctx.orgKey(op), scope: spec.scope ?? "org" };
    return parse(await ctx.transport.request(full), full);
  };
  return {
    list: () =>
      send("apps.list", { method: "GET", path: "/apps", family: "GET /apps" }, (r, s) =>
        parseResponse(appListSchema, r, s),
      ),
    get: (appId, opts) => {
      const id = pathId(appId, "appId");
      const appKey = typeof opts?.appKey === "string" && opts.appKey.trim() !== "" ? opts.appKey : undefined;
      return send(
        "apps.get",
        {
          method: "GET",
          path: `/apps/${id}`,
          family: "GET /apps/{id}",
          scope: appId,
          ...(appKey ? { key: appKey } : {}),
        },
        (r, s) => parseResponse(appSchema, r, s),
      );
    },
    create: async (input) => {
      const body = appInputToWire(validate(appCreateInputSchema, input, "app"));
      return send("apps.create", { method: "POST", path: "/apps", family: "POST /apps", body }, (r, s) =>
        parseResponse(appSchema, r, s),
      );
    },
    update: async (appId, input) => {
      const id = pathId(appId, "appId");
      const body = appInputToWire(validate(appUpdateInputSchema, input, "app update"));
      return send(
        "apps.update",
        { method: "PUT", path: `/apps/${id}`, family: "PUT /apps/{id}", scope: appId, body },
        (r, s) => parseResponse(appSchema, r, s),
      );
    },
  };
}
