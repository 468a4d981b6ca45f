/**
 * Templates (`/templates`, app key). Inputs are top-level, reads nest them under `content`; the
 * channel is fixed for a template's life (changing it replaces the template).
 */
import type { FieldSpec } from "../schemas/common";
import {
  TEMPLATE_CONTENT_FIELDS,
  readableContent,
  type TemplateCreateInput,
  type TemplateChannel,
  templateChannelRules,
  templateFields,
  templateInputChannel,
} from "../schemas/template";
import type { AppAuth, TemplateRecord } from "./api";
import { jsonSafeProps, str, toIso } from "../json";
import { keepOnRefusedKey, requireAppKey, takeAppListed, withAppAuth } from "./appKey";
import { guarded, messageOf, reasonOf, secretsIn, wrapError } from "./errors";
import { checkWith, diffWith, holdsAll, refreshedInputs, reconcile, withoutImplied } from "./fields";
import { deleteIgnoringGone, fetchOrGone } from "./lifecycle";
import { type Context, type CreateResult, type Props, type ResourceHandlers, UNKNOWN } from "./protocol";
import { createOwned } from "./ownership";
import { forgetList, unchangedSince } from "./listCache";

type ContentField = keyof typeof TEMPLATE_CONTENT_FIELDS;
const CONTENT_NAMES = Object.keys(TEMPLATE_CONTENT_FIELDS) as ContentField[];

/** The channel an input means; the unknown sentinel stays unknown. */
function effectiveChannel(p: Props): unknown {
  if (p.channel === UNKNOWN || p.isEmail === UNKNOWN || p.isSms === UNKNOWN) return UNKNOWN;
  return templateInputChannel({
    channel: typeof p.channel === "string" ? (p.channel.toLowerCase() as "push") : undefined,
    isEmail: p.isEmail === true,
    isSms: p.isSms === true,
  });
}

/** Inputs that are not settings of the template, for `holdsAll`. */
const ADOPT_SKIP = ["appId", "apiKey"];

/** What leaving `channel` out means: the channel the flags imply (push without them). */
function implied(p: Props): Props {
  return { channel: effectiveChannel({ ...p, channel: undefined }) };
}

/**
 * The client input: name, channel and every managed content member (full object on update).
 * `check` validated the inputs; the client validates the body again and names the field.
 */
function writeBody(inputs: Props): TemplateCreateInput {
  const out: Record<string, unknown> = { name: inputs.name, channel: effectiveChannel(inputs) };
  for (const n of CONTENT_NAMES) {
    const v = inputs[n];
    if (v !== undefined && v !== null) out[n] = v;
  }
  return out as TemplateCreateInput;
}

/**
 * A read with no content input to go by: `Template.get` and an import send only the id, the app
 * and its key (the engine's ReadStep passes the constructor's inputs as the state), while every
 * managed template has at least the content its channel requires in state.
 */
function withoutContent(props: Props): boolean {
  return CONTENT_NAMES.every((n) => props[n] === undefined || props[n] === null);
}

/**
 * Outputs: name, channel, times, and the managed content members (reconciled with OneSignal's);
 * with `everything`, also every other content member OneSignal returned (a read with nothing to
 * go by). A managed template never gets the members it leaves alone, so a refresh never shows
 * OneSignal's defaults as changes.
 */
