/**
 * Segments (`/apps/{app_id}/segments`, app key). Names are unique per app, so a replacement
 * deletes first and a taken name is an error; creates follow the ownership protocol
 * (ownership.ts) and also carry a client-chosen id, so a retried create meets itself by id.
 */
import { z } from "zod";
import { SEGMENT_FIELDS } from "../schemas/segment";
import type { AppAuth, FilterEntry, SegmentDetail } from "./api";
import {
  type Context,
  type CreateResult,
  type FieldSpecs,
  type Props,
  type ResourceHandlers,
  ResourceError,
  canonical,
  checkWith,
  deepEqual,
  diffWith,
  fetchOrGone,
  guarded,
  isBlank,
  jsonSafeProps,
  pickInputs,
  stableStringify,
  str,
  toIso,
  wrapError,
} from "./common";
import { createOwned } from "./ownership";
import { secretsOf, withAppAuth } from "./shared";

const FILTER_MEMBERS = ["field", "relation", "key", "value", "hoursAgo", "radius", "lat", "long"] as const;

function canonicalFilter(f: FilterEntry): Props {
  const out: Props = {};
  for (const m of FILTER_MEMBERS) {
    const v = f[m];
    if (v === undefined || v === null) continue;
    // radius/lat/long are numbers in SPEC but strings in one doc table: compare numerically.
    if (m === "radius" || m === "lat" || m === "long") out[m] = Number(v);
    else out[m] = String(v);
  }
  if (out.relation === "exists" || out.relation === "not_exists") delete out.value;
  return out;
}

/**
 * The canonical form of a filters list: explicit AND operators removed (adjacent filters are
 * AND-ed anyway), filters sorted inside each AND group and the OR groups sorted, because neither
 * order changes who is in the segment; read-only extras such as `unsupportedInApi` dropped.
 */
export function normaliseFilters(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const groups: string[][] = [[]];
  for (const entry of value as FilterEntry[]) {
    if (entry === null || typeof entry !== "object") continue;
    if (typeof entry.operator === "string" && entry.field === undefined) {
      if (entry.operator.toUpperCase() === "OR") groups.push([]);
      continue;
    }
    groups[groups.length - 1].push(stableStringify(canonicalFilter(entry)));
  }
  const sorted = groups
    .filter((g) => g.length > 0)
    .map((g) => [...g].sort())
    .sort((a, b) => a.join("\n").localeCompare(b.join("\n")));
  const out: Props[] = [];
  sorted.forEach((g, i) => {
    if (i > 0) out.push({ operator: "OR" });
    for (const f of g) out.push(JSON.parse(f) as Props);
  });
  return out;
}

/** Every Segment input, declared once. */
export const segmentFields = {
  appId: { schema: z.string().min(1, "must not be empty"), required: true, replaceOnChange: true },
  // The app key: stored so that refresh and destroy keep working; no API call when only it changes.
  apiKey: { schema: z.string().min(1, "must not be empty"), secret: true, writeOnly: true },
  name: { schema: SEGMENT_FIELDS.name.schema, required: true },
  description: {
    schema: SEGMENT_FIELDS.description.schema,
    // OneSignal reports an unset description as null; "" and absent mean the same.
    normalise: (v: unknown) => (isBlank(v) ? undefined : v),
  },
  filters: { schema: SEGMENT_FIELDS.filters.schema, required: true, normalise: normaliseFilters },
  adoptExistingId: { schema: z.string().min(1, "must not be empty"), createOnly: true },
} satisfies FieldSpecs;

type SegmentField = keyof typeof segmentFields;

/** Fields whose change needs a PATCH (an `apiKey`-only change is stored without any call). */
const remoteFields: readonly SegmentField[] = ["name", "description", "filters"];

function writeBody(inputs: Props, forCreate: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: inputs.name, filters: inputs.filters };
  // Update: "" clears the description; absent would keep OneSignal's old one.
  if (!isBlank(inputs.description)) out.description = inputs.description;
  else if (!forCreate) out.description = "";
  return out;
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
    const theirs = remote ? (remote as Props)[f] : undefined;
    if (remote === undefined || theirs === undefined) out[f] = mine;
    else out[f] = deepEqual(canonical(spec, mine), canonical(spec, theirs)) ? mine : theirs;
  }
  if (remote?.createdAt !== undefined) out.createdAt = toIso(remote.createdAt);
  else if (managed.createdAt !== undefined) out.createdAt = managed.createdAt;
  if (remote?.source) out.source = remote.source;
  else if (managed.source !== undefined) out.source = managed.source;
  return jsonSafeProps(out);
}

export function segmentHandlers(ctx: Context): ResourceHandlers {
  const secrets = (p: Props) => secretsOf(ctx, p.apiKey);
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
        // `name` is required on every PATCH (CONTRACT §4.2); the full desired object is sent.
        if (remote)
          await call("update", news, (auth) => ctx.api().segments.update(auth, id, writeBody(news, false)));
        return { outs: outputs(id, { ...news, createdAt: olds.createdAt, source: olds.source }, undefined) };
      });
    },

    async delete(id, props) {
      await guarded("segment", "delete", secrets(props), async () => {
        try {
          await call("delete", props, (auth) => ctx.api().segments.delete(auth, id));
        } catch (err) {
          if (!ctx.guards.isNotFound(err)) throw err;
        }
      });
    },
  };
}
