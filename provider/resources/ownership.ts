/**
 * Ownership: how a create proves, across a lost response or a run that died, which object is this
 * resource's. OneSignal has no idempotency keys and no tags for apps, keys, segments or templates,
 * so resemblance (same name, same settings, created recently) can never tell "mine, from a run
 * that died" from "another stack's, created a second ago". Instead every create is sent under a
 * provisional name that carries a marker only this resource of this stack produces (a hash of its
 * owner: the backend organization and the resource's URN, which the SDK passes as `__owner`), and
 * the real name is settled once the create is confirmed. A look-up after a lost response, or the
 * next run after a crash, finds exactly its own object by that marker and nothing else.
 * docs/design.md explains the choice and its cost (one extra write per create).
 */
import { createHash } from "node:crypto";
import { messageOf, ResourceError } from "./errors";
import { type Context, type CreateResult, type Kind, type Props, KIND_NAMES } from "./protocol";

/** The input the SDK sets on every resource: `<backend organization>/<resource URN>`. */
export const OWNER_INPUT = "__owner";

/** Names of every kind are limited to 128 characters (create_app, create_api_key, create_segment, create_template). */
export const NAME_LIMIT = 128;

/** The marker of a resource: 16 hex digits (64 bits) of SHA-256 over its owner; undefined without one. */
export function markerOf(inputs: Props): string | undefined {
  const owner = inputs[OWNER_INPUT];
  if (typeof owner !== "string" || owner === "") return undefined;
  return createHash("sha256").update(owner).digest("hex").slice(0, 16);
}

function suffix(marker: string): string {
  return ` [pulumi:${marker}]`;
}

/** The name an object carries between its create and the settle: the real name, shortened to fit, plus the marker. */
export function provisionalName(name: string, marker: string): string {
  const s = suffix(marker);
  return `${name.slice(0, NAME_LIMIT - s.length).trimEnd()}${s}`;
}

/** True when a name carries this marker (whatever the name before it was, so a renamed input still finds its object). */
export function carriesMarker(name: unknown, marker: string): boolean {
  return typeof name === "string" && name.endsWith(suffix(marker));
}

/**
 * Lists taken for the pre-create look-up (ownership.ts), one per parent per process. An object
 * left by an interrupted earlier run already exists when this process starts, so one list per app
 * (or organization) is enough: a 50-template stack costs one rate-limited list per app, not fifty.
 */
const snapshots = new Map<string, Promise<readonly unknown[]>>();

export function snapshot<T>(key: string, fetch: () => Promise<readonly T[]>): Promise<readonly T[]> {
  let p = snapshots.get(key) as Promise<readonly T[]> | undefined;
  if (!p) {
    p = fetch();
    snapshots.set(key, p);
    // A failed list must not be cached.
    p.catch(() => snapshots.delete(key));
  }
  return p;
}

/** Forgets every snapshot, as a new provider process would (tests). */
export function forgetSnapshots(): void {
  snapshots.clear();
}

/**
 * Runs a look-up after a lost create response. The look-up itself may meet the same outage, so it
 * is attempted a few times before giving up (the caller then fails without creating again).
 */
export async function lookUpAfterLoss<T>(
  ctx: Context,
  fn: () => Promise<T>,
  attempts = 3,
  permanent: (err: unknown) => boolean = () => false,
): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (err) {
      last = err;
      if (permanent(err)) break;
      await ctx.sleep(250 * (i + 1));
    }
  }
  throw last;
}

export interface Named {
  id: string;
  name?: string | null;
}

/** What one kind supplies to {@link createOwned}. */
export interface CreateProtocol<C extends { id: string }> {
  kind: Kind;
  inputs: Props;
  /**
   * The objects among which this resource's object would be (an app's keys, segments or templates,
   * the organization's apps). `fresh: false` may serve a per-process snapshot: an object left by an
   * earlier run exists before this process starts.
   */
  list(fresh: boolean): Promise<readonly Named[]>;
  /** Sends the create under `name`. */
  create(name: string): Promise<C>;
  /**
   * Turns the object into this resource's state: gives it the real name (and, for a recovered
   * object, the desired settings). `created` is the create's answer, absent for a recovered object;
   * `currentName` is the name the object has now, for errors that keep it in state.
   */
  settle(id: string, created: C | undefined, currentName: string): Promise<CreateResult>;
  /**
   * A failure of the pre-create look-up that must not stop the create (apps: the list is switched
   * off above 1000 apps). Returns the warning to show, or undefined to fail.
   */
  lookUpFailure?(err: unknown): string | undefined;
  /**
   * The input that adopts an existing object by id (apps: `adoptExistingId`). When the look-up
   * after a lost create answer fails in a way {@link lookUpFailure} accepts, nothing can tell
   * whether the object exists: the create stops and tells the user to adopt it by this input.
   */
  adoptInput?: string;
}

