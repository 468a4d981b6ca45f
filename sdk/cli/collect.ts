/**
 * Reads an organization through the provider's OneSignal client (its pacing keeps to OneSignal's
 * limits, template views 1/s per app) into a snapshot. Reads only; the one write is the optional
 * temporary read key per app, which {@link TemporaryKeys} deletes again.
 */
import {
  isBadRequest,
  isForbidden,
  isUserBasedSegment,
  type AppAuth,
  type OneSignalClient,
} from "../../provider/client";
import type { App } from "../../provider/schemas/app";
import {
  appSnapshot,
  keySnapshot,
  segmentSnapshot,
  templateSnapshot,
  type AppSnapshot,
  type OrganizationSnapshot,
} from "./snapshot";

/** The name of a temporary read key; an earlier run that was killed outright may have left one. */
export const TEMPORARY_KEY_NAME = "pulumi-onesignal import (temporary, delete me)";

/** The temporary keys made in this run, deleted by {@link TemporaryKeys.deleteAll}. */
export class TemporaryKeys {
  private readonly made: { appId: string; tokenId: string }[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly client: OneSignalClient) {}

  /** Creates one for `appId` and returns its secret; refused once the clean-up has begun. */
  async create(appId: string): Promise<string> {
    // An app still being read when another app's failure (or a signal) began the clean-up must
    // not make a key after it.
    if (this.closed) throw new Error("the run is ending: no temporary key is created any more");
    const p = this.client.apiKeys.create(appId, { name: TEMPORARY_KEY_NAME });
    this.pending.add(p);
    try {
      const secret = await p;
      this.made.push({ appId, tokenId: secret.tokenId });
      return secret.formattedToken;
    } finally {
      this.pending.delete(p);
    }
  }

  /** Token ids made so far (they are not part of the organization's program). */
  ids(): ReadonlySet<string> {
    return new Set(this.made.map((k) => k.tokenId));
  }

  /**
   * Deletes every key made, waiting first for creates still under way (their answer may still
   * bring a key); returns the ones that could not be deleted, for the user to delete by hand.
   */
  async deleteAll(): Promise<{ appId: string; tokenId: string; error: string }[]> {
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    const failed: { appId: string; tokenId: string; error: string }[] = [];
    while (this.made.length > 0) {
      const k = this.made.shift()!;
      try {
        await this.client.apiKeys.delete(k.appId, k.tokenId);
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (status !== 404) failed.push({ ...k, error: (err as Error).message });
      }
    }
    return failed;
  }
}

export interface CollectOptions {
  client: OneSignalClient;
  /** The organization (for the program); else the apps' own. */
  organizationId?: string;
  /** Only these apps (the only way above 1000 apps, where view-apps is switched off). */
  appIds?: string[];
  /** App API keys by app id; `defaultAppKey` for the others. */
  appKeys: Record<string, string>;
  defaultAppKey?: string;
  /** Create a temporary read key for an app without one (the user allowed it). */
  temporaryKeys?: TemporaryKeys;
  progress: (line: string) => void;
}

async function appsOf(opts: CollectOptions): Promise<App[]> {
  if (opts.appIds && opts.appIds.length > 0) {
    const out: App[] = [];
    for (const id of opts.appIds) out.push(await opts.client.apps.get(id));
    return out;
  }
  try {
    return await opts.client.apps.list();
  } catch (err) {
    if (isBadRequest(err))
      throw new Error(
        `listing the organization's apps failed (OneSignal switches view-apps off above 1000 apps): ` +
          `${(err as Error).message}. Name the apps with --app <app id> (repeatable).`,
      );
    throw err;
  }
}

async function collectApp(app: App, opts: CollectOptions): Promise<AppSnapshot> {
  const { client, progress } = opts;
  const label = `app "${app.name}" (${app.id})`;
  const base = appSnapshot(app);
  const notes = base.notes;
  const temporary = opts.temporaryKeys?.ids() ?? new Set<string>();
  const keys = [];
  for (const k of await client.apiKeys.list(app.id)) {
    if (temporary.has(k.tokenId)) continue;
    if (k.name === TEMPORARY_KEY_NAME) {
      notes.push(
        `API key ${k.tokenId} is a temporary read key an interrupted earlier import left: delete it`,
      );
      continue;
    }
    const s = keySnapshot(k, notes);
    if (s) keys.push(s);
  }
  const snap: AppSnapshot = { ...base, keys, segments: [], templates: [] };
  let apiKey = opts.appKeys[app.id] ?? opts.defaultAppKey;
  if (!apiKey && opts.temporaryKeys) {
    progress(`${label}: creating a temporary read key`);
    apiKey = await opts.temporaryKeys.create(app.id);
  }
  if (!apiKey) {
    notes.push(
      "segments and templates were not read: no app API key was given (--app-key <app id>=<key>, " +
        "ONESIGNAL_APP_API_KEYS, or --temporary-keys)",
    );
    return snap;
  }
  const auth: AppAuth = { appId: app.id, apiKey };
  try {
    const summaries = await client.segments.listAll(auth);
    for (const [i, s] of summaries.entries()) {
      if (s.readOnly) {
        notes.push(`segment "${s.name}" (${s.id}) is read-only (OneSignal's built-in): left out`);
        continue;
      }
      progress(`${label}: segment ${i + 1}/${summaries.length}`);
      try {
        const seg = segmentSnapshot(await client.segments.get(auth, s.id), notes);
        if (seg) snap.segments.push(seg);
      } catch (err) {
        if (!isUserBasedSegment(err)) throw err;
        notes.push(
          `segment "${s.name}" (${s.id}) is user-based (message-event or custom-event filters), which ` +
            "OneSignal's API does not return: left out, keep managing it in the dashboard",
        );
      }
    }
    const templates = await client.templates.listAll(auth);
    for (const [i, t] of templates.entries()) {
      // view_template is limited to 1 request/s per app: the client's pacer spaces these.
      progress(`${label}: template ${i + 1}/${templates.length}`);
      const tpl = templateSnapshot(await client.templates.get(auth, t.id), notes);
      if (tpl) snap.templates.push(tpl);
    }
  } catch (err) {
    if (isForbidden(err))
      throw new Error(
        `${label}: OneSignal refused the app API key for segments and templates (403): give a key of this ` +
          "app, one whose IP allowlist lets this machine in",
      );
    throw err;
  }
  return snap;
}

/** Reads the organization; apps are read side by side (OneSignal's limits are per app). */
export async function collect(opts: CollectOptions): Promise<OrganizationSnapshot> {
  const apps = await appsOf(opts);
  opts.progress(`${apps.length} app(s)`);
  // Every app's reading ends before this returns or throws, so that none is still under way (and
  // making a temporary key) while the caller cleans up.
  const settled = await Promise.allSettled(apps.map((a) => collectApp(a, opts)));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  const snaps = settled.map((r) => (r as PromiseFulfilledResult<AppSnapshot>).value);
  const organizationId =
    opts.organizationId ?? apps.map((a) => a.organizationId).find((o): o is string => typeof o === "string");
  return { organizationId: organizationId ?? "", apps: snaps, notes: [] };
}
