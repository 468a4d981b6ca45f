/**
 * OneSignal apps (`/apps`, organization key). OneSignal has no app delete: `delete` leaves the app
 * in OneSignal and says so.
 */
import {
  APP_READABLE_SETTINGS,
  APP_READ_ONLY_OUTPUTS,
  type AppCreateInput,
  type AppUpdateInput,
  appFields,
  appUpdateInputSchema,
  credentialStatus,
} from "../schemas/app";
import type { FieldSpec } from "../schemas/common";
import type { AppRecord } from "./api";
import { isBlank, jsonSafeProps, str, toIso } from "../json";
import { guarded, messageOf, ResourceError, secretsIn, wrapError } from "./errors";
import { checkWith, diffWith, holdsAll, refreshedInputs, reconcile, withoutImplied } from "./fields";
import { fetchOrGone } from "./lifecycle";
import { forgetList, takeListed, unchangedSince } from "./listCache";
import { type Context, type CreateResult, type Props, type ResourceHandlers, UNKNOWN } from "./protocol";
import { createOwned } from "./ownership";
import { orgGuarded, requireOrgKey } from "./orgKey";

export type AppField = keyof typeof appFields;

/** The credential inputs (secret and write-only): what an adoption would overwrite unseen. */
const CREDENTIALS = (Object.keys(appFields) as AppField[]).filter(
  (f) => (appFields[f] as FieldSpec).secret === true,
);

/** Read-only values OneSignal computes, copied to outputs. */
const computed = ["players", "messageablePlayers", "createdAt", "updatedAt"] as const;

/** Inputs kept only for old programs, with what to use instead. */
const DEPRECATED = (Object.keys(appFields) as AppField[]).flatMap((f) => {
  const note = (appFields[f] as FieldSpec).deprecated;
  return note === undefined ? [] : [[f, note] as const];
});
const warnedDeprecated = new Set<string>();

/**
 * The organization of an update. update-an-app wants `organization_id` on every call and checks
 * that the organization key belongs to it: the program's, the provider's, or the one the app is in.
 */
function orgOf(inputs: Props, ctx: Context, current?: unknown): string | undefined {
  return str(inputs.organizationId) ?? ctx.settings().organizationId ?? str(current);
}

/** The request body: every managed input except the adoption id. `check` validated the inputs; the client validates the body again and names the field */
function body(inputs: Props, ctx: Context, currentOrg?: unknown): AppCreateInput {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(appFields) as [AppField, (typeof appFields)[AppField]][]) {
    if ("createOnly" in spec && spec.createOnly) continue;
    const v = inputs[name];
    if (v !== undefined && v !== null) out[name] = v;
  }
  const org = orgOf(inputs, ctx, currentOrg);
  if (org) out.organizationId = org;
  return out as AppCreateInput;
}

/**
 * Outputs: every managed input (readable ones as OneSignal reports them, write-only ones as last
 * given), the computed values and `organizationId`. `previous` holds the earlier outputs (read) or
 * the desired inputs (create/update), which decide what is managed.
 */
function outputs(app: AppRecord, managed: Props, ctx: Context, everything = false): Props {
  const out: Props = {};
  if (everything) {
    const shown = app as unknown as Record<string, unknown>;
    for (const f of APP_READABLE_SETTINGS) if (!isBlank(shown[f])) out[f] = shown[f];
  }
  for (const [name, spec] of Object.entries(appFields) as [AppField, (typeof appFields)[AppField]][]) {
    if (!(name in managed) || managed[name] === undefined || managed[name] === null) continue;
    // OneSignal's app answers do not always echo every setting: a silent one keeps ours.
    out[name] =
      "createOnly" in spec && spec.createOnly
        ? managed[name]
        : reconcile(spec, managed[name], (app as unknown as Record<string, unknown>)[name]);
  }
  out.name = app.name;
  out.organizationId =
    str(app.organizationId) ?? str(managed.organizationId) ?? ctx.settings().organizationId;
  for (const c of computed) {
    const v = (app as unknown as Record<string, unknown>)[c];
    out[c] = c === "createdAt" || c === "updatedAt" ? toIso(v) : v;
  }
  // Read-only members of view-an-app; credentials it may echo are never among them.
  const read = { ...app, ...credentialStatus(app) } as unknown as Record<string, unknown>;
  for (const c of APP_READ_ONLY_OUTPUTS) if (read[c] !== undefined && read[c] !== null) out[c] = read[c];
  return jsonSafeProps(out);
}

