/**
 * App API keys (`/apps/{app_id}/auth/tokens`, organization key). The secret (`token`) is visible
 * only in the create and rotate answers, so it lives in state alone and survives refresh from
 * there; `rotationTrigger` rotates it in place.
 */
import type { ApiKeyRecord, ApiKeySecret } from "./api";
import { type ApiKeyCreateInput, allowlistRules, apiKeyFields } from "../schemas/apiKey";
import { deepEqual, jsonSafeProps, str, toIso } from "../json";
import { guarded, messageOf, ResourceError, secretsOf, wrapError } from "./errors";
import { orgGuarded, requireOrgKey } from "./orgKey";
import { canonical, checkWith, diffWith, holdsAll, refreshedInputs, reconcile } from "./fields";
import { deleteIgnoringGone, fetchOrGone } from "./lifecycle";
import type { Context, CreateResult, Props, ResourceHandlers } from "./protocol";
import { createOwned } from "./ownership";
import { forgetList, listsEnabled, takeListed, unchangedSince } from "./listCache";

/** The fields that the PATCH call changes. */
const patchable = ["name", "ipAllowlistMode", "ipAllowlist"] as const;

/** The create/update body; `check` validated it and the client validates it again, naming the field. */
function body(inputs: Props): ApiKeyCreateInput {
  return {
    name: inputs.name,
    ipAllowlistMode: inputs.ipAllowlistMode ?? "disabled",
    ipAllowlist: Array.isArray(inputs.ipAllowlist) ? inputs.ipAllowlist : [],
  } as ApiKeyCreateInput;
}

/**
 * OneSignal's value, unless it only spells the program's value differently (allowlist order,
 * `/32`): then the program's form, so a refresh never rewrites it. Absent remote → desired/default.
 */
function prefer(field: "name" | "ipAllowlistMode" | "ipAllowlist", mine: unknown, theirs: unknown): unknown {
  return reconcile(apiKeyFields[field], mine, theirs);
}

