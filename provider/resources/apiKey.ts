/**
 * App API keys (`/apps/{app_id}/auth/tokens`, organization key). The secret (`token`) is visible
 * only in the create and rotate answers, so it lives in state alone and survives refresh from
 * there; `rotationTrigger` rotates it in place.
 */
import { z } from "zod";
import type { ApiKeyRecord, ApiKeySecret } from "./api";
import { API_KEY_FIELDS } from "../schemas/apiKey";
import { canonicalCidr, normaliseAllowlist } from "./cidr";
import {
  type Context,
  type CreateResult,
  type FieldSpec,
  type FieldSpecs,
  type Props,
  type ResourceHandlers,
  ResourceError,
  canonical,
  checkWith,
  createdRecently,
  deepEqual,
  diffWith,
  fetchOrGone,
  guarded,
  jsonSafeProps,
  pickInputs,
  str,
  toIso,
  toMillis,
  wrapError,
} from "./common";
import { claim, isClaimed, lookUpAfterLoss, secretsOf, snapshot } from "./shared";

// The client's own schemas, so that preview rejects exactly what the client would reject at apply.
const cidr = API_KEY_FIELDS.ipAllowlist.schema.element.refine(
  (v) => canonicalCidr(v) !== undefined,
  "must be an IPv4 or IPv6 CIDR such as 203.0.113.0/24",
);

/** Every ApiKey input, declared once. */
export const apiKeyFields = {
  appId: { schema: z.string().min(1, "must not be empty"), required: true, replaceOnChange: true },
  name: { schema: API_KEY_FIELDS.name.schema, required: true },
  ipAllowlistMode: { schema: API_KEY_FIELDS.ipAllowlistMode.schema, default: "disabled" },
  ipAllowlist: { schema: z.array(cidr).max(1000), default: [], normalise: normaliseAllowlist },
  rotationTrigger: { schema: z.string().max(1024) },
  tokenId: { schema: z.string().min(1), createOnly: true },
} satisfies FieldSpecs;

/** The fields that the PATCH call changes. */
const patchable = ["name", "ipAllowlistMode", "ipAllowlist"] as const;

function body(inputs: Props): Record<string, unknown> {
  return {
    name: inputs.name,
    ipAllowlistMode: inputs.ipAllowlistMode ?? "disabled",
    ipAllowlist: Array.isArray(inputs.ipAllowlist) ? inputs.ipAllowlist : [],
  };
}

/**
 * OneSignal's value, unless it only spells the program's value differently (allowlist order,
 * `/32`): then the program's form, so a refresh never rewrites it. Absent remote → desired/default.
 */
function prefer(field: "name" | "ipAllowlistMode" | "ipAllowlist", mine: unknown, theirs: unknown): unknown {
  const spec: FieldSpec = apiKeyFields[field];
  if (theirs === undefined || theirs === null) return mine ?? spec.default;
  if (mine !== undefined && mine !== null && deepEqual(canonical(spec, mine), canonical(spec, theirs)))
    return mine;
  return theirs;
}

function outputs(key: ApiKeyRecord, inputs: Props, appId: string, token: unknown): Props {
  return jsonSafeProps({
    tokenId: key.tokenId,
    appId,
    name: prefer("name", inputs.name, key.name),
    ipAllowlistMode: prefer("ipAllowlistMode", inputs.ipAllowlistMode, key.ipAllowlistMode),
    ipAllowlist: prefer("ipAllowlist", inputs.ipAllowlist, key.ipAllowlist),
    rotationTrigger: inputs.rotationTrigger,
    // Never returned by a read: carried from the create/rotate answer, via state.
    token: typeof token === "string" && token !== "" ? token : undefined,
    createdAt: toIso(key.createdAt),
    updatedAt: toIso(key.updatedAt),
  });
}

function matches(key: ApiKeyRecord, desired: Props): boolean {
  if (key.name !== desired.name) return false;
  for (const f of ["ipAllowlistMode", "ipAllowlist"] as const) {
    if (!deepEqual(canonical(apiKeyFields[f], desired[f]), canonical(apiKeyFields[f], key[f]))) return false;
  }
  return true;
}

async function findOrphan(appId: string, desired: Props, sinceMs: number, ctx: Context, fresh: boolean) {
  const list = () => ctx.api().apiKeys.list(appId);
  const keys = fresh ? await list() : await snapshot(`apiKey:${appId}`, list);
  return keys
    .filter((k) => !isClaimed(k.tokenId) && matches(k, desired) && createdRecently(k.createdAt, ctx))
    .filter((k) => (toMillis(k.createdAt) ?? 0) >= sinceMs)
    .sort((a, b) => (toMillis(b.createdAt) ?? 0) - (toMillis(a.createdAt) ?? 0))[0];
}