/** What leaving `organizationId` out means: the provider's organization (`orgOf`). */
function implied(ctx: Context): Props {
  return { organizationId: ctx.settings().organizationId };
}

/**
 * A read with no last state: `App.get` sends only the constructor's inputs (the engine's ReadStep
 * passes them as the state), never the organization and times every state of an app has.
 */
function withoutState(props: Props): boolean {
  return props.organizationId === undefined && props.createdAt === undefined && props.updatedAt === undefined;
}

export function appHandlers(ctx: Context): ResourceHandlers {
  const secrets = (p: Props) => secretsIn(ctx, appFields, p);

  /**
   * Brings an app to the declared settings and returns it as the resource's state: all of them for
   * an adopted or recovered app, only the real name (and the organization, which update_an_app
   * wants on every call) for one this create has just made with them.
   */
  async function settle(
    app: AppRecord,
    inputs: Props,
    currentName: string,
    full: boolean,
  ): Promise<CreateResult> {
    const op = full ? "create (adopt)" : "create";
    try {
      const org = orgOf(inputs, ctx, app.organizationId);
      const change = full
        ? body(inputs, ctx, app.organizationId)
        : ({ name: inputs.name, ...(org ? { organizationId: org } : {}) } as AppUpdateInput);
      forgetList(ctx, "app", "");
      const updated = await ctx.api().apps.update(app.id, change);
      return { id: app.id, outs: outputs({ ...app, ...updated, id: app.id }, inputs, ctx) };
    } catch (err) {
      throw wrapError("app", op, err, secrets(inputs), {
        id: app.id,
        properties: outputs({ ...app, name: currentName }, inputs, ctx),
        inputs,
      });
    }
  }

  return {
    async check(olds, news) {
      // Adopting an app writes the program's credentials over the ones it has, which OneSignal
      // never shows back: say so at preview, naming the fields (never their values).
      // Legacy inputs: one warning per resource and process, naming what to use instead.
      const legacy = DEPRECATED.filter(([f]) => news[f] !== undefined && news[f] !== null);
      const once = `${String(news.__owner ?? news.name ?? "")}:${legacy.map(([f]) => f).join(",")}`;
      if (legacy.length > 0 && !warnedDeprecated.has(once)) {
        warnedDeprecated.add(once);
        ctx.warn(
          `OneSignal App "${String(news.name ?? "")}": ${legacy.map(([f]) => f).join(", ")} ` +
            `${legacy.length > 1 ? "are" : "is"} deprecated and no longer in OneSignal's create-an-app ` +
            `and update-an-app: ${legacy.map(([f, note]) => `${f}: ${note}`).join("; ")}.`,
        );
      }
      const adopting = typeof news.adoptExistingId === "string" && news.adoptExistingId !== UNKNOWN;
      if (adopting && Object.keys(olds).filter((k) => !k.startsWith("__")).length === 0) {
        const overwritten = CREDENTIALS.filter((f) => news[f] !== undefined && news[f] !== null);
        if (overwritten.length > 0)
          ctx.warn(
            `OneSignal App "${String(news.name ?? "")}": adopting ${String(news.adoptExistingId)} replaces ` +
              `its ${overwritten.join(", ")} with the values in this program; OneSignal does not show ` +
              "the current ones, so nothing can tell whether they differ.",
          );
      }
      const checked = checkWith(appFields, news, (v, c) => {
        requireOrgKey(ctx, "app", c);
        // The client's cross-field rules (iOS p8 group, p12 password, web origins with siteName).
        // OneSignal requires an organization on create; the provider setting may supply it.
        if (v.organizationId === undefined && !v.adoptExistingId && !ctx.settings().organizationId) {
          c.addIssue({
            code: "custom",
            path: ["organizationId"],
            message:
              "is required: set it, or the provider setting onesignal:organizationId / ONESIGNAL_ORGANIZATION_ID",
          });
        }
        const body = { ...v };
        delete body.adoptExistingId;
        const r = appUpdateInputSchema.safeParse(body);
        if (!r.success) {
          for (const i of r.error.issues)
            if (i.code === "custom")
              c.addIssue({
                code: "custom",
                path: [...i.path] as PropertyKey[] as (string | number)[],
                message: i.message,
              });
        }
      });
      return { ...checked, inputs: withoutImplied(checked.inputs, implied(ctx)) };
    },

    async diff(_id, olds, news) {
      const { changes, replaces, deleteBeforeReplace } = diffWith(appFields, olds, news);
      return { changes, replaces, deleteBeforeReplace };
    },

    async create(inputs) {
      return guarded("app", "create", secrets(inputs), async () => {
        const api = ctx.api();
        const existing = str(inputs.adoptExistingId);
        if (existing) {
          const app = await api.apps.get(existing);
          // Already as declared (and no credential to write, which OneSignal never shows): no
          // update-an-app, so the app keeps its updated_at.
          if (
            holdsAll(
              appFields,
              app as unknown as Props,
              { ...inputs, organizationId: orgOf(inputs, ctx, app.organizationId) },
              [],
            )
          )
            return { id: app.id, outs: outputs(app, inputs, ctx) };
          return settle(app, inputs, app.name, true);
        }
        const settings = ctx.settings();
        return createOwned<AppRecord>(
          ctx,
          {
            kind: "app",
            inputs,
            list: () => api.apps.list(),
            // get_apps answers 400 for organizations with over 1000 apps: the create must not
            // depend on it, so the look-up for an interrupted earlier create is skipped, loudly.
            lookUpFailure: (err) =>
              ctx.guards.isBadRequest(err)
                ? "OneSignal App: listing the organization's apps failed (OneSignal switches it off above " +
                  "1000 apps), so apps are created without first looking for one that an interrupted " +
                  `earlier create left behind: ${messageOf(err)}`
                : undefined,
            adoptInput: "adoptExistingId",
            create: (name) => {
              forgetList(ctx, "app", "");
              return api.apps.create({ ...body(inputs, ctx), name });
            },
            settle: async (id, created, currentName) => {
              if (created && currentName === inputs.name) return { id, outs: outputs(created, inputs, ctx) };
              return settle(created ?? (await api.apps.get(id)), inputs, currentName, created === undefined);
            },
          },
          `app:${settings.apiUrl}:${settings.organizationId ?? ""}`,
        );
      });
    },

    async read(id, props) {
      return orgGuarded(ctx, "app", "read", id, secrets(props), async () => {
        // One view-apps list per organization and operation serves every app's read: an app the
        // list shows unchanged since the updated_at state holds answers from state, with the
        // list's subscription counts (they move without updated_at). view-apps lacks some members
        // of view-an-app (channels, attribution windows), so a changed app is viewed. The list is
        // switched off above 1000 apps (400): then each app is viewed.
        if (!withoutState(props)) {
          const listed = await takeListed(
            ctx,
            "app",
            "",
            id,
            () => ctx.api().apps.list(),
            ctx.settings().organizationApiKey,
          );
          if (listed && unchangedSince(listed, props.updatedAt, props.name)) {
            const kept = Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith("__")));
            const outs = jsonSafeProps({
              ...kept,
              players: listed.players,
              messageablePlayers: listed.messageablePlayers,
            });
            return { id, props: outs, inputs: refreshedInputs(appFields, props, outs, implied(ctx)) };
          }
        }
        const app = await fetchOrGone(ctx, () => ctx.api().apps.get(id));
        if (app === undefined) return {};
        const outs = outputs(app, props, ctx, withoutState(props));
        return { id, props: outs, inputs: refreshedInputs(appFields, props, outs, implied(ctx)) };
      });
    },

    async update(id, olds, news) {
      return orgGuarded(ctx, "app", "update", id, secrets(news), async () => {
        const from = str(olds.organizationId);
        const to = orgOf(news, ctx, from);
        if (from && to && from !== to)
          // update-an-app refuses an organization the key does not belong to, and a key of the
          // other organization cannot reach this app: the API cannot move it.
          throw new ResourceError(
            `OneSignal App "${String(news.name ?? id)}" (${id}): organizationId cannot change from ${from} ` +
              `to ${to} through OneSignal's API. Move the app in the OneSignal dashboard and run ` +
              "`pulumi refresh`, or set organizationId back.",
          );
        forgetList(ctx, "app", "");
        const app = await ctx.api().apps.update(id, body(news, ctx, from));
        // Outputs of values the program stopped managing are dropped, the rest refreshed.
        return { outs: outputs({ ...(olds as Partial<AppRecord>), ...app, id }, news, ctx) };
      });
    },

    async delete(id, props) {
      // OneSignal's API reference has no delete for apps: abandon it, loudly.
      ctx.warn(
        `OneSignal App "${String(props.name ?? id)}" (${id}) was removed from the stack but still ` +
          "exists in OneSignal: OneSignal has no API to delete apps. Delete it in the dashboard or " +
          "ask OneSignal support.",
      );
    },
  };
}
