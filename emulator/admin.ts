/**
 * The admin API under `/__emulator/` — a prefix OneSignal does not use. It has no auth, so it only
 * answers clients on the loopback interface (see emulator/README.md).
 */
import type * as http from "node:http";
import { normalizeIp } from "./cidr";
import type { EmulatorSettings, Reply } from "./context";
import { appView } from "./routes/app";
import { issueApiKey } from "./routes/apiKey";
import { errorsBody, HttpError } from "./errors";
import type { FaultSpec } from "./faults";
import { hashToken, newId } from "./ids";
import { checkRateLimitConfig, resolveRateLimits } from "./rateLimit";
import type { EmulatorServer } from "./server";
import { createDefaultSegments } from "./routes/segment";
import {
  ID_FIELD,
  STATE_KINDS,
  type AppRecord,
  type Channel,
  type KindRecordMap,
  type StateKind,
  type SubscriptionRecord,
} from "./state";

export const ADMIN_PREFIX = "/__emulator";

function bad(message: string): HttpError {
  return new HttpError(400, errorsBody(message));
}

function isLoopback(ip: string): boolean {
  const a = normalizeIp(ip);
  return a === "::1" || /^127\./.test(a);
}

/** Host names a loopback client uses for the emulator, in `Host` and `Origin` (lower case, IPv6 bracketed). */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The host part of a `Host` header (`name`, `name:port`, `[v6]`, `[v6]:port`), lower case; undefined if malformed. */
function hostOf(header: string): string | undefined {
  const h = header.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[^\s:[\]/@]+)(?::\d{1,5})?$/.exec(h);
  return m?.[1];
}

/** The emulator's own bind address(es), in the form a `Host` header carries them. */
function boundHosts(emu: EmulatorServer): Set<string> {
  const out = new Set<string>();
  const add = (a: string | undefined) => {
    if (!a) return;
    const v = a.toLowerCase();
    out.add(v.includes(":") && !v.startsWith("[") ? `[${v}]` : v);
  };
  add(emu.config.host);
  if (emu.url) add(hostOf(new URL(emu.url).host));
  return out;
}

/**
 * Why an admin request is refused, or undefined. The admin API has no auth, so it must not be
 * drivable by a web page the developer happens to open:
 * - a page on another origin can send a CORS "simple request" (POST with `text/plain`, no
 *   preflight; Fetch standard, "CORS-safelisted request-header") that would still reach us, so
 *   writes must be `application/json`, which forces a preflight we never answer;
 * - a DNS-rebinding page reaches a loopback socket under its own host name, so the `Host` must be
 *   a loopback name or the address we were bound to, and a browser's `Origin` must be loopback.
 */
export function adminRefusal(emu: EmulatorServer, req: http.IncomingMessage): string | undefined {
  if (!isLoopback(req.socket.remoteAddress ?? ""))
    return "The emulator admin API only answers loopback clients";
  const host = hostOf(req.headers.host ?? "");
  if (host === undefined || !(LOOPBACK_HOSTS.has(host) || boundHosts(emu).has(host))) {
    return "The emulator admin API only answers a loopback Host (localhost, 127.0.0.1, [::1])";
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      const u = new URL(origin);
      if (u.protocol === "http:" || u.protocol === "https:") originHost = u.hostname.toLowerCase();
    } catch {
      originHost = undefined; // "null" (sandboxed frames, file:) and garbage are foreign
    }
    if (originHost === undefined || !(LOOPBACK_HOSTS.has(originHost) || boundHosts(emu).has(originHost))) {
      return "The emulator admin API refuses requests from a web page on another origin";
    }
  }
  const method = (req.method ?? "GET").toUpperCase();
  if (["POST", "PUT", "PATCH", "DELETE"].includes(method)) {
    const mime = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (mime !== "application/json") {
      return "The emulator admin API needs Content-Type: application/json on writes";
    }
  }
  return undefined;
}

function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

// ------------------------------------------------------------------ state operations (shared with RunningEmulator.state)

type AnyRecord = Record<string, unknown>;

function listOf(emu: EmulatorServer, kind: StateKind): AnyRecord[] {
  return emu.data[kind] as unknown as AnyRecord[];
}

export function stateList<K extends StateKind>(
  emu: EmulatorServer,
  kind: K,
  appId?: string,
): KindRecordMap[K][] {
  const all = listOf(emu, kind).filter((r) => appId === undefined || r.app_id === appId);
  return structuredClone(all) as unknown as KindRecordMap[K][];
}

export function stateGet<K extends StateKind>(
  emu: EmulatorServer,
  kind: K,
  id: string,
): KindRecordMap[K] | undefined {
  const rec = listOf(emu, kind).find((r) => r[ID_FIELD[kind]] === id);
  return rec === undefined ? undefined : (structuredClone(rec) as unknown as KindRecordMap[K]);
}

