/**
 * App API keys ("auth tokens"): list, create, update, delete, rotate (`view_api_keys`,
 * `create_api_key`, `update_api_key`, `delete_api_key`, `rotate_api_key`). All take the organization
 * key. There is no single-key GET: reads are list + filter.
 */
import { parseCidr } from "../cidr";
import type { Core, Ctx, Reply, RouteDef } from "../context";
import { badRequest, notFound } from "../errors";
import { hashToken, newAppKeyToken, newId } from "../ids";
import { apiKeyCreateSchema, apiKeyUpdateSchema, parseBody } from "../schemas";
import type { ApiKeyRecord, IpAllowlistMode } from "../state";

/** OneSignal's "Keys & IDs" page: up to 16 app API keys per app. */
export const MAX_KEYS_PER_APP = 16;

export const KEY_NOT_FOUND = "API key not found";

/** The list form of a key: never the secret, which OneSignal shows only once (docs for `create_api_key`). */
export function apiKeyView(key: ApiKeyRecord): Record<string, unknown> {
  return {
    token_id: key.token_id,
    name: key.name,
    ip_allowlist_mode: key.ip_allowlist_mode,
    ip_allowlist: [...key.ip_allowlist],
    created_at: key.created_at,
    updated_at: key.updated_at,
  };
}

/** Rejects invalid CIDRs, and `explicit` mode without any (OneSignal documents no error; 400 is our choice). */
function checkAllowlist(mode: IpAllowlistMode, list: readonly string[]): void {
  const bad = list.filter((c) => parseCidr(c) === undefined);
  if (bad.length > 0) throw badRequest(`ip_allowlist contains invalid CIDR blocks: ${bad.join(", ")}`);
  if (mode === "explicit" && list.length === 0) {
    throw badRequest("ip_allowlist must contain at least one CIDR block when ip_allowlist_mode is explicit");
  }
}

/**
 * Issues a key for `appId` and returns the secret. Shared with the admin API so tests can get an app
 * key without going through the org-key route.
 */
export function issueApiKey(
  core: Core,
  appId: string,
  fields: { name: string; ip_allowlist_mode?: IpAllowlistMode; ip_allowlist?: string[] },
): { record: ApiKeyRecord; token: string } {
  const count = core.data.apiKeys.filter((k) => k.app_id === appId).length;
  if (count >= MAX_KEYS_PER_APP) {
    // The 17th key's error is undocumented; 400 is what the 5.12 spec declares for `create_api_key`.
    throw badRequest(`An app can have at most ${MAX_KEYS_PER_APP} API keys`);
  }
  const mode = fields.ip_allowlist_mode ?? "disabled";
  const list = fields.ip_allowlist ?? [];
  checkAllowlist(mode, list);
  const token = newAppKeyToken(appId);
  const now = core.nowIso();
  const record: ApiKeyRecord = {
    token_id: newId(),
    app_id: appId,
    name: fields.name,
    ip_allowlist_mode: mode,
    ip_allowlist: [...list],
    created_at: now,
    updated_at: now,
    token_hash: hashToken(token),
  };
  core.data.apiKeys.push(record);
  return { record, token };
}

function appIdOf(ctx: Ctx): string {
  if (!ctx.app) throw notFound("App not found");
  return ctx.app.id;
}

function findKey(ctx: Ctx): ApiKeyRecord {
  const appId = appIdOf(ctx);
  const key = ctx.core.data.apiKeys.find((k) => k.token_id === ctx.params.token_id && k.app_id === appId);
  if (!key) throw notFound(KEY_NOT_FOUND);
  return key;
}

function listKeys(ctx: Ctx): Reply {
  const appId = appIdOf(ctx);
  const tokens = ctx.core.data.apiKeys
    .filter((k) => k.app_id === appId)
    .sort((a, b) => a.created_at.localeCompare(b.created_at))
    .map(apiKeyView);
  return { status: 200, body: { tokens } };
}

function createKey(ctx: Ctx): Reply {
  const appId = appIdOf(ctx);
  const body = parseBody(apiKeyCreateSchema, ctx.body);
  const { record, token } = issueApiKey(ctx.core, appId, body);
  return { status: 200, body: { token_id: record.token_id, formatted_token: token } };
}

/**
 * Partial PATCH; never changes the secret (OneSignal's "Keys & IDs" page). Returns `{}` (its docs for
 * `update_api_key`).
 */
function updateKey(ctx: Ctx): Reply {
  const key = findKey(ctx);
  const body = parseBody(apiKeyUpdateSchema, ctx.body);
  const mode = body.ip_allowlist_mode ?? key.ip_allowlist_mode;
  const list = body.ip_allowlist ?? key.ip_allowlist;
  checkAllowlist(mode, list);
  if (body.name !== undefined) key.name = body.name;
  key.ip_allowlist_mode = mode;
  key.ip_allowlist = [...list];
  key.updated_at = ctx.core.nowIso();
  return { status: 200, body: {} };
}

function deleteKey(ctx: Ctx): Reply {
  const key = findKey(ctx);
  ctx.core.data.apiKeys = ctx.core.data.apiKeys.filter((k) => k !== key);
  return { status: 200, body: {} };
}

/** Revokes the current secret at once, issues a new one, same configuration (the 5.12 spec's `rotate_api_key`). */
function rotateKey(ctx: Ctx): Reply {
  const key = findKey(ctx);
  const token = newAppKeyToken(key.app_id);
  key.token_hash = hashToken(token);
  key.updated_at = ctx.core.nowIso();
  return { status: 200, body: { token_id: key.token_id, formatted_token: token } };
}

const base = { family: "apiKey", rateFamily: "apiKeys", auth: "org", app: { from: "path" } } as const;

export const apiKeyRoutes: RouteDef[] = [
  {
    ...base,
    method: "GET",
    template: "/apps/{app_id}/auth/tokens",
    body: "none",
    mutates: false,
    handler: listKeys,
  },
  {
    ...base,
    method: "POST",
    template: "/apps/{app_id}/auth/tokens",
    body: "required",
    mutates: true,
    handler: createKey,
  },
  {
    ...base,
    method: "PATCH",
    template: "/apps/{app_id}/auth/tokens/{token_id}",
    body: "required",
    mutates: true,
    handler: updateKey,
  },
  {
    ...base,
    method: "DELETE",
    template: "/apps/{app_id}/auth/tokens/{token_id}",
    body: "none",
    mutates: true,
    handler: deleteKey,
  },
  {
    ...base,
    method: "POST",
    template: "/apps/{app_id}/auth/tokens/{token_id}/rotate",
    body: "none",
    mutates: true,
    handler: rotateKey,
  },
];
