/**
 * The one place that talks HTTP: base URL, `Authorization: Key <token>`, JSON, timeout, pacing,
 * retries and error mapping. Family modules (`app.ts`, `segment.ts`, …) only describe requests.
 *
 * Retry policy (why each row — see also the table in the README/report):
 * - 429: retried for every method. OneSignal evaluates limits at request receipt ("Rate limits"
 *   page), so a 429 means the request was not processed. `Retry-After` (integer seconds or
 *   HTTP-date) is honoured and pauses the whole (app, endpoint family) in the process-wide pacer.
 * - 5xx (500/502/503/504), 408, timeouts and lost responses: retried only for idempotent
 *   requests: GET, DELETE, PUT (`PUT /apps/{id}` is a merge of absolute values) and PATCH (API
 *   key, segment and template PATCH bodies set absolute values, and the client always sends the
 *   full desired state, so a repeat converges to the same state). POST creates, rotate and copy
 *   are never repeated blindly: OneSignal has no idempotency for them (only Create message has) and a
 *   repeated rotate would revoke the key the first attempt issued. Create message is retried only
 *   when it carries an `idempotency_key` ("Rate limits" page: "never retry a send without idempotency_key").
 * - Connection refused / DNS failures: retried for every method; the request never left.
 * - Backoff: exponential with full jitter, `baseDelayMs·2^n` capped at `maxDelayMs`; no new
 *   attempt starts once `maxElapsedMs` would be exceeded (worst case ≈ maxElapsedMs + timeoutMs).
 * - A `Retry-After` longer than what is left of `maxElapsedMs` is not waited for: the request fails at
 *   once saying how long OneSignal asked to wait, and so does every later request of that (app,
 *   family) while the pause lasts, instead of sleeping on it (an hour-long pause would otherwise hold
 *   the whole run, and Pulumi's graceful cancel waits for running steps).
 * - Cancel: every wait (pacing, pause, backoff) and every request in flight stops when the
 *   transport's `signal` or the process-wide cancel ({@link cancelRequests}) aborts. Pulumi's Node
 *   dynamic-provider host answers the engine's `Cancel` RPC without telling provider code
 *   (`cmd/dynamic-provider/index.js`, `cancel()`), so the Pulumi layer hears that RPC itself and
 *   also wires the process's SIGINT/SIGTERM to it ({@link cancelOnProcessSignals}).
 */
import * as http from "node:http";
import axios, { AxiosError, type AxiosAdapter, type AxiosInstance, type AxiosResponse } from "axios";
import { APP_FIELDS } from "../schemas/app";
import { errorMessages, isPlainObject, type FieldSpec } from "../schemas/common";
import { beyondBudget, OneSignalApiError, sanitizePath, seconds, type OneSignalErrorKind } from "./errors";
import { abortableSleep, acquire, pause, pausedFor } from "./pacer";
import { redact, registerSecret } from "./redact";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Retry limits; all bounded. */
export interface RetryOptions {
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  /** No new attempt starts after this much time since the first (default 120 000 ms). */
  maxElapsedMs?: number;
  /** First backoff ceiling (default 500 ms). */
  baseDelayMs?: number;
  /** Largest backoff ceiling, not applied to a server's `Retry-After` (default 30 000 ms). */
  maxDelayMs?: number;
}

export interface TransportOptions {
  apiUrl?: string;
  timeoutMs?: number;
  retry?: RetryOptions;
  pacing?: boolean;
  logger?: (line: string) => void;
  /** An axios instance, or an axios adapter, to send requests through (tests). */
  transport?: AxiosInstance | AxiosAdapter;
  /** Sleep function (tests); defaults to setTimeout. It is raced against the cancel signals. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborts every wait and request of this transport (as the process-wide cancel does for all). */
  signal?: AbortSignal;
}