function outputs(t: Partial<TemplateRecord> & { id: string }, managed: Props, everything = false): Props {
  const out: Props = {
    appId: managed.appId,
    apiKey: managed.apiKey,
    adoptExistingId: managed.adoptExistingId,
    name: t.name ?? managed.name,
    channel: typeof t.channel === "string" ? t.channel.toLowerCase() : effectiveChannel(managed),
    createdAt: t.createdAt !== undefined ? toIso(t.createdAt) : managed.createdAt,
    updatedAt: t.updatedAt !== undefined ? toIso(t.updatedAt) : managed.updatedAt,
    // What OneSignal holds beyond the modelled members: an output only, so it can never be a diff.
    unmodelledContent: t.content !== undefined ? t.unmodelledContent : managed.unmodelledContent,
  };
  const content = (t.content ?? undefined) as Props | undefined;
  if (everything) Object.assign(out, readableContent(t.content));
  for (const n of CONTENT_NAMES) {
    const mine = managed[n];
    if (mine === undefined || mine === null) continue;
    const spec: FieldSpec = templateFields[n];
    out[n] = reconcile(spec, mine, content?.[n]);
  }
  return jsonSafeProps(out);
}

/** Outputs without a read: the template as state knows it, with `managed`'s inputs. */
function stateOutputs(id: string, state: Props, managed: Props): Props {
  return outputs(
    {
      id,
      name: state.name as string,
      createdAt: state.createdAt as string,
      updatedAt: state.updatedAt as string,
      channel: state.channel as TemplateRecord["channel"],
    },
    { ...managed, unmodelledContent: state.unmodelledContent },
  );
}

