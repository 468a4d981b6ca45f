/**
 * App API keys ("auth tokens"): organization-key endpoints (`view_api_keys`, `create_api_key`,
 * `update_api_key`, `delete_api_key`, `rotate_api_key`).
 */
import {
  apiKeyCreateInputSchema,
  apiKeyInputToWire,
  apiKeyListSchema,
  apiKeySecretWireSchema,
  apiKeyUpdateInputSchema,
  type ApiKey,
  type ApiKeyCreateInput,
  type ApiKeySecret,
  type ApiKeyUpdateInput,
} from "../schemas/apiKey";
import { OneSignalApiError, validate } from "./errors";
import { parseResponse, pathId, type ClientContext } from "./context";
import { registerSecret } from "./redact";
import type { RequestSpec, TransportResponse } from "./transport";

export interface ApiKeysApi {
  /** View API keys — OneSignal `view_api_keys` (`GET /apps/{app_id}/auth/tokens`, org key). Never includes secrets. */
  list(appId: string): Promise<ApiKey[]>;
  /**
   * One key's metadata: `view_api_keys` filtered by `token_id` (OneSignal has no single-key GET).
   * Throws a not-found {@link OneSignalApiError} (status 404) when the key does not exist.
   */
  get(appId: string, tokenId: string): Promise<ApiKey>;
  /**
   * Create an API key — OneSignal `create_api_key` (`POST /apps/{app_id}/auth/tokens`, org key).
   * The returned `formattedToken` is the secret and is shown exactly once. Never retried on
   * 5xx/timeouts: a repeat would create a second key.
   */
  create(appId: string, input: ApiKeyCreateInput): Promise<ApiKeySecret>;
  /** Update an API key — OneSignal `update_api_key` (`PATCH …/auth/tokens/{token_id}`, org key). The secret is unchanged. */
  update(appId: string, tokenId: string, input: ApiKeyUpdateInput): Promise<void>;
  /** Delete an API key — OneSignal `delete_api_key` (`DELETE …/auth/tokens/{token_id}`, org key). */
  delete(appId: string, tokenId: string): Promise<void>;
  /**
   * Rotate an API key — OneSignal `rotate_api_key` (`POST …/auth/tokens/{token_id}/rotate`, org
   * key). Revokes the current secret immediately and returns the new one. Never retried on
   * 5xx/timeouts: a repeat would revoke the secret the first attempt issued.
   */
  rotate(appId: string, tokenId: string): Promise<ApiKeySecret>;
}

export function apiKeysApi(ctx: ClientContext): ApiKeysApi {
  const request = (
    op: string,
    appId: string,
    spec: Omit<RequestSpec, "key" | "scope">,
  ): Promise<{ res: TransportResponse; spec: RequestSpec }> => {
    const full: RequestSpec = { ...spec, key: ctx.orgKey(op), scope: appId };
    return ctx.transport.request(full).then((res) => ({ res, spec: full }));
  };
  const secretFrom = (res: TransportResponse, spec: RequestSpec, tokenId?: string): ApiKeySecret => {
    const w = parseResponse(apiKeySecretWireSchema, res, spec);
    registerSecret(w.formatted_token);
    const id = w.token_id ?? tokenId;
    if (!id)
      throw new OneSignalApiError({
        kind: "invalid-response",
        method: spec.method,
        path: spec.path,
        status: res.status,
        messages: ["token_id missing"],
      });
    return { tokenId: id, formattedToken: w.formatted_token };
  };
  const list = async (appId: string): Promise<ApiKey[]> => {
    const a = pathId(appId, "appId");
    const { res, spec } = await request("apiKeys.list", appId, {
      method: "GET",
      path: `/apps/${a}/auth/tokens`,
      family: "GET /apps/{id}/auth/tokens",
    });
    return parseResponse(apiKeyListSchema, res, spec);
  };
  return {
    list,
    get: async (appId, tokenId) => {
      const t = pathId(tokenId, "tokenId");
      const found = (await list(appId)).find((k) => k.tokenId === tokenId);
      if (!found) {
        throw new OneSignalApiError({
          kind: "http",
          status: 404,
          statusText: "Not Found",
          method: "GET",
          path: `/apps/${encodeURIComponent(appId)}/auth/tokens/${t}`,
          messages: [`API key ${tokenId} not found in app ${appId}`],
        });
      }
      return found;
    },
    create: async (appId, input) => {
      const a = pathId(appId, "appId");
      const body = apiKeyInputToWire(validate(apiKeyCreateInputSchema, input, "API key"));
      const { res, spec } = await request("apiKeys.create", appId, {
        method: "POST",
        path: `/apps/${a}/auth/tokens`,
        family: "POST /apps/{id}/auth/tokens",
        body,
      });
      return secretFrom(res, spec);
    },
    update: async (appId, tokenId, input) => {
      const a = pathId(appId, "appId");
      const t = pathId(tokenId, "tokenId");
      const body = apiKeyInputToWire(validate(apiKeyUpdateInputSchema, input, "API key update"));
      await request("apiKeys.update", appId, {
        method: "PATCH",
        path: `/apps/${a}/auth/tokens/${t}`,
        family: "PATCH /apps/{id}/auth/tokens/{id}",
        body,
      });
    },
    delete: async (appId, tokenId) => {
      const a = pathId(appId, "appId");
      const t = pathId(tokenId, "tokenId");
      await request("apiKeys.delete", appId, {
        method: "DELETE",
        path: `/apps/${a}/auth/tokens/${t}`,
        family: "DELETE /apps/{id}/auth/tokens/{id}",
      });
    },
    rotate: async (appId, tokenId) => {
      const a = pathId(appId, "appId");
      const t = pathId(tokenId, "tokenId");
      const { res, spec } = await request("apiKeys.rotate", appId, {
        method: "POST",
        path: `/apps/${a}/auth/tokens/${t}/rotate`,
        family: "POST /apps/{id}/auth/tokens/{id}/rotate",
      });
      return secretFrom(res, spec, tokenId);
    },
  };
}
