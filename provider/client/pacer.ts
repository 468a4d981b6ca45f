/**
 * Process-wide request pacer: one token bucket per (app, endpoint family), shared by every
 * client instance in the process. All dynamic resources of a `pulumi up` run in one provider
 * process (Pulumi's Node dynamic-provider host) and OneSignal limits per app and per endpoint at
 * request receipt (its "Rate limits" page), so the limiter must live at module level, not on a
 * client.
 *
 * No library: `bottleneck` is unmaintained since 2019 and `p-queue`/`p-throttle` are ESM-only
 * while this package is CommonJS; a GCRA bucket is ~40 lines.
 */

/** A rate in requests per second with a burst size. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * OneSignal's documented limits (its "Rate limits" page). Families not listed (apps, API keys,
 * segments, template writes) have no documented limit and are not paced; a 429 on them still
 * pauses that (app, family) for `Retry-After`.
 */
export const DOCUMENTED_LIMITS: Record<string, RateLimit> = {
  // "View" endpoints (templates): 1 req/s/app. The page says "per endpoint" but does not say whether
  // list and view are one endpoint; one shared bucket is the safe reading.
  "template-views": { perSecond: 1, burst: 1 },
  // Create message + cancel message share one bucket: 150 req/s/app on the free plan.
  notifications: { perSecond: 150, burst: 150 },
};

/**
 * Requests arrive at OneSignal a little later than they leave; pacing exactly at the limit lets
 * jitter in transit put two requests inside one server-side window. Spacing is stretched by this
 * factor plus a fixed margin.
 */
const SAFETY_FACTOR = 1.05;
const SAFETY_MARGIN_MS = 15;

interface Bucket {
  /** GCRA theoretical arrival time (ms since epoch) of the next conforming request. */
  tat: number;
  /** No request leaves before this time (set from a 429's Retry-After). */
  pausedUntil: number;
  /** When the last request of a one-at-a-time family actually left. */
  lastDeparture: number;
  /** The `Retry-After` (ms) that set `pausedUntil`, to tell the user what OneSignal asked for. */
  retryAfterMs: number;
}

const buckets = new Map<string, Bucket>();
let limits: Record<string, RateLimit> = { ...DOCUMENTED_LIMITS };

/** Overrides limits process-wide (e.g. a paid plan's 6,000 req/s for notifications). */
export function setPacingLimits(overrides: Record<string, RateLimit>): void {
  limits = { ...limits, ...overrides };
}

/**
 * No pacing at all (test worlds whose emulator enforces no limit: each template view would
 * otherwise cost a second). A 429 still pauses its (app, family).
 */
export function pacingOff(): void {
  limits = {};
  buckets.clear();
}

/** Restores documented limits and forgets all state (tests). */
export function resetPacer(): void {
  limits = { ...DOCUMENTED_LIMITS };
  buckets.clear();
}

function bucketFor(key: string): Bucket {
  let b = buckets.get(key);
  if (!b) {
    b = { tat: 0, pausedUntil: 0, lastDeparture: 0, retryAfterMs: 0 };
    buckets.set(key, b);
  }
  return b;
}

/** Why a wait ended early: the signal's reason, or a plain "cancelled". */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error("cancelled");
}

/**
 * Sleeps `ms`, rejecting with the signal's reason as soon as `signal` aborts: a cancelled run
 * (Pulumi's SIGINT/SIGTERM) must not sit out a timer.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** What a server pause still holds a (scope, family) for. */
export interface PauseState {
  /** Time left before a request of this (scope, family) may leave. */
  remainingMs: number;
  /** The `Retry-After` OneSignal gave, in ms. */
  retryAfterMs: number;
}

/** The server pause still in force for a (scope, family), if any. */
export function pausedFor(
  scope: string,
  family: string,
  now: () => number = Date.now,
): PauseState | undefined {
  const b = buckets.get(`${scope} ${family}`);
  const remainingMs = b ? b.pausedUntil - now() : 0;
  return b && remainingMs > 0 ? { remainingMs, retryAfterMs: b.retryAfterMs } : undefined;
}

/**
 * Waits until a request of `family` for `scope` (an app id, or `org`) may leave. Slots are
 * reserved synchronously, so concurrent callers are spaced out in call order. The wait rejects
 * with `signal`'s reason when it aborts.
 */
export async function acquire(
  scope: string,
  family: string,
  now: () => number = Date.now,
  signal?: AbortSignal,
): Promise<void> {
  const limit = limits[family];
  const b = bucketFor(`${scope} ${family}`);
  const t = now();
  let start = Math.max(t, b.pausedUntil);
  const interval = limit
    ? (1000 / limit.perSecond) * SAFETY_FACTOR + (limit.perSecond <= 10 ? SAFETY_MARGIN_MS : 0)
    : 0;
  if (limit) {
    const tolerance = (limit.burst - 1) * interval;
    const tat = Math.max(b.tat, start);
    start = Math.max(start, tat - tolerance);
    b.tat = tat + interval;
  }
  const wait = start - t;
  if (wait > 0) await abortableSleep(wait, signal);
  else if (signal?.aborted) throw abortReason(signal);
  if (limit?.burst === 1) {
    // Timers fire late on a busy machine: a late request followed by an on-time one would reach
    // OneSignal closer together than the limit. Space the actual departures too, and keep the
    // planned slots behind them.
    for (let gap = b.lastDeparture + interval - now(); gap > 0; gap = b.lastDeparture + interval - now()) {
      await abortableSleep(gap, signal);
    }
    b.lastDeparture = now();
    b.tat = Math.max(b.tat, b.lastDeparture + interval);
  }
}

/**
 * Records a server `Retry-After` so that no request of this (scope, family) leaves before it. The
 * pause is kept as OneSignal gave it (sending earlier would only earn another 429); the transport
 * fails a request at once rather than wait on a pause longer than its retry budget, so no caller
 * ever sleeps longer than that budget.
 */
export function pause(scope: string, family: string, ms: number, now: () => number = Date.now): void {
  const b = bucketFor(`${scope} ${family}`);
  const until = now() + ms;
  if (until > b.pausedUntil) {
    b.pausedUntil = until;
    b.retryAfterMs = ms;
  }
}
