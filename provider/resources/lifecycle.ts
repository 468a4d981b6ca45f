/**
 * What every kind's lifecycle shares besides the create protocol (ownership.ts) and the output
 * reconciliation (fields.ts `reconcile`): a read that tells "deleted out of band" from a failure,
 * and a delete that accepts "already gone".
 */
import type { Context } from "./protocol";

/**
 * Fetches an object for `read`. A 404 means it was deleted out of band: `undefined`, which the
 * handlers answer with `{}` so the engine drops it from state and the next `up` recreates it.
 */
export async function fetchOrGone<T>(ctx: Context, fetch: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fetch();
  } catch (err) {
    if (ctx.guards.isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Deletes an object; a 404 means it is already gone (deleted outside Pulumi, or by an earlier
 * destroy whose answer was lost), which is what the delete wanted.
 */
export async function deleteIgnoringGone(ctx: Context, remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (err) {
    if (!ctx.guards.isNotFound(err)) throw err;
  }
}
