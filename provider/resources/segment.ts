/**
 * Segments (`/apps/{app_id}/segments`, app key). Names are unique per app, so a replacement
 * deletes first and a taken name is an error; creates follow the ownership protocol
 * (ownership.ts) and also carry a client-chosen id, so a retried create meets itself by id.
 */
import { type SegmentCreateInput, segmentFields } from "../schemas/segment";
import type { AppAuth, SegmentDetail } from "./api";
import { deepEqual, isBlank, jsonSafeProps, str, toIso } from "../json";
import { withAppAuth } from "./appKey";
import { guarded, ResourceError, secretsIn, wrapError } from "./errors";
import { canonical, checkWith, diffWith, pickInputs, reconcile } from "./fields";
import { deleteIgnoringGone, fetchOrGone } from "./lifecycle";
import type { Context, CreateResult, Props, ResourceHandlers } from "./protocol";
import { createOwned } from "./ownership";

type SegmentField = keyof typeof segmentFields;

/** Fields whose change needs a PATCH (an `apiKey`-only change is stored without any call). */
const remoteFields: readonly SegmentField[] = ["name", "description", "filters"];

/** The create/update body (the full desired segment). `check` validated the inputs; the client validates the body again and names the field */
function writeBody(inputs: Props, forCreate: boolean): SegmentCreateInput {
  const out: Record<string, unknown> = { name: inputs.name, filters: inputs.filters };
  // Update: "" clears the description; absent would keep OneSignal's old one.
  if (!isBlank(inputs.description)) out.description = inputs.description;
  else if (!forCreate) out.description = "";
  return out as SegmentCreateInput;
}

/**
 * Outputs: the desired inputs, with readable fields replaced by OneSignal's values unless those
 * are merely a different spelling of the same thing (so refresh never rewrites the program's form).
 */
function outputs(id: string, managed: Props, remote: Partial<SegmentDetail> | undefined): Props {
  void id;
  const out: Props = {
    appId: managed.appId,
    apiKey: managed.apiKey,
    adoptExistingId: managed.adoptExistingId,
  };
  for (const f of remoteFields) {
    const spec = segmentFields[f];
    const mine = managed[f];
    out[f] = reconcile(spec, mine, remote ? (remote as Props)[f] : undefined);
  }
  if (remote?.createdAt !== undefined) out.createdAt = toIso(remote.createdAt);
  else if (managed.createdAt !== undefined) out.createdAt = managed.createdAt;
  if (remote?.source) out.source = remote.source;
  else if (managed.source !== undefined) out.source = managed.source;
  return jsonSafeProps(out);
}

