/**
 * OneSignal apps (`/apps`, organization key). OneSignal has no app delete: `delete` leaves the app
 * in OneSignal and says so.
 */
import { z } from "zod";
import { APP_FIELDS, appUpdateInputSchema } from "../schemas/app";
import type { AppRecord } from "./api";
import {
  type Context,
  type CreateResult,
  type FieldSpec,
  type Props,
  type ResourceHandlers,
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
  wrapError,
} from "./common";
import { claim, isClaimed, lookUpAfterLoss, secretsOf, snapshot } from "./shared";

/** Origins compare without a trailing slash and with a lower-case scheme and host. */
export function normaliseOrigin(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    const u = new URL(value);
    if (u.pathname === "/" && !u.search && !u.hash) return `${u.protocol}//${u.host}`;
    return u.toString();
  } catch {
    return value.replace(/\/+$/, "");
  }
}

/** An optional app setting: the client's schema, unmanaged when left out. */
function setting(name: keyof typeof APP_FIELDS, extra: Partial<FieldSpec> = {}): FieldSpec {
  const writeOnly = (APP_FIELDS[name] as { writeOnly?: boolean }).writeOnly === true;
  return {
    schema: APP_FIELDS[name].schema,
    unmanagedWhenAbsent: true,
    ...(writeOnly ? { writeOnly } : {}),
    ...extra,
  };
}

/**
 * Every App input, declared once (schemas shared with the client). Optional settings are
 * "unmanaged when absent": removing one from the program leaves OneSignal's value alone (the API
 * has no way to clear them). Credentials are secret and write-only: OneSignal does not reliably
 * echo them, so diffs compare them with the last inputs, never with reads.
 */
export const appFields = {
  name: { schema: APP_FIELDS.name.schema, required: true },
  organizationId: setting("organizationId"),
  apnsEnv: setting("apnsEnv"),
  apnsKeyId: setting("apnsKeyId"),
  apnsTeamId: setting("apnsTeamId"),
  apnsBundleId: setting("apnsBundleId"),
  apnsP8: setting("apnsP8", { secret: true, writeOnly: true }),
  apnsP12: setting("apnsP12", { secret: true, writeOnly: true }),
  apnsP12Password: setting("apnsP12Password", { secret: true, writeOnly: true }),
  fcmV1ServiceAccountJson: setting("fcmV1ServiceAccountJson", { secret: true, writeOnly: true }),
  chromeWebOrigin: setting("chromeWebOrigin", { normalise: normaliseOrigin }),
  chromeWebDefaultNotificationIcon: setting("chromeWebDefaultNotificationIcon"),
  chromeWebSubDomain: setting("chromeWebSubDomain"),
  safariSiteOrigin: setting("safariSiteOrigin", { normalise: normaliseOrigin }),
  safariApnsP12: setting("safariApnsP12", { secret: true, writeOnly: true }),
  safariApnsP12Password: setting("safariApnsP12Password", { secret: true, writeOnly: true }),
  safariIcon256256: setting("safariIcon256256"),
  siteName: setting("siteName"),
  additionalDataIsRootPayload: setting("additionalDataIsRootPayload"),
  adoptExistingId: { schema: z.string().trim().min(1, "must not be empty"), createOnly: true },
} satisfies Record<string, FieldSpec>;

export type AppField = keyof typeof appFields;

/** Read-only values OneSignal computes, copied to outputs. */
const computed = ["players", "messageablePlayers", "createdAt", "updatedAt"] as const;

/** The request body: every managed input except the adoption id. */
function body(inputs: Props, ctx: Context): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(appFields) as [AppField, (typeof appFields)[AppField]][]) {
    if ("createOnly" in spec && spec.createOnly) continue;
    const v = inputs[name];
    if (v !== undefined && v !== null) out[name] = v;
  }
  const org = str(inputs.organizationId) ?? ctx.settings().organizationId;
  if (org) out.organizationId = org;
  return out;
}

/**
 * Outputs: every managed input (readable ones as OneSignal reports them, write-only ones as last
 * given), the computed values and `organizationId`. `previous` holds the earlier outputs (read) or
 * the desired inputs (create/update), which decide what is managed.
 */
function outputs(app: AppRecord, managed: Props, ctx: Context): Props {
  const out: Props = {};
  for (const [name, spec] of Object.entries(appFields) as [AppField, (typeof appFields)[AppField]][]) {
    if (!(name in managed) || managed[name] === undefined || managed[name] === null) continue;
    if ("createOnly" in spec && spec.createOnly) {
      out[name] = managed[name];
    } else if ("writeOnly" in spec && spec.writeOnly) {
      out[name] = managed[name];
    } else {
      const remote = (app as unknown as Record<string, unknown>)[name];
      // OneSignal's app answers do not always echo every setting: keep ours when it is silent,
      // and when it only spells ours differently (so refresh never rewrites the program's form).
      const same =
        remote !== undefined &&
        remote !== null &&
        deepEqual(canonical(spec, managed[name]), canonical(spec, remote));
      out[name] = remote === undefined || same ? managed[name] : remote;
    }
  }
  out.name = app.name;
  out.organizationId =
    str(app.organizationId) ?? str(managed.organizationId) ?? ctx.settings().organizationId;
  for (const c of computed) {
    const v = (app as unknown as Record<string, unknown>)[c];
    out[c] = c === "createdAt" || c === "updatedAt" ? toIso(v) : v;
  }
  return jsonSafeProps(out);
}