/** Inserts or replaces a record by id. For API keys a plain `token` member is stored as its hash. */
export function statePut<K extends StateKind>(
  emu: EmulatorServer,
  kind: K,
  record: Partial<KindRecordMap[K]> & AnyRecord,
): KindRecordMap[K] {
  const rec: AnyRecord = structuredClone(record);
  const idField = ID_FIELD[kind];
  if (rec[idField] === undefined) rec[idField] = newId();
  if (typeof rec[idField] !== "string") throw bad(`${idField} must be a string`);
  if (kind === "apiKeys" && typeof rec.token === "string") {
    rec.token_hash = hashToken(rec.token);
    delete rec.token;
  }
  const list = listOf(emu, kind);
  const i = list.findIndex((r) => r[idField] === rec[idField]);
  if (i >= 0) list[i] = rec;
  else list.push(rec);
  emu.persist();
  return structuredClone(rec) as unknown as KindRecordMap[K];
}

/** Shallow-merges `changes` into a record (drift: rename an app, change a segment's filters, …). */
export function statePatch<K extends StateKind>(
  emu: EmulatorServer,
  kind: K,
  id: string,
  changes: AnyRecord,
): KindRecordMap[K] {
  const idField = ID_FIELD[kind];
  const rec = listOf(emu, kind).find((r) => r[idField] === id);
  if (!rec) throw new HttpError(404, errorsBody(`${kind} ${id} not found`));
  for (const [k, v] of Object.entries(structuredClone(changes))) {
    if (k === idField) continue;
    if (kind === "apiKeys" && k === "token" && typeof v === "string") rec.token_hash = hashToken(v);
    else rec[k] = v;
  }
  // An out-of-band change is a dashboard edit, and OneSignal moves updated_at on every change
  // (what a refresh from the list endpoints relies on). A patch that sets updated_at itself keeps
  // it: that is how a test plays a change OneSignal did not time-stamp apart (the same second).
  if (typeof rec.updated_at === "string" && !("updated_at" in changes)) {
    // Strictly later, even within the millisecond of the last write.
    const last = Date.parse(rec.updated_at);
    rec.updated_at = new Date(Number.isNaN(last) ? emu.now() : Math.max(emu.now(), last + 1)).toISOString();
  }
  emu.persist();
  return structuredClone(rec) as unknown as KindRecordMap[K];
}

export function stateDelete(emu: EmulatorServer, kind: StateKind, id: string): boolean {
  const idField = ID_FIELD[kind];
  const list = listOf(emu, kind);
  const i = list.findIndex((r) => r[idField] === id);
  if (i < 0) return false;
  list.splice(i, 1);
  emu.persist();
  return true;
}

/** Creates an app directly (no org key needed), with OneSignal's default segment when enabled. */
export function adminCreateApp(
  emu: EmulatorServer,
  fields: { name: string; organization_id?: string } & AnyRecord,
): AppRecord {
  const orgId = fields.organization_id ?? emu.config.organizationId;
  if (!emu.data.organizations.some((o) => o.id === orgId)) throw bad(`organization ${orgId} does not exist`);
  if (typeof fields.name !== "string" || fields.name === "") throw bad("name is required");
  const now = emu.nowIso();
  const app: AppRecord = {
    ...fields,
    id: newId(),
    organization_id: orgId,
    name: fields.name,
    players: 0,
    messageable_players: 0,
    created_at: now,
    updated_at: now,
  };
  emu.data.apps.push(app);
  if (emu.settings.defaultSegments) createDefaultSegments(emu, app.id);
  emu.persist();
  return structuredClone(app);
}

export function adminIssueKey(
  emu: EmulatorServer,
  appId: string,
  fields: { name?: string; ip_allowlist_mode?: "disabled" | "explicit"; ip_allowlist?: string[] } = {},
): { token_id: string; formatted_token: string } {
  if (!emu.data.apps.some((a) => a.id === appId)) throw new HttpError(404, errorsBody("App not found"));
  const { record, token } = issueApiKey(emu, appId, { ...fields, name: fields.name ?? "emulator key" });
  emu.persist();
  return { token_id: record.token_id, formatted_token: token };
}

export interface SubscriptionInput {
  type: Channel;
  token?: string | null;
  external_id?: string | null;
  tags?: Record<string, string>;
}