function outputs(
  key: Partial<ApiKeyRecord> & { tokenId: string },
  inputs: Props,
  appId: string,
  token: unknown,
  tokenRefused = false,
): Props {
  return jsonSafeProps({
    tokenId: key.tokenId,
    appId,
    name: prefer("name", inputs.name, key.name),
    ipAllowlistMode: prefer("ipAllowlistMode", inputs.ipAllowlistMode, key.ipAllowlistMode),
    ipAllowlist: prefer("ipAllowlist", inputs.ipAllowlist, key.ipAllowlist),
    rotationTrigger: inputs.rotationTrigger,
    // Never returned by a read: carried from the create/rotate answer, via state.
    token: typeof token === "string" && token !== "" ? token : undefined,
    // Set by a refresh whose probe OneSignal refused; the next update rotates and clears it.
    tokenRefused: tokenRefused ? true : undefined,
    createdAt: toIso(key.createdAt),
    updatedAt: toIso(key.updatedAt),
  });
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
   * Gives a created, recovered or adopted key the declared name and allowlist. A failure keeps the
   * key in state under the name it has now, so the next `up` sees the difference and renames it.
   */
  async function rename(
    tokenId: string,
    inputs: Props,
    token: unknown,
    currentName: string,
    op: string,
  ): Promise<CreateResult> {
    const appId = String(inputs.appId);
    forgetList(ctx, "apiKey", appId);
    try {
      await ctx.api().apiKeys.update(appId, tokenId, body(inputs));
    } catch (err) {
      throw wrapError("apiKey", op, err, secretsOf(ctx, token), {
        id: tokenId,
        properties: outputs({ tokenId, name: currentName }, inputs, appId, token),
        inputs,
      });
    }
    return { id: tokenId, outs: await settle(appId, tokenId, inputs, token, op) };
  }

  /**
   * Whether OneSignal refuses the token in state, asked with view-an-app (`get_app`), which takes
   * the app's own key: a rotation outside Pulumi (dashboard, org key) or a rotation whose answer
   * was lost leaves state holding a revoked token that nothing else would notice until a segment
   * or template call fails. A key with an `explicit` IP allowlist may refuse this machine although
   * its token is current, and the two refusals look the same: such a key counts as rotated only
   * when OneSignal's `updated_at` moved since state recorded it while its allowlist did not
   * (a rotation changes nothing else); otherwise the refusal is said, never acted on.
   */
  async function refusesToken(id: string, props: Props, key: ApiKeyRecord): Promise<boolean> {
    const token = str(props.token);
    if (!token) return false;
    // The key exactly as state knows it (updated_at to the millisecond, and name): rotate_api_key
    // and update_api_key move updated_at, so the token in state is the one the key holds and the
    // probe is skipped, unless refresh is told not to trust updated_at (refreshFromLists=false).
    // Still probed: a key judged refused (until an update rotates it), and a key with an explicit
    // IP allowlist, whose answer depends on the machine that runs the refresh, not on the key.
    if (
      listsEnabled(ctx) &&
      props.tokenRefused !== true &&
      key.ipAllowlistMode !== "explicit" &&
      unchangedSince({ id, name: key.name, updatedAt: key.updatedAt }, props.updatedAt, props.name)
    )
      return false;
    try {
      await ctx.api().apps.get(String(props.appId), { appKey: token });
      return false;
    } catch (err) {
      if (!ctx.guards.isForbidden(err)) throw err;
      if (key.ipAllowlistMode !== "explicit") return true;
      // Once judged rotated, it stays so until an update rotates it: the read that judged it also
      // stored the moved updated_at, so a second refresh would no longer see the move.
      if (props.tokenRefused === true) return true;
      const moved =
        key.updatedAt !== undefined &&
        typeof props.updatedAt === "string" &&
        toIso(key.updatedAt) !== props.updatedAt;
      // A dashboard rename or allowlist edit moves updated_at too: only an otherwise unchanged key
      // counts as rotated.
      const unchanged =
        key.name === props.name &&
        props.ipAllowlistMode === "explicit" &&
        deepEqual(
          canonical(apiKeyFields.ipAllowlist, key.ipAllowlist),
          canonical(apiKeyFields.ipAllowlist, props.ipAllowlist),
        );
      if (moved && unchanged) return true;
      ctx.warn(
        `OneSignal ApiKey "${String(key.name ?? id)}" (${id}): OneSignal refused its token from this machine; ` +
          "its IP allowlist (explicit) may leave this machine out, or the key was rotated outside Pulumi " +
          "(then change rotationTrigger to obtain a new token; if another stack or system also rotates " +
          "this key, only one of them can hold a working token)",
      );
      return false;
    }
  }

  return {
    async check(_olds, news) {
      return checkWith(apiKeyFields, news, (v, c) => {
        requireOrgKey(ctx, "apiKey", c);
        allowlistRules(v, c, false);
      });
    },

    async diff(id, olds, news) {
      const { changes, replaces, deleteBeforeReplace } = diffWith(apiKeyFields, olds, news);
      if (olds.tokenRefused !== true || replaces.length > 0)
        return { changes, replaces, deleteBeforeReplace };
      // Said at preview, since the engine shows this update without a changed input.
      ctx.warn(
        `OneSignal ApiKey "${String(news.name ?? olds.name ?? id)}" (${id}, app ${String(olds.appId)}): ` +
          "OneSignal refused the token in state at the last refresh (the key was rotated outside Pulumi, " +
          "or a rotation's answer was lost), so this update rotates the key to obtain a working token; " +
          "the resources that take its token are updated with the new one",
      );
      return { changes: true, replaces, deleteBeforeReplace };
    },

    async create(inputs) {
      const appId = String(inputs.appId);
      return guarded("apiKey", "create", secrets(inputs), async () => {
        const api = ctx.api();
        const adoptId = str(inputs.tokenId);
        if (adoptId) {
          // Explicit adoption: the secret is unknown until the key is rotated (rotationTrigger).
          const key = await api.apiKeys.get(appId, adoptId);
          // Already as declared: no update-api-key, so the key keeps its updated_at.
          if (holdsAll(apiKeyFields, key as unknown as Props, inputs, ["appId", "rotationTrigger"]))
            return { id: key.tokenId, outs: outputs(key, inputs, appId, undefined) };
          return rename(key.tokenId, inputs, undefined, key.name ?? "", "create (adopt)");
        }
        return createOwned<ApiKeySecret & { id: string }>(
          ctx,
          {
            kind: "apiKey",
            inputs,
            list: async () => (await api.apiKeys.list(appId)).map((k) => ({ id: k.tokenId, name: k.name })),
            create: async (name) => {
              forgetList(ctx, "apiKey", appId);
              const secret = await api.apiKeys.create(appId, { ...body(inputs), name });
              const tokenId = str(secret.tokenId);
              if (!tokenId)
                throw new ResourceError("OneSignal ApiKey create failed: the answer carried no token_id");
              return { ...secret, id: tokenId };
            },
            settle: async (id, created, currentName) => {
              if (created) return rename(id, inputs, created.formattedToken, currentName, "create");
              // A key whose create answer was lost: nobody ever saw its secret, so rotating it
              // takes nothing from anyone and gives the resource its token. If the rotation fails
              // the key is not put in state without a token: it keeps its provisional name, and
              // the next run finds it again by its marker.
              const secret = await api.apiKeys.rotate(appId, id);
              return rename(id, inputs, secret.formattedToken, currentName, "create (recover)");
            },
          },
          `apiKey:${appId}`,
        );
      });
    },

    async read(id, props) {
      const appId = String(props.appId);
      return orgGuarded(ctx, "apiKey", "read", appId, secrets(props), async () => {
        // view_api_keys answers every key of the app in full (there is no single-key view): one
        // list per app and operation serves the reads of all its keys. A key missing from that
        // list is confirmed gone by a list of its own, and a failed list falls back to one per key,
        // which says what went wrong.
        const listedKey = await takeListed(ctx, "apiKey", appId, id, async () =>
          (await ctx.api().apiKeys.list(appId)).map((k) => ({
            id: k.tokenId,
            updatedAt: k.updatedAt,
            key: k,
          })),
        );
        const key = listedKey?.key ?? (await fetchOrGone(ctx, () => ctx.api().apiKeys.get(appId, id)));
        if (key === undefined) return {};
        const outs = outputs(key, props, appId, props.token, await refusesToken(id, props, key));
        return {
          id,
          props: outs,
          inputs: refreshedInputs(
            apiKeyFields,
            { ...props, tokenId: undefined },
            { ...outs, tokenId: undefined },
          ),
        };
      });
    },

    async update(id, olds, news) {
      const appId = String(news.appId);
      return orgGuarded(ctx, "apiKey", "update", appId, secrets({ ...news, token: olds.token }), async () => {
        forgetList(ctx, "apiKey", appId);
        const api = ctx.api();
        const needsPatch = patchable.some(
          (f) => !deepEqual(canonical(apiKeyFields[f], news[f]), canonical(apiKeyFields[f], olds[f])),
        );
        if (needsPatch) await api.apiKeys.update(appId, id, body(news));
        let token = olds.token;
        // A token refused at the last refresh is replaced the only way the API allows: rotating.
        if (
          olds.tokenRefused === true ||
          !deepEqual(news.rotationTrigger ?? null, olds.rotationTrigger ?? null)
        ) {
          const secret = await api.apiKeys.rotate(appId, id).catch((err: unknown) => {
            if (!ctx.guards.isAmbiguous(err)) throw err;
            // rotate_api_key revokes the current secret at once: if this one took effect, the
            // token in state is revoked and only the next refresh's probe can tell.
            const reason = messageOf(err);
            throw wrapError(
              "apiKey",
              "update (rotate)",
              `${reason}; if the rotation took effect, the token in state no longer works: run ` +
                "`pulumi up --refresh`, which finds that out and rotates again",
              secrets({ ...news, token: olds.token }),
            );
          });
          token = secret.formattedToken;
          const outs = await settle(appId, id, news, token, "update (rotate)");
          return { outs };
        }
        return { outs: await settle(appId, id, news, token, "update") };
      });
    },

    async delete(id, props) {
      await orgGuarded(ctx, "apiKey", "delete", String(props.appId), secrets(props), async () => {
        forgetList(ctx, "apiKey", props.appId);
        await deleteIgnoringGone(ctx, () => ctx.api().apiKeys.delete(String(props.appId), id));
      });
    },
  };
}
