/**
 * Per-app, per-endpoint-family rate limiting (OneSignal's "Rate limits" page): token
 * buckets keyed by `family|app id` (organization id for org-level routes such as `GET /apps`).
 */
import { RATE_FAMILIES, type RateFamily } from "./context";

export interface RateLimitRule {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed at once from a full bucket (default: `max(1, perSecond)`). */
  burst?: number;
}

export type RateLimitConfig = Partial<Record<RateFamily, RateLimitRule>>;

/** `"off"`, OneSignal's documented limits, or your own per-family rules. */
export type RateLimitsOption = "off" | "onesignal" | RateLimitConfig;

/**
 * The numbers of OneSignal's "Rate limits" page (free plan): Create message 150 req/s/app; "view"
 * endpoints (templates included) 1 req/s/app. OneSignal documents nothing for apps, API keys,
 * segments or template writes, so those are unlimited here rather than invented.
 */
export const ONESIGNAL_RATE_LIMITS: RateLimitConfig = {
  notifications: { perSecond: 150, burst: 150 },
  templateViews: { perSecond: 1, burst: 1 },
};

export function resolveRateLimits(option: RateLimitsOption | undefined): RateLimitConfig {
  if (option === undefined || option === "off") return {};
  if (option === "onesignal") return { ...ONESIGNAL_RATE_LIMITS };
  return checkRateLimitConfig(option);
}

export function checkRateLimitConfig(config: unknown): RateLimitConfig {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new Error('rate limits must be "off", "onesignal" or an object of per-family rules');
  }
  const out: RateLimitConfig = {};
  for (const [family, rule] of Object.entries(config)) {
    if (!(RATE_FAMILIES as readonly string[]).includes(family)) {
      throw new Error(`unknown rate-limit family '${family}' (known: ${RATE_FAMILIES.join(", ")})`);
    }
    const r = rule as RateLimitRule;
    if (typeof r !== "object" || r === null || typeof r.perSecond !== "number" || !(r.perSecond > 0)) {
      throw new Error(`rate limit for ${family} needs perSecond > 0`);
    }
    if (r.burst !== undefined && !(typeof r.burst === "number" && r.burst >= 1)) {
      throw new Error(`rate limit burst for ${family} must be >= 1`);
    }
    out[family as RateFamily] =
      r.burst === undefined ? { perSecond: r.perSecond } : { perSecond: r.perSecond, burst: r.burst };
  }
  return out;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private config: RateLimitConfig = {};

  constructor(config: RateLimitConfig = {}) {
    this.set(config);
  }

  set(config: RateLimitConfig): void {
    this.config = { ...config };
    this.buckets.clear();
  }

  get(): RateLimitConfig {
    return { ...this.config };
  }

  /** Takes a token; returns seconds to wait (for `Retry-After`) when the bucket is empty. */
  take(family: RateFamily, scope: string, nowMs: number = performance.now()): number | undefined {
    const rule = this.config[family];
    if (!rule) return undefined;
    const burst = rule.burst ?? Math.max(1, rule.perSecond);
    const key = `${family}|${scope}`;
    const b = this.buckets.get(key) ?? { tokens: burst, at: nowMs };
    b.tokens = Math.min(burst, b.tokens + ((nowMs - b.at) / 1000) * rule.perSecond);
    b.at = nowMs;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return (1 - b.tokens) / rule.perSecond;
  }
}