const warnedLookUps = new Set<string>();

/** Forgets the once-per-process warnings (tests). */
export function forgetOwnershipWarnings(): void {
  warnedLookUps.clear();
}

/**
 * The one create protocol of every kind: recover this resource's own object if an earlier run left
 * it, else create under the provisional name; after a lost response look for the marker, never for
 * resemblance; then settle.
 */
export async function createOwned<C extends { id: string }>(
  ctx: Context,
  p: CreateProtocol<C>,
  snapshotKey: string,
): Promise<CreateResult> {
  const name = String(p.inputs.name);
  const marker = markerOf(p.inputs);
  if (marker === undefined) {
    // Without an owner (a handler called outside the SDK) nothing can be proven: a lost response
    // is an error that says the object may exist, and nothing is adopted.
    const created = await p.create(name);
    return p.settle(created.id, created, name);
  }
  const provisional = provisionalName(name, marker);
  const mine = (objects: readonly Named[]) => objects.filter((o) => carriesMarker(o.name, marker));

  let left: readonly Named[] = [];
  try {
    left = mine(await snapshot(snapshotKey, () => p.list(false)));
  } catch (err) {
    const warning = p.lookUpFailure?.(err);
    if (warning === undefined) {
      if (err instanceof ResourceError) throw err;
      // Say why a create lists first; the raw request ("GET /apps failed") means nothing to a user.
      throw new ResourceError(
        `OneSignal ${KIND_NAMES[p.kind]} create failed: nothing was created; the look-up that comes first ` +
          `(for an object an interrupted earlier create of this resource may have left) failed: ` +
          `${messageOf(err)}`,
      );
    }
    if (!warnedLookUps.has(snapshotKey)) {
      warnedLookUps.add(snapshotKey);
      ctx.warn(warning);
    }
  }
  if (left.length > 0) {
    const [first, ...rest] = left;
    ctx.warn(
      `OneSignal ${KIND_NAMES[p.kind]} "${name}": an interrupted earlier create of this resource left ` +
        `${first.id} (its name carries this resource's marker ${marker}); it is taken over and renamed.` +
        (rest.length > 0
          ? ` ${rest.length} more carry the same marker and are left alone: ${rest.map((o) => o.id).join(", ")}.`
          : ""),
    );
    return p.settle(first.id, undefined, String(first.name));
  }

  let created: C;
  try {
    created = await p.create(provisional);
  } catch (err) {
    if (!ctx.guards.isAmbiguous(err)) throw err;
    // The request may have created the object although its answer was lost: only an object that
    // carries this resource's marker can be it.
    const switchedOff = (e: unknown) => p.lookUpFailure?.(e) !== undefined;
    let listed: readonly Named[];
    try {
      listed = await lookUpAfterLoss(ctx, () => p.list(true), 3, switchedOff);
    } catch (lookUpErr) {
      if (!switchedOff(lookUpErr)) throw lookUpErr;
      // Creating again could make a second object, and a name is never proof: stop, and say how
      // to take the object over by id if the lost create made it.
      const reason = lookUpErr instanceof Error ? lookUpErr.message : String(lookUpErr);
      throw new ResourceError(
        `OneSignal ${KIND_NAMES[p.kind]} create of "${name}" stopped: the answer to the create was lost ` +
          `(${messageOf(err)}) and the look-up for it failed (${reason}), ` +
          `so nothing shows whether it was created. Look in the OneSignal dashboard for "${provisional}": ` +
          `if it exists, set ${p.adoptInput ?? "the adoption input"} to its id and run \`pulumi up\` again; ` +
          "if it does not, just run `pulumi up` again.",
      );
    }
    const found = mine(listed);
    if (found.length > 0) return p.settle(found[0].id, undefined, String(found[0].name));
    created = await p.create(provisional);
  }
  // If the engine died while the create was in flight, leave the object under its provisional
  // name: the next run finds it by the marker, while a renamed one would be indistinguishable from
  // someone else's.
  if (!(await ctx.engineAlive())) {
    throw new ResourceError(
      `OneSignal ${KIND_NAMES[p.kind]} create stopped: the Pulumi engine is gone; ${created.id} ` +
        `keeps its provisional name "${provisional}" and the next \`pulumi up\` takes it over`,
    );
  }
  return p.settle(created.id, created, provisional);
}
