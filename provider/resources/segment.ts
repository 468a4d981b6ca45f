/**
 * Segments (`/apps/{app_id}/segments`, app key). Names are unique per app, so a replacement
 * deletes first and a taken name is an error; creates follow the ownership protocol
 * (ownership.ts) and also carry a client-chosen id, so a retried create meets itself by id.
 */
import type { z } from "zod";
import { DOCUMENTED_FILTER_FIELDS } from "../schemas/filter";
import { type SegmentCreateInput, segmentFields } from "../schemas/segment";
import type { AppAuth, SegmentDetail } from "./api";
import { deepEqual, isBlank, jsonSafeProps, str, toIso } from "../json";
import { keepOnRefusedKey, requireAppKey, takeAppListed, withAppAuth } from "./appKey";
import { forgetList, listsEnabled, unchangedSince } from "./listCache";
import { guarded, reasonOf, ResourceError, secretsIn, wrapError } from "./errors";
import { canonical, checkWith, diffWith, holdsAll, refreshedInputs, reconcile } from "./fields";
import { deleteIgnoringGone, fetchOrGone } from "./lifecycle";
import { type Context, type CreateResult, type Props, type ResourceHandlers, UNKNOWN } from "./protocol";
import { createOwned } from "./ownership";

type SegmentField = keyof typeof segmentFields;

/** Fields whose change needs a PATCH (an `apiKey`-only change is stored without any call). */
const remoteFields: readonly SegmentField[] = ["name", "description", "filters"];

/**
 * The state a read of a user-based segment keeps: there is one only once the segment was managed
 * (a managed segment has at least one filter; `Segment.get` and an import pass none).
 */
function hasLastState(props: Props): boolean {
  return typeof props.name === "string" && Array.isArray(props.filters) && props.filters.length > 0;
}

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
    extraFilterFields: managed.extraFilterFields,
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
  // view-segment gives no updated_at; only view-segments does, and only a read stores it (see read).
  if (managed.updatedAt !== undefined) out.updatedAt = managed.updatedAt;
  return jsonSafeProps(out);
}

/**
 * A filter field outside the docs' list fails `check`: OneSignal answers such a segment with a 400
 * at `up` (`sessions_count` for `session_count`), so a typo is caught at preview, naming the entry
 * and the closest documented field. `extraFilterFields` lets through a field OneSignal added after
 * this list was written (the 5.12 spec leaves `field` free-form).
 */
function undocumentedFields(v: Props, c: z.RefinementCtx): void {
  if (!Array.isArray(v.filters)) return;
  const extra = Array.isArray(v.extraFilterFields) ? (v.extraFilterFields as unknown[]) : [];
  if (extra.some((f) => f === UNKNOWN)) return; // known only at apply: judged then
  (v.filters as unknown[]).forEach((f, i) => {
    const field = typeof f === "object" && f !== null ? (f as Props).field : undefined;
    if (typeof field !== "string" || field === UNKNOWN || field === "") return;
    if (DOCUMENTED_FILTER_FIELDS.includes(field) || extra.includes(field)) return;
    const near = closest(field, DOCUMENTED_FILTER_FIELDS);
    c.addIssue({
      code: "custom",
      path: ["filters", i, "field"],
      message:
        `is not a filter field OneSignal's docs list (${DOCUMENTED_FILTER_FIELDS.join(", ")})` +
        `${near ? `; did you mean "${near}"?` : ""} If OneSignal takes it, add "${field}" to extraFilterFields`,
    });
  });
}