/** A found app matches when every readable managed input agrees with it. */
function matches(app: AppRecord, desired: Props, ctx: Context): boolean {
  if (app.name !== desired.name) return false;
  const org = str(desired.organizationId) ?? ctx.settings().organizationId;
  if (org && str(app.organizationId) && app.organizationId !== org) return false;
  for (const [name, spec] of Object.entries(appFields)) {
    const s = spec as (typeof appFields)[AppField];
    if (("writeOnly" in s && s.writeOnly) || ("createOnly" in s && s.createOnly)) continue;
    const want = desired[name];
    if (want === undefined || want === null || name === "organizationId") continue;
    const have = (app as unknown as Record<string, unknown>)[name];
    if (have === undefined) continue;
    if (!deepEqual(canonical(s, want), canonical(s, have))) return false;
  }
  return true;
}

/**
 * Looks for an app that an earlier, interrupted request created: same name and organization,
 * created after `sinceMs`, not already claimed by this process, matching the desired settings.
 */
async function findOrphan(
  desired: Props,
  sinceMs: number,
  ctx: Context,
  fresh: boolean,
): Promise<AppRecord | undefined> {
  const list = () => ctx.api().apps.list();
  const apps = fresh
    ? await list()
    : await snapshot(`app:${ctx.settings().apiUrl}:${ctx.settings().organizationId ?? ""}`, list);
  const hits = apps
    .filter((a) => !isClaimed(a.id) && matches(a, desired, ctx))
    .filter((a) => {
      const t = Date.parse(String(a.createdAt ?? ""));
      return !Number.isNaN(t) && t >= sinceMs && createdRecently(a.createdAt, ctx);
    })
    .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  return hits[0];
}

export function appHandlers(ctx: Context): ResourceHandlers {
  const secrets = (p: Props) =>
    secretsOf(ctx, p.apnsP8, p.apnsP12, p.apnsP12Password, p.fcmV1ServiceAccountJson);

  /** Brings an existing app to the desired settings and returns it as the resource's state. */
  async function adopt(app: AppRecord, inputs: Props, how: string): Promise<CreateResult> {
    claim(app.id);
    try {
      const updated = await ctx.api().apps.update(app.id, body(inputs, ctx));
      if (how) ctx.warn(`OneSignal App "${app.name}": ${how} (${app.id}).`);
      return { id: app.id, outs: outputs({ ...app, ...updated, id: app.id }, inputs, ctx) };
    } catch (err) {
      throw wrapError("app", "create (adopt)", err, secrets(inputs), {
        id: app.id,
        properties: outputs(app, inputs, ctx),
        inputs,
      });
    }
  }

  return {
    async check(_olds, news) {
      return checkWith(appFields, news, (v, c) => {
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
    },

    async diff(_id, olds, news) {
      const { changes, replaces, deleteBeforeReplace } = diffWith(appFields, olds, news);
      return { changes, replaces, deleteBeforeReplace };
    },

    async create(inputs) {
      const started = ctx.now();
      return guarded("app", "create", secrets(inputs), async () => {
        const api = ctx.api();
        const existing = str(inputs.adoptExistingId);
        if (existing) {
          const app = await api.apps.get(existing);
          return adopt(app, inputs, "");
        }
        const windowMs = ctx.settings().adoptWindowSeconds * 1000;
        if (windowMs > 0) {
          const orphan = await findOrphan(inputs, started - windowMs, ctx, false);
          if (orphan) {
            return adopt(
              orphan,
              inputs,
              "adopted an identical app created recently, probably by an interrupted earlier run",
            );
          }
        }
        let app: AppRecord;
        try {
          app = await api.apps.create(body(inputs, ctx));
        } catch (err) {
          if (!ctx.guards.isAmbiguous(err)) throw err;
          // The request may have created the app although its response was lost.
          const orphan = await lookUpAfterLoss(() => findOrphan(inputs, started - 60_000, ctx, true));
          if (orphan)
            return adopt(orphan, inputs, "the create response was lost; adopted the app it created");
          app = await api.apps.create(body(inputs, ctx));
        }
        claim(app.id);
        return { id: app.id, outs: outputs(app, inputs, ctx) };
      });
    },

    async read(id, props) {
      return guarded("app", "read", secrets(props), async () => {
        const app = await fetchOrGone(ctx, () => ctx.api().apps.get(id));
        if (app === undefined) return {};
        const outs = outputs(app, props, ctx);
        return { id, props: outs, inputs: pickInputs(appFields, outs) };
      });
    },

    async update(id, olds, news) {
      return guarded("app", "update", secrets(news), async () => {
        const app = await ctx.api().apps.update(id, body(news, ctx));
        // Outputs of values the program stopped managing are dropped, the rest refreshed.
        return { outs: outputs({ ...(olds as unknown as AppRecord), ...app, id }, news, ctx) };
      });
    },

    async delete(id, props) {
      // No API exists to delete an app (CONTRACT §2.6): abandon it, loudly.
      ctx.warn(
        `OneSignal App "${String(props.name ?? id)}" (${id}) was removed from the stack but still ` +
          "exists in OneSignal: OneSignal has no API to delete apps. Delete it in the dashboard or " +
          "ask OneSignal support.",
      );
    },
  };
}
