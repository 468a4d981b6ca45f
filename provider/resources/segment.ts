/**
 * Segments (`/apps/{app_id}/segments`, app key). Names are unique per app, so a replacement
 * deletes first; creates carry a client-chosen id so a lost response can be adopted by id.
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
import { claim, isClaimed, lookUpAfterLoss, secretsOf, withAppAuth } from "./shared";

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

function matches(seg: SegmentDetail, desired: Props): boolean {
  return (["name", "description", "filters"] as const).every((f) =>
    deepEqual(
      canonical(segmentFields[f], desired[f]),
      canonical(segmentFields[f], (seg as unknown as Props)[f]),
    ),
  );
}

export function segmentHandlers(ctx: Context): ResourceHandlers {
  const secrets = (p: Props) => secretsOf(ctx, p.apiKey);
  const call = <T>(op: string, props: Props, fn: (auth: AppAuth) => Promise<T>) =>
    withAppAuth("segment", op, props, ctx, fn);

  /** Reads the segment after a create/adopt; a failure keeps the object in state. */
  async function settle(id: string, inputs: Props, op: string, patch: boolean): Promise<CreateResult> {
    claim(id);
    try {
      if (patch)
        await call(op, inputs, (auth) => ctx.api().segments.update(auth, id, writeBody(inputs, false)));
      const seg = await call(op, inputs, (auth) => ctx.api().segments.get(auth, id));
      return { id, outs: outputs(id, inputs, seg) };
    } catch (err) {
      throw wrapError("segment", op, err, secrets(inputs), {
        id,
        properties: outputs(id, inputs, undefined),
        inputs,
      });
    }
  }

  /** After a 409: our own earlier attempt (same id), an identical segment, or a real clash. */
  async function resolveConflict(id: string, inputs: Props, original: unknown): Promise<CreateResult> {
    const api = ctx.api();
    try {
      await call("create", inputs, (auth) => api.segments.get(auth, id));
      return settle(id, inputs, "create", false);
    } catch (err) {
      if (!ctx.guards.isNotFound(err)) throw err;
    }
    const all = await call("create", inputs, (auth) => api.segments.listAll(auth));
    const same = all.find((s) => s.name === inputs.name);
    if (same && !isClaimed(same.id)) {
      const detail = await call("create", inputs, (auth) => api.segments.get(auth, same.id));
      if (matches(detail, inputs)) {
        ctx.warn(
          `OneSignal Segment "${String(inputs.name)}": adopted the identical existing segment ${same.id} ` +
            "(probably left by an interrupted earlier run) instead of creating a duplicate.",
        );
        return settle(same.id, inputs, "create (adopt)", false);
      }
    }
    const reason = original instanceof Error ? original.message : String(original);
    throw new ResourceError(
      `OneSignal Segment create failed: ${reason}` +
        (same
          ? ` — a different segment named "${String(inputs.name)}" already exists (${same.id}); ` +
            `set adoptExistingId: "${same.id}" to manage it, or choose another name`
          : ""),
    );
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
          await call("create (adopt)", inputs, (auth) => api.segments.get(auth, existing));
          return settle(existing, inputs, "create (adopt)", true);
        }
        // A client-chosen id makes the create safe to retry: a repeat either succeeds or gets a
        // 409 for an id that then reads back as ours.
        const id = ctx.uuid();
        const body = { id, ...writeBody(inputs, true) };
        for (let attempt = 0; ; attempt++) {
          try {
            await call("create", inputs, (auth) => api.segments.create(auth, body));
            return settle(id, inputs, "create", false);
          } catch (err) {
            if (ctx.guards.isConflict(err)) return resolveConflict(id, inputs, err);
            if (!ctx.guards.isAmbiguous(err) || attempt >= 1) throw err;
            const found = await lookUpAfterLoss(async () => {
              try {
                await call("create", inputs, (auth) => api.segments.get(auth, id));
                return true;
              } catch (e) {
                if (ctx.guards.isNotFound(e)) return false;
                throw e;
              }
            });
            if (found) return settle(id, inputs, "create", false);
          }
        }
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