/** The documented name within two edits of `name` (a typo's likely intent), if one is. */
function closest(name: string, names: readonly string[]): string | undefined {
  let best: { n: string; d: number } | undefined;
  for (const n of names) {
    const d = editDistance(name.toLowerCase(), n);
    if (d <= 2 && (best === undefined || d < best.d)) best = { n, d };
  }
  return best?.n;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

export function segmentHandlers(ctx: Context): ResourceHandlers {
  const secrets = (p: Props) => secretsIn(ctx, segmentFields, p);
  const call = <T>(op: string, props: Props, fn: (auth: AppAuth) => Promise<T>) =>
    withAppAuth("segment", op, props, ctx, fn);

  /** Another segment of the app that already has `name` (names are unique per app), if any. */
  async function holderOf(inputs: Props, ownId: string, op = "create"): Promise<{ id: string } | undefined> {
    const all = await call(op, inputs, (auth) => ctx.api().segments.listAll(auth));
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

  /** The plan's refusal (`create-segments` 403 / 422), said in words; other errors unchanged. */
  function planLimit(err: unknown, op: string): unknown {
    if (!ctx.guards.isSegmentPlanLimit(err)) return err;
    const why =
      (err as { status?: number }).status === 422
        ? "the app has reached the maximum number of segments its OneSignal plan allows; delete " +
          "segments it no longer needs or change the plan"
        : "the app's OneSignal plan does not include the segments API; change the plan or manage " +
          "this segment in the dashboard";
    return new ResourceError(`OneSignal Segment ${op} failed: ${why} (OneSignal: "${reasonOf(err)}")`);
  }

  /** A user-based segment has no state to start from: adopting or importing it cannot work. */
  function cannotStartFrom(id: string, op: string, err: unknown): ResourceError {
    return new ResourceError(
      `OneSignal Segment ${op} failed: segment ${id} cannot be adopted: OneSignal does not return it ` +
        `through its API ("${reasonOf(err)}"), so there is no last known state to start from; remove ` +
        "its message-event and custom-event filters in the OneSignal dashboard first, or create a new segment",
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
      // The updated_at a later refresh compares with (view-segment gives none): listed after the
      // last write and before the view, as a read does, so a change made in between shows later.
      const updatedAt = listsEnabled(ctx)
        ? await call(op, inputs, (auth) => api.segments.listAll(auth)).then(
            (all) => all.find((s) => s.id === id)?.updatedAt,
            () => undefined,
          )
        : undefined;
      const seg = await call(op, inputs, (auth) => api.segments.get(auth, id));
      return {
        id,
        outs: outputs(
          id,
          { ...inputs, updatedAt: updatedAt === undefined ? undefined : toIso(updatedAt) },
          seg,
        ),
      };
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
      return checkWith(segmentFields, news, (v, c) => {
        requireAppKey(ctx, "segment", v, c);
        undocumentedFields(v, c);
      });
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
          const seg = await call("create (adopt)", inputs, (auth) => api.segments.get(auth, existing)).catch(
            (err: unknown) => {
              throw ctx.guards.isUserBasedSegment(err)
                ? cannotStartFrom(existing, "create (adopt)", err)
                : err;
            },
          );
          // Already as declared: no update-segment, so the segment keeps its state in OneSignal.
          if (holdsAll(segmentFields, seg as unknown as Props, inputs, ["appId", "apiKey"]))
            return { id: existing, outs: outputs(existing, inputs, seg) };
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
              forgetList(ctx, "segment", inputs.appId);
              try {
                await call("create", inputs, (auth) =>
                  api.segments.create(auth, { id, ...writeBody(inputs, true), name }),
                );
                return { id };
              } catch (err) {
                const conflict = ctx.guards.isConflict(err);
                // OneSignal answers a taken name with 400 ("Segment name is already taken.") and a
                // repeated id with 409; older answers used 409 for both: look, never guess.
                if (!conflict && !ctx.guards.isBadRequest(err)) throw planLimit(err, "create");
                if (conflict) {
                  const mine = await fetchOrGone(ctx, () =>
                    call("create", inputs, (auth) => api.segments.get(auth, id)),
                  ).catch((e: unknown) => {
                    // Its own earlier attempt, since turned user-based in the dashboard.
                    if (ctx.guards.isUserBasedSegment(e)) return true;
                    throw e;
                  });
                  if (mine !== undefined) return { id };
                }
                // Without a marker the real name was sent: a clash then means it is taken.
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
        // One view-segments list (300 a page, with each segment's updated_at) per app and operation
        // serves every segment's read: one unchanged since the updated_at state holds answers from
        // state. view-segment has no updated_at, so a viewed segment stores the list's, and the
        // list is taken before the view: a change between the two moves updated_at past the stored
        // one, so the next refresh views again.
        const listed = hasLastState(props)
          ? await takeAppListed(ctx, "segment", id, props, (auth) => ctx.api().segments.listAll(auth))
          : undefined;
        if (listed && unchangedSince(listed, props.updatedAt, props.name)) {
          const outs = outputs(id, props, undefined);
          return { id, props: outs, inputs: refreshedInputs(segmentFields, props, outs) };
        }
        let seg: SegmentDetail | undefined;
        try {
          seg = await fetchOrGone(ctx, () => call("read", props, (auth) => ctx.api().segments.get(auth, id)));
        } catch (err) {
          if (keepOnRefusedKey(ctx, "segment", id, props, err, hasLastState(props))) {
            const outs = outputs(id, props, undefined);
            return { id, props: outs, inputs: refreshedInputs(segmentFields, props, outs) };
          }
          if (!ctx.guards.isUserBasedSegment(err)) throw err;
          if (!hasLastState(props)) throw cannotStartFrom(id, "read", err);
          // `view-segment` refuses segments with message-event or custom-event filters (added in
          // the dashboard): keep the last known state so refresh and up go on, and say why.
          ctx.warn(
            `OneSignal Segment "${String(props.name)}" (${id}, app ${String(props.appId)}): OneSignal ` +
              `does not return this segment through its API ("${reasonOf(err)}"), so its last known ` +
              "state is kept and changes made in the dashboard are not seen; an update still sends the " +
              "declared name, description and filters (replacing the event filters), and destroy still deletes it",
          );
          const outs = outputs(id, props, undefined);
          return { id, props: outs, inputs: refreshedInputs(segmentFields, props, outs) };
        }
        if (seg === undefined) return {};
        const updatedAt = listed?.updatedAt === undefined ? undefined : toIso(listed.updatedAt);
        const outs = outputs(id, { ...props, updatedAt }, seg);
        return { id, props: outs, inputs: refreshedInputs(segmentFields, props, outs) };
      });
    },

    async update(id, olds, news) {
      return guarded("segment", "update", secrets(news), async () => {
        const remote = remoteFields.some(
          (f) => !deepEqual(canonical(segmentFields[f], news[f]), canonical(segmentFields[f], olds[f])),
        );
        // `name` is required on every PATCH (update_segment); the full desired object is sent.
        if (remote) {
          forgetList(ctx, "segment", news.appId);
          try {
            await call("update", news, (auth) => ctx.api().segments.update(auth, id, writeBody(news, false)));
          } catch (err) {
            // A taken name: 400 per `update-segment`, 409 from older answers; the holder says which.
            if (!ctx.guards.isBadRequest(err) && !ctx.guards.isConflict(err)) throw planLimit(err, "update");
            const holder = await holderOf(news, id, "update").catch(() => undefined);
            if (!holder) throw err;
            throw new ResourceError(
              `OneSignal Segment update failed: the app already has another segment named ` +
                `"${String(news.name)}" (${holder.id}); segment names are unique per app, choose another name`,
            );
          }
        }
        // A PATCH moves updated_at: the next refresh views the segment and stores the new one.
        const updatedAt = remote ? undefined : olds.updatedAt;
        return {
          outs: outputs(
            id,
            { ...news, createdAt: olds.createdAt, source: olds.source, updatedAt },
            undefined,
          ),
        };
      });
    },

    async delete(id, props) {
      await guarded("segment", "delete", secrets(props), async () => {
        forgetList(ctx, "segment", props.appId);
        await deleteIgnoringGone(ctx, () =>
          call("delete", props, (auth) => ctx.api().segments.delete(auth, id)),
        );
      });
    },
  };
}