/** One request as the family modules describe it. */
export interface RequestSpec {
  method: HttpMethod;
  /** Path relative to the base URL, ids already URI-encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The credential for this endpoint's key kind (the operation's `security` in the 5.12 spec). */
  key: string;
  /** Pacing scope: the app id, or `org` for org-wide calls such as `GET /apps`. */
  scope: string;
  /**
   * Pacing family: a documented rate-limit bucket (`template-views`, `notifications`) or, for
   * undocumented ones, method + route template (only paused after a 429).
   */
  family: string;
  /** Overrides the per-method idempotency default (create message with an idempotency key). */
  idempotent?: boolean;
}

export interface TransportResponse {
  status: number;
  data: unknown;
  headers: Record<string, string>;
}

const DEFAULT_API_URL = "https://api.onesignal.com";
const USER_AGENT = "pulumi-onesignal/0.1.0";
const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(["GET", "PUT", "PATCH", "DELETE"]);
const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);
/** Errors raised before any byte of the request reached the server. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);
const TIMEOUT_CODES: ReadonlySet<string> = new Set(["ECONNABORTED", "ETIMEDOUT"]);

/**
 * Response members that carry secrets; registered for redaction as soon as they are seen: the
 * field tables' secret members, the key that create_api_key and rotate_api_key return, and the
 * legacy app REST key some view_an_app revisions return.
 */
const SECRET_MEMBERS: ReadonlySet<string> = new Set([
  ...(Object.values(APP_FIELDS) as FieldSpec[])
    .filter((f) => f.secret === true && f.wire !== undefined)
    .map((f) => f.wire as string),
  "formatted_token",
  "basic_auth_key",
]);

/** Registers every secret member found anywhere in a JSON value. */
export function registerSecretsIn(value: unknown, depth = 0): void {
  if (depth > 6) return;
  if (Array.isArray(value)) for (const v of value) registerSecretsIn(v, depth + 1);
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_MEMBERS.has(k) && typeof v === "string") registerSecret(v);
      else if (typeof v === "object") registerSecretsIn(v, depth + 1);
    }
  }
}

/** `Retry-After` as ms: integer/decimal seconds or an HTTP-date (RFC 9110, section 10.2.3). */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/**
 * OneSignal's `operationId`s (its API reference) of the requests this client makes, so an error can
 * name the operation even when OneSignal's answer does not say what went wrong.
 */
const OPERATIONS: readonly (readonly [HttpMethod, RegExp, string])[] = [
  ["GET", /^\/apps$/, "view-apps"],
  ["POST", /^\/apps$/, "create-an-app"],
  ["GET", /^\/apps\/[^/]+$/, "view-an-app"],
  ["PUT", /^\/apps\/[^/]+$/, "update-an-app"],
  ["GET", /^\/apps\/[^/]+\/segments$/, "view-segments"],
  ["POST", /^\/apps\/[^/]+\/segments$/, "create-segments"],
  ["GET", /^\/apps\/[^/]+\/segments\/[^/]+$/, "view-segment"],
  ["PATCH", /^\/apps\/[^/]+\/segments\/[^/]+$/, "update-segment"],
  ["DELETE", /^\/apps\/[^/]+\/segments\/[^/]+$/, "delete-segments"],
  ["GET", /^\/apps\/[^/]+\/auth\/tokens$/, "view-api-keys"],
  ["POST", /^\/apps\/[^/]+\/auth\/tokens$/, "create-api-key"],
  ["PATCH", /^\/apps\/[^/]+\/auth\/tokens\/[^/]+$/, "update-api-key"],
  ["DELETE", /^\/apps\/[^/]+\/auth\/tokens\/[^/]+$/, "delete-api-key"],
  ["POST", /^\/apps\/[^/]+\/auth\/tokens\/[^/]+\/rotate$/, "rotate-api-key"],
  ["GET", /^\/templates$/, "view-templates"],
  ["POST", /^\/templates$/, "create-template"],
  ["GET", /^\/templates\/[^/]+$/, "view-template"],
  ["PATCH", /^\/templates\/[^/]+$/, "update-template"],
  ["DELETE", /^\/templates\/[^/]+$/, "delete-template"],
  ["POST", /^\/templates\/[^/]+\/copy_to_app$/, "copy-template-to-another-app"],
  // Create message is documented once per channel: push-notification, email, sms.
  ["POST", /^\/notifications$/, "push-notification"],
];