export function segmentHandlers(ctx: Context): ResourceHandlers {
  const secrets = (p: Props) => secretsIn(ctx, segmentFields, p);
  const call = <T>(op: string, props: Props, fn: (auth: AppAuth) => Promise<T>) =>
    withAppAuth("segment", op, props, ctx, fn);

  /** Another segment of the app that already has `name` (names are unique per app), if any. */
  async function holderOf(inputs: Props, ownId: string): Promise<{ id: string } | undefined> {
    const all = await call("create", inputs, (auth) => ctx.api().segments.listAll(auth));
    return all.find((s) => s.name === inputs.name && s.id !== ownId);
  }

  /** A taken name is an error that names the holder, never a share (OneSignal: 400 or 409). */
  function nameTaken(inputs: Props, holder: { id: string }, note = ""): ResourceError {
    return new ResourceError(
      `OneSignal Segment create failed: the app already has a segment named "${String(inputs.name)}" ` +
        `(${holder.id}) that this stack did not create; set adoptExistingId: "${holder.id}" to manage ` +
        `it, or choose another name${note}`,
    );
  }

  /**
   * Gives a created, recovered or adopted segment the declared name, description and filters, and
   * reads it back. A failure keeps it in state under the name it has now, so the next `up` sees the
   * difference; a name another segment holds removes the one this create made instead.
   */
  async function settle(
    id: string,
    inputs: Props,
    currentName: string,
    op: string,
    ours: boolean,
  ): Promise<CreateResult> {
    const api = ctx.api();
    const partial = (err: unknown) =>
      wrapError("segment", op, err, secrets(inputs), {
        id,
        properties: outputs(id, { ...inputs, name: currentName }, undefined),
        inputs,
      });
    if (currentName !== inputs.name || !ours) {
      try {
        await call(op, inputs, (auth) => api.segments.update(auth, id, writeBody(inputs, false)));
      } catch (err) {
        if (!ours || ctx.guards.isAmbiguous(err)) throw partial(err);
        const holder = await holderOf(inputs, id).catch(() => undefined);
        if (!holder) throw partial(err);
        try {
          await call(op, inputs, (auth) => api.segments.delete(auth, id));
        } catch (e) {
          if (!ctx.guards.isNotFound(e)) throw partial(nameTaken(inputs, holder));
        }
        throw nameTaken(inputs, holder, ` (the segment ${id} this create had made was deleted again)`);
      }
    }
    try {
      const seg = await call(op, inputs, (auth) => api.segments.get(auth, id));
      return { id, outs: outputs(id, inputs, seg) };
    } catch (err) {
      throw wrapError("segment", op, err, secrets(inputs), {
        id,
        properties: outputs(id, inputs, undefined),
        inputs,
      });
    }
  }

  return {
    async check(_olds, news) {
      return checkWith(segmentFields, news);
    },

    async diff(_id, olds, news) {
      const { changes, replaces } = diffWith(segmentFields, olds, news);
      // Names are unique per app: the old segment must go before its replacement is created.
      return { changes, replaces, deleteBeforeReplace: true };
    },

    async create(inputs) {
      return guarded("segment", "create", secrets(inputs), async () => {
        const api = ctx.api();
        const existing = str(inputs.adoptExistingId);
        if (existing) {
          const seg = await call("create (adopt)", inputs, (auth) => api.segments.get(auth, existing));
          return settle(existing, inputs, seg.name, "create (adopt)", false);
        }
        // A client-chosen id, kept across the retry after a lost answer: a repeat that meets its
        // own earlier attempt gets a 409 for an id that then reads back (create_segment).
        const id = ctx.uuid();
        return createOwned<{ id: string }>(
          ctx,
          {
            kind: "segment",
            inputs,
            list: async () => call("create", inputs, (auth) => api.segments.listAll(auth)),
            create: async (name) => {
              try {
                await call("create", inputs, (auth) =>
                  api.segments.create(auth, { id, ...writeBody(inputs, true), name }),
                );
                return { id };
              } catch (err) {
                if (!ctx.guards.isConflict(err)) throw err;
                const mine = await fetchOrGone(ctx, () =>
                  call("create", inputs, (auth) => api.segments.get(auth, id)),
                );
                if (mine !== undefined) return { id };
                // Without a marker the real name was sent: a 409 then means it is taken.
                const holder = name === inputs.name ? await holderOf(inputs, id) : undefined;
                if (holder) throw nameTaken(inputs, holder);
                throw err;
              }
            },
            settle: async (sid, created, currentName) =>
              settle(sid, inputs, currentName, created ? "create" : "create (recover)", true),
          },
          `segment:${String(inputs.appId)}`,
        );
      });
    },

    async read(id, props) {
      return guarded("segment", "read", secrets(props), async () => {
        const seg = await fetchOrGone(ctx, () =>
          call("read", props, (auth) => ctx.api().segments.get(auth, id)),
        );
        if (seg === undefined) return {};
        const outs = outputs(id, props, seg);
        return { id, props: outs, inputs: pickInputs(segmentFields, outs) };
      });
    },

    async update(id, olds, news) {
      return guarded("segment", "update", secrets(news), async () => {
        const remote = remoteFields.some(
          (f) => !deepEqual(canonical(segmentFields[f], news[f]), canonical(segmentFields[f], olds[f])),
        );
        // `name` is required on every PATCH (update_segment); the full desired object is sent.
        if (remote)
          await call("update", news, (auth) => ctx.api().segments.update(auth, id, writeBody(news, false)));
        return { outs: outputs(id, { ...news, createdAt: olds.createdAt, source: olds.source }, undefined) };
      });
    },

    async delete(id, props) {
      await guarded("segment", "delete", secrets(props), async () => {
        await deleteIgnoringGone(ctx, () =>
          call("delete", props, (auth) => ctx.api().segments.delete(auth, id)),
        );
      });
    },
  };
}
