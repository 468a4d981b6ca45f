/**
 * Refresh from the list endpoints: one list of an app's templates (or API keys) serves the reads of
 * every resource of that app in one engine operation, instead of one view per object. The engine
 * starts a dynamic-provider process per operation (`pulumi refresh`, `up`, `preview`), so a cache
 * kept in this module lives for one operation and never across runs; within the process it is
 * dropped for an app whenever this process writes an object of that kind there, and a list older
 * than {@link MAX_AGE_MS} is taken again, so a read never trusts a list taken before a write it
 * could have seen. Lists go through the client, so they take the same pacing (templates: 1
 * request per second per app, shared with the views) and the same process-wide rate limits.
 */
import { createHash } from "node:crypto";
import { toIso } from "../json";
import type { Context } from "./protocol";

/** What a list says of one object: enough to tell whether it changed. */
export interface Listed {
  id: string;
  name?: string;
  updatedAt?: string;
}

/**
 * How long one list serves reads. A refresh asks for every resource at once (the engine reads in
 * parallel), so a list is used within seconds of being taken; the bound only keeps a long-lived
 * process (an Automation API host) from answering a later operation from an old list.
 */
export const MAX_AGE_MS = 60_000;

interface Entry {
  at: number;
  list: Promise<Map<string, unknown>>;
}

const lists = new Map<string, Entry>();

/** A time with a fraction of a second other than .000 (`toIso` form). */
const FRACTIONAL = /\.\d*[1-9]\d*Z$/;

/**
 * Whether a list this process took showed times with milliseconds (see {@link unchangedSince}).
 * The engine starts a provider process per operation, so this is learnt afresh each time.
 */
let millisecondStamps = false;

/**
 * The key of one app's list of one kind for one API endpoint and one credential: a list taken with
 * one app key never answers a resource that reads with another, so a refused key is still found
 * by the read of the resource that holds it (appKey.ts, `keepOnRefusedKey`). The credential is
 * kept as a hash only.
 */
function keyOf(ctx: Context, kind: string, appId: string, credential = ""): string {
  const cred = credential ? createHash("sha256").update(credential).digest("hex").slice(0, 16) : "";
  return JSON.stringify([ctx.settings().apiUrl, kind, appId, cred]);
}

/** Whether reads may trust the lists (`onesignal:refreshFromLists`, default true). */
export function listsEnabled(ctx: Context): boolean {
  return ctx.settings().refreshFromLists !== false;
}

/**
 * What the app's list of `kind` says of object `id`, the list taken once per operation (see the
 * file's top); `undefined` when the list does not show it, when the list failed (the caller
 * then views, which says what went wrong), or when lists are switched off. Each entry
 * answers one read only: the engine reads a resource once per operation, so a second read of the
 * same object in this process (a process serving another operation) goes to OneSignal.
 */
export async function takeListed<T extends { id: string }>(
  ctx: Context,
  kind: string,
  appId: string,
  id: string,
  fetch: () => Promise<readonly T[]>,
  credential?: string,
): Promise<T | undefined> {
  if (!listsEnabled(ctx)) return undefined;
  const key = keyOf(ctx, kind, appId, credential);
  const now = ctx.now();
  let entry = lists.get(key);
  if (!entry || now - entry.at >= MAX_AGE_MS) {
    const list = fetch().then((all) => {
      if (all.some((o) => FRACTIONAL.test(String(toIso((o as { updatedAt?: unknown }).updatedAt)))))
        millisecondStamps = true;
      return new Map<string, unknown>(all.map((o) => [o.id, o] as const));
    });
    // A failed list is kept too: the rest of the operation views, rather than pay for a failing
    // list (1 request/s per app for templates) before every view.
    entry = { at: now, list };
    lists.set(key, entry);
  }
  const all = (await entry.list.catch(() => undefined)) as Map<string, T> | undefined;
  const item = all?.get(id);
  all?.delete(id);
  return item;
}

/** Drops an app's list of `kind` after this process wrote one of its objects (create, update, delete). */
export function forgetList(ctx: Context, kind: string, appId: unknown): void {
  const prefix = keyOf(ctx, kind, String(appId)).slice(0, -3); // every credential's list
  for (const key of [...lists.keys()]) if (key.startsWith(prefix)) lists.delete(key);
}

/** Forgets every list, as a new provider process would (tests). */
export function forgetLists(): void {
  lists.clear();
  millisecondStamps = false;
}

/**
 * Whether the listed object is exactly the one in state, so the read can answer from state.
 * OneSignal moves `updated_at` on every change (`view_templates`, `view_api_keys` return it for
 * each object); the docs' examples give it in milliseconds ("2021-07-23T18:02:23.956Z") but the
 * create example in whole seconds ("2023-08-02T18:09:02Z"). At whole seconds a change made in the
 * same second as the write state recorded would keep the same `updated_at`, so a time without a
 * fraction never proves anything: that object is viewed. Once a list showed milliseconds, the
 * service stamps in milliseconds, and a `.000` is just a millisecond that fell on the second (one
 * time in a thousand): it then proves as much as any other.
 */
export function unchangedSince(item: Listed, stateUpdatedAt: unknown, stateName: unknown): boolean {
  if (typeof stateUpdatedAt !== "string" || typeof item.updatedAt !== "string") return false;
  const listedAt = toIso(item.updatedAt);
  if (typeof listedAt !== "string" || !(FRACTIONAL.test(listedAt) || millisecondStamps)) return false;
  if (listedAt !== toIso(stateUpdatedAt)) return false;
  return item.name === undefined || item.name === stateName;
}