/** The `operationId` of a request, or undefined for a path this table does not know. */
export function operationOf(method: HttpMethod, path: string, body?: unknown): string | undefined {
  const bare = path.split("?")[0]!;
  const op = OPERATIONS.find(([m, re]) => m === method && re.test(bare))?.[2];
  const channel = isPlainObject(body) ? body.target_channel : undefined;
  return op === "push-notification" && (channel === "sms" || channel === "email") ? channel : op;
}

/**
 * The object a request is about when its path has no id of it: the `name` a create sends, else the
 * app it acts in (the pacing scope).
 */
function objectOf(spec: RequestSpec): string | undefined {
  const name = isPlainObject(spec.body) ? spec.body.name : undefined;
  if (typeof name === "string" && name !== "") return `"${name}"`;
  if (spec.scope !== "org" && !spec.path.includes(encodeURIComponent(spec.scope))) return `app ${spec.scope}`;
  return undefined;
}

/** A short, tag-free description of an answer that carried no error message. */
function describeBody(raw: unknown, contentType: string | undefined): string {
  const text = typeof raw === "string" ? raw.trim() : "";
  const type = contentType ? ` (${contentType.split(";")[0]!.trim()})` : "";
  if (text === "") return `an empty body${type}`;
  const plain = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return `the body ${plain.length > 120 ? `${plain.slice(0, 120)}…` : plain}${type}`;
}

/** Thrown inside the loop when a cancel signal aborts; turned into a `cancelled` error. */
class Cancelled extends Error {}

let processCancel = new AbortController();

/**
 * Stops every wait and every request in flight of every transport in this process, and makes new
 * requests fail at once: the process is being asked to stop (Pulumi's cancel).
 */
export function cancelRequests(reason = "the run was cancelled"): void {
  if (!processCancel.signal.aborted) processCancel.abort(new Cancelled(reason));
}

/** Forgets an earlier {@link cancelRequests} (tests). */
export function resetCancellation(): void {
  processCancel = new AbortController();
}

let signalsHooked = false;
/** Requests of every transport of this process that have not settled (waits included). */
let inFlight = 0;
/** What else keeps this process at work (the provider's calls in progress, provider/runtime.ts). */
const busyProbes: Array<() => boolean> = [() => inFlight > 0];

/**
 * Tells the signal handler that something besides requests is at work: it waits for `busy()` to
 * turn false before exiting, so a call cut short by the cancel still sends its answer.
 */
export function holdExitWhile(busy: () => boolean): void {
  busyProbes.push(busy);
}

const busyNow = (): boolean => busyProbes.some((b) => b());

/** How often the handler looks whether the work it cancelled has ended. */
const IDLE_POLL_MS = 20;

/**
 * Cancels every request when the process gets SIGINT or SIGTERM, then exits as Node's default
 * would as soon as nothing is at work any more. The engine sends SIGINT to close a plugin after
 * every operation and kills it 5 s later (sdk/go/common/resource/plugin/plugin.go, `kill`): an
 * idle process must leave at once, or every `pulumi` command pays those 5 s. When calls are still
 * running (a signal from outside, in the middle of a step) their waits are cut short; they end
 * within moments, report what was done, and the process then exits. A second signal, or
 * `graceMs` without an end, exits at once.
 */
export function cancelOnProcessSignals(graceMs = 10_000): void {
  if (signalsHooked) return;
  signalsHooked = true;
  let received = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    const exit = (): void => {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
      process.kill(process.pid, sig);
    };
    if (received++ > 0) return exit();
    cancelRequests(`the provider process received ${sig}`);
    const deadline = Date.now() + graceMs;
    const whenIdle = (): void => {
      // One more turn of the event loop once idle, so an answer just handed to gRPC is written.
      if (!busyNow() || Date.now() >= deadline) setImmediate(exit);
      else setTimeout(whenIdle, IDLE_POLL_MS);
    };
    whenIdle();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Rejects with the reason of whichever signal aborts first, or resolves when `p` does. */
function raced<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => (signal.removeEventListener("abort", onAbort), resolve(v)),
      (e) => (signal.removeEventListener("abort", onAbort), reject(e)),
    );
  });
}