export function adminAddSubscriptions(
  emu: EmulatorServer,
  appId: string,
  inputs: SubscriptionInput[],
): SubscriptionRecord[] {
  if (!emu.data.apps.some((a) => a.id === appId)) throw new HttpError(404, errorsBody("App not found"));
  const out: SubscriptionRecord[] = [];
  for (const s of inputs) {
    if (!["push", "email", "sms"].includes(s?.type))
      throw bad("subscription type must be push, email or sms");
    const rec: SubscriptionRecord = {
      id: newId(),
      app_id: appId,
      type: s.type,
      token: s.token ?? null,
      external_id: s.external_id ?? null,
    };
    if (s.tags) rec.tags = { ...s.tags };
    emu.data.subscriptions.push(rec);
    out.push(rec);
  }
  emu.persist();
  return structuredClone(out);
}

const SETTING_CHECKS: { [K in keyof EmulatorSettings]: (v: unknown) => boolean } = {
  latencyMs: (v) => typeof v === "number" && v >= 0,
  smsChannelCase: (v) => v === "SMS" || v === "sms",
  trustClientIpHeader: (v) => typeof v === "boolean",
  acceptBearer: (v) => typeof v === "boolean",
  defaultSegments: (v) => typeof v === "boolean",
  copyTemplateResponse: (v) => v === "resource" || v === "success",
  maxBodyBytes: (v) => typeof v === "number" && Number.isInteger(v) && v > 0,
  appListLimit: (v) => typeof v === "number" && Number.isInteger(v) && v >= 0,
  segmentPlan: isSegmentPlan,
};

function isSegmentPlan(v: unknown): boolean {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const p = v as AnyRecord;
  return (
    Object.keys(p).every((k) => k === "available" || k === "maxSegments") &&
    (p.available === undefined || typeof p.available === "boolean") &&
    (p.maxSegments === undefined || (Number.isInteger(p.maxSegments) && (p.maxSegments as number) >= 0))
  );
}

export function applySettings(emu: EmulatorServer, changes: AnyRecord): EmulatorSettings {
  for (const [k, v] of Object.entries(changes)) {
    const check = SETTING_CHECKS[k as keyof EmulatorSettings];
    if (!check) throw bad(`unknown setting '${k}'`);
    if (!check(v)) throw bad(`invalid value for setting '${k}'`);
  }
  Object.assign(emu.settings, changes);
  return { ...emu.settings };
}

// ------------------------------------------------------------------ HTTP

function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) return undefined;
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch (err) {
    throw bad(`Invalid JSON: ${(err as Error).message}`);
  }
}

function asObject(v: unknown): AnyRecord {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad("body must be a JSON object");
  return v as AnyRecord;
}

function kindOf(s: string | undefined): StateKind {
  if (s && (STATE_KINDS as readonly string[]).includes(s)) return s as StateKind;
  throw new HttpError(404, errorsBody(`unknown state kind '${s}' (known: ${STATE_KINDS.join(", ")})`));
}

const INDEX = {
  endpoints: [
    "GET    /__emulator/health",
    "GET    /__emulator/state                      full dump",
    "GET    /__emulator/state/{kind}[?app_id=]     kinds: " + STATE_KINDS.join(", "),
    "POST   /__emulator/state/{kind}               insert or replace (by id)",
    "GET|PUT|PATCH|DELETE /__emulator/state/{kind}/{id}",
    "POST   /__emulator/reset",
    "GET|DELETE /__emulator/counters",
    "GET|POST|DELETE /__emulator/faults            DELETE /__emulator/faults/{id} removes one",
    'GET|PUT /__emulator/rate-limits               body: "off" | "onesignal" | {family: {perSecond, burst?}}',
    "GET|PATCH /__emulator/settings",
    "GET    /__emulator/messages[?app_id=]",
    "POST   /__emulator/organizations              {id?, api_key?, name?}",
    "POST   /__emulator/apps                       {name, organization_id?, …}",
    "POST   /__emulator/apps/{app_id}/api-keys     {name?, ip_allowlist_mode?, ip_allowlist?}",
    "POST   /__emulator/apps/{app_id}/subscriptions  {type, token?, external_id?, tags?} or an array",
    "POST   /__emulator/clock                      {advanceMs}",
  ],
};

export function handleAdmin(emu: EmulatorServer, req: http.IncomingMessage, url: URL, buf: Buffer): Reply {
  try {
    const refusal = adminRefusal(emu, req);
    if (refusal !== undefined) return { status: 403, body: errorsBody(refusal) };
    return route(emu, (req.method ?? "GET").toUpperCase(), url, buf);
  } catch (err) {
    if (err instanceof HttpError) return { status: err.status, body: err.body, headers: err.headers };
    if (err instanceof Error) return { status: 400, body: errorsBody(err.message) };
    throw err;
  }
}