export function templateHandlers(ctx: Context): ResourceHandlers {
  const secrets = (p: Props) => secretsIn(ctx, templateFields, p);
  const call = <T>(op: string, props: Props, fn: (auth: AppAuth) => Promise<T>) =>
    withAppAuth("template", op, props, ctx, fn);

  /**
   * Gives a created, recovered or adopted template the declared name and content: the full desired
   * template, since what PATCH does with omitted members is undocumented (update_template). A
   * failure keeps it in state under the name it has now, so the next `up` sees the difference.
   */
  async function settle(
    id: string,
    inputs: Props,
    currentName: string,
    op: string,
    created?: TemplateRecord,
  ): Promise<CreateResult> {
    forgetList(ctx, "template", inputs.appId);
    const api = ctx.api();
    // Only a create sent under its real name (no owner marker) is already what was declared.
    const patch = !(created && currentName === inputs.name);
    try {
      // create_template and update_template both answer with the template, so no rate-limited
      // view_template is needed after either.
      const t =
        created && !patch
          ? created
          : await call(op, inputs, (auth) => api.templates.update(auth, id, writeBody(inputs)));
      return { id, outs: outputs(t, inputs) };
    } catch (err) {
      throw wrapError("template", op, err, secrets(inputs), {
        id,
        properties: outputs({ id, name: currentName }, inputs),
        inputs,
      });
    }
  }

  return {
    async check(_olds, news) {
      const checked = checkWith(templateFields, news, (v, c) => {
        requireAppKey(ctx, "template", v, c);
        const ch = effectiveChannel(v);
        if (ch === UNKNOWN) return;
        const channel = ch as TemplateChannel;
        templateChannelRules(v, channel, c, (x) => x === UNKNOWN);
        // Members of another channel would be silently ignored by OneSignal: say so instead.
        for (const [name, spec] of Object.entries(templateFields) as [string, FieldSpec][]) {
          if (spec.channel !== undefined && spec.channel !== channel && v[name] !== undefined)
            c.addIssue({
              code: "custom",
              path: [name],
              message: `is only valid for ${spec.channel} templates (channel is "${channel}")`,
            });
        }
      });
      return { ...checked, inputs: withoutImplied(checked.inputs, implied(checked.inputs)) };
    },

    async diff(_id, olds, news) {
      const eff = { ...news, channel: effectiveChannel(news) };
      const { changes, replaces } = diffWith(templateFields, olds, eff);
      return { changes, replaces, deleteBeforeReplace: false };
    },

    async create(inputs) {
      return guarded("template", "create", secrets(inputs), async () => {
        const api = ctx.api();
        const existing = str(inputs.adoptExistingId);
        if (existing) {
          const t = await call("create (adopt)", inputs, (auth) => api.templates.get(auth, existing));
          // Already as declared: no update_template, so the template keeps its updated_at.
          const remote = { ...(t.content as Props), name: t.name, channel: t.channel };
          const declared = { ...inputs, channel: effectiveChannel(inputs) };
          if (holdsAll(templateFields, remote, declared, ADOPT_SKIP))
            return { id: t.id, outs: outputs(t, inputs) };
          return settle(t.id, inputs, t.name, "create (adopt)");
        }
        return createOwned<TemplateRecord>(
          ctx,
          {
            kind: "template",
            inputs,
            // view_templates answers summaries (id, name, times): enough to find a marker.
            list: async () => call("create", inputs, (auth) => api.templates.listAll(auth)),
            create: async (name) =>
              call("create", inputs, (auth) => api.templates.create(auth, { ...writeBody(inputs), name })),
            settle: async (id, created, currentName) =>
              settle(id, inputs, currentName, created ? "create" : "create (recover)", created),
          },
          `template:${String(inputs.appId)}`,
        );
      });
    },

    async read(id, props) {
      return guarded("template", "read", secrets(props), async () => {
        // One view_templates list per app and operation instead of one view_template per
        // template (both paced at 1 request/s per app): a template the list shows unchanged since
        // state answers from state. A read with no content to go by, a changed template, one
        // missing from the list (confirmed gone by its own view) and a failed list are viewed.
        if (!withoutContent(props)) {
          const item = await takeAppListed(ctx, "template", id, props, (auth) =>
            ctx.api().templates.listAll(auth),
          );
          if (item && unchangedSince(item, props.updatedAt, props.name)) {
            const outs = stateOutputs(id, props, props);
            return { id, props: outs, inputs: refreshedInputs(templateFields, props, outs, implied(outs)) };
          }
        }
        let t: TemplateRecord | undefined;
        try {
          t = await fetchOrGone(ctx, () => call("read", props, (auth) => ctx.api().templates.get(auth, id)));
        } catch (err) {
          if (!keepOnRefusedKey(ctx, "template", id, props, err, typeof props.name === "string")) throw err;
          const outs = stateOutputs(id, props, props);
          return { id, props: outs, inputs: refreshedInputs(templateFields, props, outs, implied(outs)) };
        }
        if (t === undefined) return {};
        const outs = outputs(t, props, withoutContent(props));
        return { id, props: outs, inputs: refreshedInputs(templateFields, props, outs, implied(outs)) };
      });
    },

    async update(id, olds, news) {
      return guarded("template", "update", secrets(news), async () => {
        const eff = { ...news, channel: effectiveChannel(news) };
        const { changed } = diffWith(templateFields, olds, eff);
        const remote = changed.some((f) => f !== "apiKey" && f !== "__provider" && f !== "adoptExistingId");
        if (!remote) return { outs: stateOutputs(id, olds, news) };
        forgetList(ctx, "template", news.appId);
        // The full desired template every time: what PATCH does with omitted members is undocumented.
        const t = await call("update", news, (auth) => ctx.api().templates.update(auth, id, writeBody(news)));
        return { outs: outputs(t, news) };
      });
    },

    async delete(id, props) {
      await guarded("template", "delete", secrets(props), async () => {
        forgetList(ctx, "template", props.appId);
        try {
          await deleteIgnoringGone(ctx, () =>
            call("delete", props, (auth) => ctx.api().templates.delete(auth, id)),
          );
        } catch (err) {
          // delete-template's 400 for a template a Journey uses: the failed delete keeps it in state,
          // so say what lets the next destroy finish.
          if (ctx.guards.isBadRequest(err) && /journeys using it/i.test(reasonOf(err)))
            throw wrapError(
              "template",
              "delete",
              new Error(
                `${messageOf(err)} Template ${id} stays in the stack: remove it from the Journeys that use it, then run the destroy (or up) again.`,
              ),
              secrets(props),
            );
          throw err;
        }
      });
    },
  };
}