type Outcome =
  | { ok: true; response: TransportResponse }
  | {
      ok: false;
      kind: OneSignalErrorKind;
      status?: number;
      statusText?: string;
      messages: string[];
      retryable: boolean;
      retryAfterMs?: number;
      summary: string;
      body?: string;
    };

/** Sends requests; one instance per client, sharing the process-wide pacer. */
export class Transport {
  private readonly http: AxiosInstance;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly retry: Required<RetryOptions>;
  private readonly pacing: boolean;
  private readonly logger?: (line: string) => void;
  private readonly sleep?: (ms: number) => Promise<void>;
  private readonly signal?: AbortSignal;

  constructor(opts: TransportOptions = {}) {
    this.baseUrl = (opts.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retry = {
      maxRetries: opts.retry?.maxRetries ?? 4,
      maxElapsedMs: opts.retry?.maxElapsedMs ?? 120_000,
      baseDelayMs: opts.retry?.baseDelayMs ?? 500,
      maxDelayMs: opts.retry?.maxDelayMs ?? 30_000,
    };
    this.pacing = opts.pacing ?? true;
    if (opts.logger) this.logger = opts.logger;
    if (opts.sleep) this.sleep = opts.sleep;
    if (opts.signal) this.signal = opts.signal;
    const t = opts.transport;
    if (t && typeof (t as AxiosInstance).request === "function") this.http = t as AxiosInstance;
    else this.http = axios.create(t ? { adapter: t as AxiosAdapter } : {});
  }

  private log(line: string): void {
    if (!this.logger) return;
    try {
      this.logger(redact(line));
    } catch {
      // A failing logger must not fail the request.
    }
  }

  /** Sends `spec`, retrying per the policy above; resolves with a 2xx or throws OneSignalApiError. */
  async request(spec: RequestSpec): Promise<TransportResponse> {
    inFlight++;
    try {
      return await this.send(spec);
    } finally {
      inFlight--;
    }
  }

  private async send(spec: RequestSpec): Promise<TransportResponse> {
    registerSecret(spec.key);
    registerSecretsIn(spec.body);
    const idempotent = spec.idempotent ?? IDEMPOTENT_METHODS.has(spec.method);
    const qs = buildQuery(spec.query);
    const displayPath = sanitizePath(spec.path + qs);
    const started = Date.now();
    const signal = this.signal ? AbortSignal.any([this.signal, processCancel.signal]) : processCancel.signal;
    let attempt = 0;
    const fail = (init: Omit<ConstructorParameters<typeof OneSignalApiError>[0], "method" | "path">) => {
      const full: ConstructorParameters<typeof OneSignalApiError>[0] = {
        ...init,
        method: spec.method,
        path: displayPath,
      };
      const operation = operationOf(spec.method, spec.path, spec.body);
      if (operation !== undefined) full.operation = operation;
      const object = objectOf(spec);
      if (object !== undefined) full.object = object;
      return new OneSignalApiError(full);
    };
    const cancelled = (err: unknown, what: string) => {
      if (!(err instanceof Cancelled) && !signal.aborted) return err;
      const why = signal.reason instanceof Error ? signal.reason.message : "the run was cancelled";
      this.log(`OneSignal ${spec.method} ${displayPath} -> cancelled ${what} (attempt ${attempt})`);
      return fail({
        kind: "cancelled",
        messages: [`cancelled ${what}: ${why}`],
        attempts: Math.max(1, attempt),
      });
    };
    for (;;) {
      attempt++;
      if (signal.aborted) throw cancelled(signal.reason, "before it was sent");
      const paused = pausedFor(spec.scope, spec.family);
      const left = this.retry.maxElapsedMs - (Date.now() - started);
      if (paused !== undefined && paused.remainingMs > left) {
        // An earlier 429 of this (app, family) asked for a wait this request cannot sit out.
        this.log(
          `OneSignal ${spec.method} ${displayPath} -> not sent: paused ${seconds(paused.remainingMs)} s by Retry-After`,
        );
        throw fail({
          kind: "http",
          status: 429,
          statusText: "Too Many Requests",
          retryAfterMs: paused.remainingMs,
          attempts: Math.max(1, attempt - 1),
          detail: `not sent: an earlier request was answered 429 and ${beyondBudget(paused.retryAfterMs, this.retry.maxElapsedMs).replace("; run again later", "")} (${seconds(paused.remainingMs)} s of it are left); run again later`,
        });
      }
      try {
        if (this.pacing) await acquire(spec.scope, spec.family, Date.now, signal);
      } catch (err) {
        throw cancelled(err, "while waiting for its turn");
      }
      if (this.pacing && pausedFor(spec.scope, spec.family) !== undefined) {
        // A 429 of another request paused this (app, family) while this one waited for its slot:
        // weigh that pause against the budget as above before sending.
        attempt--;
        continue;
      }
      const outcome = await this.once(spec, qs, idempotent, signal);
      if (!outcome.ok && outcome.kind === "cancelled") throw cancelled(signal.reason, "while in flight");
      if (outcome.ok) {
        this.log(
          `OneSignal ${spec.method} ${displayPath} -> ${outcome.response.status}${attempt > 1 ? ` (attempt ${attempt})` : ""}`,
        );
        return outcome.response;
      }
      if (outcome.status === 429 && outcome.retryAfterMs !== undefined)
        pause(spec.scope, spec.family, outcome.retryAfterMs);
      const delay = this.delayFor(outcome, attempt);
      const elapsed = Date.now() - started;
      const canRetry =
        outcome.retryable && attempt <= this.retry.maxRetries && elapsed + delay <= this.retry.maxElapsedMs;
      if (!canRetry) {
        this.log(
          `OneSignal ${spec.method} ${displayPath} -> ${outcome.summary} (attempt ${attempt}); giving up`,
        );
        const init: Parameters<typeof fail>[0] = {
          kind: outcome.kind,
          messages: outcome.messages,
          attempts: attempt,
        };
        if (outcome.status !== undefined) init.status = outcome.status;
        if (outcome.statusText !== undefined) init.statusText = outcome.statusText;
        if (outcome.retryAfterMs !== undefined) {
          init.retryAfterMs = outcome.retryAfterMs;
          if (outcome.retryable && elapsed + delay > this.retry.maxElapsedMs)
            init.retryBudgetMs = this.retry.maxElapsedMs;
        }
        if (outcome.body !== undefined) init.body = outcome.body;
        throw fail(init);
      }
      this.log(
        `OneSignal ${spec.method} ${displayPath} -> ${outcome.summary} (attempt ${attempt}); retrying in ${delay} ms`,
      );
      try {
        await (this.sleep ? raced(this.sleep(delay), signal) : abortableSleep(delay, signal));
      } catch (err) {
        throw cancelled(err, "while waiting to retry");
      }
    }
  }

  private delayFor(outcome: Extract<Outcome, { ok: false }>, attempt: number): number {
    if (outcome.retryAfterMs !== undefined) {
      // Honour the server exactly, plus a little jitter so parallel waiters do not re-collide.
      return outcome.retryAfterMs + Math.floor(Math.random() * Math.min(250, this.retry.baseDelayMs));
    }
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const jittered = Math.floor(Math.random() * ceiling);
    // A 429 without the Retry-After the "Rate limits" page promises: wait at least a second.
    return outcome.status === 429 ? Math.max(1000, jittered) : jittered;
  }

  private async once(
    spec: RequestSpec,
    qs: string,
    idempotent: boolean,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const headers: Record<string, string> = {
      // The 5.12 spec says `bearer`; every official SDK sends `Key` (OneSignal/onesignal-node-api#91).
      Authorization: `Key ${spec.key}`,
      Accept: "application/json",
      // Listed as a required header of every operation in OneSignal's API reference, GET and DELETE
      // included (one documented 400 reads "app_id not found. You may be missing a Content-Type:
      // application/json header."); harmless without a body.
      "Content-Type": "application/json",
      "User-Agent": USER_AGENT,
    };
    const data = spec.body !== undefined ? JSON.stringify(spec.body) : undefined;
    let res: AxiosResponse<string>;
    try {
      res = await this.http.request<string>({
        method: spec.method,
        url: this.baseUrl + spec.path + qs,
        headers,
        data,
        timeout: this.timeoutMs,
        signal,
        responseType: "text",
        transformResponse: [(d: unknown) => d],
        validateStatus: () => true,
        maxRedirects: 0,
        transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      });
    } catch (err) {
      if (signal.aborted)
        return { ok: false, kind: "cancelled", messages: [], retryable: false, summary: "cancelled" };
      // The AxiosError holds config.headers.Authorization: only its code is read, it never escapes.
      return classifyError(err, idempotent, this.timeoutMs);
    }
    const body = parseBody(res.data);
    registerSecretsIn(body);
    const headersOut = flattenHeaders(res.headers);
    if (res.status >= 200 && res.status < 300)
      return { ok: true, response: { status: res.status, data: body, headers: headersOut } };
    const retryAfterMs = parseRetryAfter(headersOut["retry-after"]);
    const statusText = res.statusText || http.STATUS_CODES[res.status] || "";
    const o: Outcome = {
      ok: false,
      kind: "http",
      status: res.status,
      statusText,
      messages: errorMessages(body),
      retryable: res.status === 429 || (idempotent && RETRYABLE_STATUS.has(res.status)),
      summary: `${res.status} ${statusText}`.trim(),
    };
    if (o.messages.length === 0) o.body = describeBody(res.data, headersOut["content-type"]);
    // Retry-After is honoured on 503 too (RFC 9110), but only drives the wait if we retry at all.
    if (retryAfterMs !== undefined && (res.status === 429 || res.status === 503))
      o.retryAfterMs = retryAfterMs;
    return o;
  }
}

function buildQuery(query: RequestSpec["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

function parseBody(text: unknown): unknown {
  if (typeof text !== "string") return text ?? {};
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Edge proxies answer with text/HTML (e.g. a Cloudflare 403), create-template a 422 page: keep
    // the page's <title> when it has one, else a short, tag-free excerpt without styles or scripts.
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, " ").trim();
    if (title) return title.slice(0, 200);
    const plain = text
      .replace(/<!--[\s\S]*?-->|<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, " ")
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    return plain.slice(0, 200);
  }
}

function flattenHeaders(h: AxiosResponse["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

function classifyError(err: unknown, idempotent: boolean, timeoutMs: number): Outcome {
  const code = err instanceof AxiosError ? (err.code ?? "") : ((err as { code?: string } | null)?.code ?? "");
  const cause = err instanceof AxiosError ? ((err.cause as { code?: string } | undefined)?.code ?? "") : "";
  const message = err instanceof Error ? err.message : "";
  if (TIMEOUT_CODES.has(code) || /timeout/i.test(message)) {
    return {
      ok: false,
      kind: "timeout",
      messages: [`no response within ${timeoutMs} ms`],
      retryable: idempotent,
      summary: "timeout",
    };
  }
  if (NOT_SENT_CODES.has(code) || NOT_SENT_CODES.has(cause)) {
    const c = NOT_SENT_CODES.has(code) ? code : cause;
    return {
      ok: false,
      kind: "network",
      messages: [`connection failed (${c})`],
      retryable: true,
      summary: c,
    };
  }
  const c = cause || code || "connection error";
  // Reset, hang-up, broken pipe: the request may have reached OneSignal.
  const what = /hang up/i.test(message) ? "socket hang up" : c;
  return {
    ok: false,
    kind: "response-lost",
    messages: [`connection lost before a response (${what})`],
    retryable: idempotent,
    summary: what,
  };
}