function route(emu: EmulatorServer, method: string, url: URL, buf: Buffer): Reply {
  const parts = url.pathname.slice(ADMIN_PREFIX.length).split("/").filter(Boolean).map(decodeURIComponent);
  const [head, a, b, c] = parts;
  const appIdFilter = url.searchParams.get("app_id") ?? undefined;

  switch (head) {
    case undefined:
      return ok(INDEX);
    case "health":
      return ok({ ok: true, url: emu.url, organizationId: emu.config.organizationId });
    case "reset":
      if (method !== "POST") break;
      emu.reset();
      return ok({ ok: true });
    case "state": {
      if (a === undefined) {
        if (method !== "GET") break;
        return ok(structuredClone(emu.data));
      }
      const kind = kindOf(a);
      if (b === undefined) {
        if (method === "GET") return ok(stateList(emu, kind, appIdFilter));
        if (method === "POST") return ok(statePut(emu, kind, asObject(parseJson(buf))), 201);
        break;
      }
      if (method === "GET") {
        const rec = stateGet(emu, kind, b);
        if (!rec) throw new HttpError(404, errorsBody(`${kind} ${b} not found`));
        return ok(rec);
      }
      if (method === "PUT")
        return ok(statePut(emu, kind, { ...asObject(parseJson(buf)), [ID_FIELD[kind]]: b }));
      if (method === "PATCH") return ok(statePatch(emu, kind, b, asObject(parseJson(buf))));
      if (method === "DELETE") {
        if (!stateDelete(emu, kind, b)) throw new HttpError(404, errorsBody(`${kind} ${b} not found`));
        return ok({ ok: true });
      }
      break;
    }
    case "counters":
      if (method === "GET") return ok(emu.counters());
      if (method === "DELETE") {
        emu.resetCounters();
        return ok({ ok: true });
      }
      break;
    case "faults":
      if (method === "GET") return ok({ faults: emu.faults.list() });
      if (method === "POST") {
        const body = parseJson(buf);
        const specs = (Array.isArray(body) ? body : [asObject(body)]) as FaultSpec[];
        return ok({ ids: specs.map((s) => emu.faults.add(s)) }, 201);
      }
      if (method === "DELETE") {
        if (a === undefined) emu.faults.clear();
        else if (!emu.faults.remove(a)) throw new HttpError(404, errorsBody(`fault ${a} not found`));
        return ok({ ok: true });
      }
      break;
    case "rate-limits":
      if (method === "GET") return ok({ rateLimits: emu.rateLimiter.get() });
      if (method === "PUT") {
        const body = parseJson(buf);
        const config =
          body === "off" || body === "onesignal" ? resolveRateLimits(body) : checkRateLimitConfig(body);
        emu.rateLimiter.set(config);
        return ok({ rateLimits: emu.rateLimiter.get() });
      }
      break;
    case "settings":
      if (method === "GET") return ok({ ...emu.settings });
      if (method === "PATCH") return ok(applySettings(emu, asObject(parseJson(buf))));
      break;
    case "messages":
      if (method === "GET") return ok({ messages: stateList(emu, "messages", appIdFilter) });
      break;
    case "organizations":
      if (method === "POST") {
        const o = emu.createOrganization(
          (parseJson(buf) ?? {}) as { id?: string; api_key?: string; name?: string },
        );
        emu.persist();
        return ok(o, 201);
      }
      break;
    case "apps":
      if (a === undefined && method === "POST") {
        const app = adminCreateApp(emu, asObject(parseJson(buf)) as { name: string });
        return ok(appView(emu, app), 201);
      }
      if (a !== undefined && b === "api-keys" && c === undefined && method === "POST") {
        return ok(adminIssueKey(emu, a, (parseJson(buf) ?? {}) as AnyRecord), 201);
      }
      if (a !== undefined && b === "subscriptions" && c === undefined && method === "POST") {
        const body = parseJson(buf);
        const list = (Array.isArray(body) ? body : [asObject(body)]) as SubscriptionInput[];
        return ok({ subscriptions: adminAddSubscriptions(emu, a, list) }, 201);
      }
      break;
    case "clock":
      if (method === "GET") return ok({ now: emu.nowIso(), offsetMs: emu.data.clockOffsetMs });
      if (method === "POST") {
        const body = asObject(parseJson(buf));
        if (typeof body.advanceMs !== "number") throw bad("advanceMs must be a number");
        emu.data.clockOffsetMs += body.advanceMs;
        emu.persist();
        return ok({ now: emu.nowIso(), offsetMs: emu.data.clockOffsetMs });
      }
      break;
    default:
      throw new HttpError(404, errorsBody(`unknown admin endpoint ${url.pathname}`));
  }
  throw new HttpError(405, errorsBody(`${method} is not allowed on ${url.pathname}`));
}