export function apiKeyHandlers(ctx: Context): ResourceHandlers {
  const secrets = (p: Props) => secretsOf(ctx, p.token);

  /** Fetches the record after a write; a failure there must not lose the created key. */
  async function settle(appId: string, tokenId: string, inputs: Props, token: unknown, op: string) {
    try {
      const key = await ctx.api().apiKeys.get(appId, tokenId);
      return outputs(key, inputs, appId, token);
    } catch (err) {
      throw wrapError("apiKey", op, err, secretsOf(ctx, token), {
        id: tokenId,
        properties: outputs({ tokenId }, inputs, appId, token),
        inputs,
      });
    }
  }

  /**
   * Adopts a key created by a lost request. Its secret was never seen, so it is rotated: nobody
   * else can hold the old one, and the resource needs a token.
   */
  async function adoptOrphan(appId: string, key: ApiKeyRecord, inputs: Props): Promise<CreateResult> {
    claim(key.tokenId);
    let secret: ApiKeySecret;
    try {
      secret = await ctx.api().apiKeys.rotate(appId, key.tokenId);
    } catch (err) {
      throw wrapError("apiKey", "create (adopt)", err, secrets(inputs), {
        id: key.tokenId,
        properties: outputs(key, inputs, appId, undefined),
        inputs,
      });
    }
    ctx.warn(
      `OneSignal ApiKey "${key.name ?? ""}": adopted the key ${key.tokenId} that an interrupted ` +
        "create left behind, and rotated it to obtain its secret.",
    );
    return {
      id: key.tokenId,
      outs: await settle(appId, key.tokenId, inputs, secret.formattedToken, "create"),
    };
  }

  return {
    async check(_olds, news) {
      return checkWith(apiKeyFields, news, (v, c) => {
        if (v.ipAllowlistMode === "explicit" && Array.isArray(v.ipAllowlist) && v.ipAllowlist.length === 0) {
          c.addIssue({
            code: "custom",
            path: ["ipAllowlist"],
            message: 'must list at least one CIDR when ipAllowlistMode is "explicit"',
          });
        }
        if (v.ipAllowlistMode === "explicit" && v.ipAllowlist === undefined) {
          c.addIssue({
            code: "custom",
            path: ["ipAllowlist"],
            message: 'is required when ipAllowlistMode is "explicit"',
          });
        }
      });
    },

    async diff(_id, olds, news) {
      const { changes, replaces, deleteBeforeReplace } = diffWith(apiKeyFields, olds, news);
      return { changes, replaces, deleteBeforeReplace };
    },

    async create(inputs) {
      const started = ctx.now();
      const appId = String(inputs.appId);
      return guarded("apiKey", "create", secrets(inputs), async () => {
        const api = ctx.api();
        const adoptId = str(inputs.tokenId);
        if (adoptId) {
          // Explicit adoption: the secret is unknown until the key is rotated (rotationTrigger).
          const key = await api.apiKeys.get(appId, adoptId);
          claim(key.tokenId);
          try {
            await api.apiKeys.update(appId, key.tokenId, body(inputs));
          } catch (err) {
            throw wrapError("apiKey", "create (adopt)", err, secrets(inputs), {
              id: key.tokenId,
              properties: outputs(key, inputs, appId, undefined),
              inputs,
            });
          }
          return {
            id: key.tokenId,
            outs: await settle(appId, key.tokenId, inputs, undefined, "create (adopt)"),
          };
        }
        const windowMs = ctx.settings().adoptWindowSeconds * 1000;
        if (windowMs > 0) {
          const orphan = await findOrphan(appId, inputs, started - windowMs, ctx, false);
          if (orphan) return adoptOrphan(appId, orphan, inputs);
        }
        let secret: ApiKeySecret;
        try {
          secret = await api.apiKeys.create(appId, body(inputs));
        } catch (err) {
          if (!ctx.guards.isAmbiguous(err)) throw err;
          const orphan = await lookUpAfterLoss(() => findOrphan(appId, inputs, started - 60_000, ctx, true));
          if (orphan) return adoptOrphan(appId, orphan, inputs);
          secret = await api.apiKeys.create(appId, body(inputs));
        }
        const tokenId = str(secret.tokenId);
        if (!tokenId)
          throw new ResourceError("OneSignal ApiKey create failed: the answer carried no token_id");
        claim(tokenId);
        return { id: tokenId, outs: await settle(appId, tokenId, inputs, secret.formattedToken, "create") };
      });
    },

    async read(id, props) {
      return guarded("apiKey", "read", secrets(props), async () => {
        const appId = String(props.appId);
        const key = await fetchOrGone(ctx, () => ctx.api().apiKeys.get(appId, id));
        if (key === undefined) return {};
        const outs = outputs(key, props, appId, props.token);
        return { id, props: outs, inputs: pickInputs(apiKeyFields, { ...outs, tokenId: undefined }) };
      });
    },

    async update(id, olds, news) {
      const appId = String(news.appId);
      return guarded("apiKey", "update", secrets({ ...news, token: olds.token }), async () => {
        const api = ctx.api();
        const needsPatch = patchable.some(
          (f) => !deepEqual(canonical(apiKeyFields[f], news[f]), canonical(apiKeyFields[f], olds[f])),
        );
        if (needsPatch) await api.apiKeys.update(appId, id, body(news));
        let token = olds.token;
        if (!deepEqual(news.rotationTrigger ?? null, olds.rotationTrigger ?? null)) {
          const secret = await api.apiKeys.rotate(appId, id);
          token = secret.formattedToken;
          const outs = await settle(appId, id, news, token, "update (rotate)");
          return { outs };
        }
        return { outs: await settle(appId, id, news, token, "update") };
      });
    },

    async delete(id, props) {
      await guarded("apiKey", "delete", secrets(props), async () => {
        try {
          await ctx.api().apiKeys.delete(String(props.appId), id);
        } catch (err) {
          if (!ctx.guards.isNotFound(err)) throw err;
        }
      });
    },
  };
}
