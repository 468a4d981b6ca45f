/**
 * Scripted faults: the next N requests matching a method/route fail in a chosen way.
 */
import type { RouteDef, RouteFamily } from "./context";

export type FaultKind = "status" | "delay" | "delay-response" | "hang" | "reset" | "drop-response";
export type FaultStatus = 500 | 502 | 503 | 429;
export type FaultBody = "json" | "empty" | "html";

/** What `FaultControls.add` takes. */
export interface FaultSpec {
  /** HTTP method to match (any when absent). */
  method?: string;
  /**
   * Route to match (any when absent): a route family (`app`, `apiKey`, `segment`, `template`,
   * `notification`), an exact route template (`/apps/{app_id}/segments/{segment_id}`), or otherwise a
   * regular expression tested against the request path.
   */
  route?: string;
  /** How many matching requests the fault applies to. */
  count: number;
  /**
   * - `status`: answer `status` (default 500) with a JSON error body, without touching state.
   * - `delay`: wait `delayMs`, then handle normally. Like `latencyMs`, the request is received
   *   first: a client that gives up during the wait still has it carried out (only the answer is lost).
   * - `delay-response`: handle the request (state changes!), then hold the answer for `delayMs`: the
   *   window in which a client that dies has made the object without ever hearing of it.
   * - `hang`: never answer (the socket stays open until the client gives up or the emulator closes).
   * - `reset`: destroy the connection (TCP RST) before handling.
   * - `drop-response`: handle the request (state changes!), then destroy the socket without answering
   *   — a lost response, the case idempotency and adopt-on-retry logic exist for.
   */
  kind: FaultKind;
  status?: FaultStatus;
  /** `Retry-After` seconds for a `status` fault (always set for 429; default 1). */
  retryAfter?: number;
  /**
   * Body of a `status` fault: `json` (default; the route family's documented body), `empty`, or
   * `html` (an upstream error page): the docs' 503 "may be empty or non-JSON in some failure modes".
   */
  body?: FaultBody;
  delayMs?: number;
}

export interface FaultInfo extends FaultSpec {
  id: string;
  remaining: number;
  hits: number;
}

const FAMILIES: readonly RouteFamily[] = ["app", "apiKey", "segment", "template", "notification"];

interface ActiveFault extends FaultInfo {
  matches(method: string, path: string, route: RouteDef | undefined): boolean;
}

let nextId = 1;

/** Validates a spec; throws `Error` with a readable message (the admin API turns it into a 400). */
export function checkFaultSpec(spec: FaultSpec): void {
  if (typeof spec !== "object" || spec === null) throw new Error("fault must be an object");
  if (!Number.isInteger(spec.count) || spec.count < 1)
    throw new Error("fault count must be a positive integer");
  if (!["status", "delay", "delay-response", "hang", "reset", "drop-response"].includes(spec.kind)) {
    throw new Error("fault kind must be one of status, delay, delay-response, hang, reset, drop-response");
  }
  if (spec.kind === "status" && spec.status !== undefined && ![500, 502, 503, 429].includes(spec.status)) {
    throw new Error("fault status must be 500, 502, 503 or 429");
  }
  if (
    (spec.kind === "delay" || spec.kind === "delay-response") &&
    (typeof spec.delayMs !== "number" || spec.delayMs < 0)
  ) {
    throw new Error(`a ${spec.kind} fault needs delayMs >= 0`);
  }
  if (spec.retryAfter !== undefined && (!Number.isInteger(spec.retryAfter) || spec.retryAfter < 0)) {
    throw new Error("retryAfter must be a non-negative integer");
  }
  if (spec.body !== undefined && !["json", "empty", "html"].includes(spec.body))
    throw new Error("fault body must be json, empty or html");
  if (spec.method !== undefined && typeof spec.method !== "string")
    throw new Error("method must be a string");
  if (spec.route !== undefined && typeof spec.route !== "string") throw new Error("route must be a string");
}

export class FaultTable {
  private faults: ActiveFault[] = [];

  constructor(private readonly templates: ReadonlySet<string>) {}

  add(spec: FaultSpec): string {
    checkFaultSpec(spec);
    const id = `fault-${nextId++}`;
    const method = spec.method?.toUpperCase();
    const route = spec.route;
    let routeMatch: (path: string, def: RouteDef | undefined) => boolean = () => true;
    if (route !== undefined) {
      if ((FAMILIES as readonly string[]).includes(route)) routeMatch = (_p, def) => def?.family === route;
      else if (this.templates.has(route)) routeMatch = (_p, def) => def?.template === route;
      else {
        let re: RegExp;
        try {
          re = new RegExp(route);
        } catch (err) {
          throw new Error(
            `route is neither a family, a route template nor a valid regular expression: ${(err as Error).message}`,
          );
        }
        routeMatch = (p) => re.test(p);
      }
    }
    this.faults.push({
      ...spec,
      id,
      remaining: spec.count,
      hits: 0,
      matches: (m, p, def) => (method === undefined || method === m) && routeMatch(p, def),
    });
    return id;
  }

  /** Consumes one use of the first fault matching the request, if any. */
  take(method: string, path: string, route: RouteDef | undefined): FaultInfo | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && x.matches(method, path, route));
    if (!f) return undefined;
    f.remaining -= 1;
    f.hits += 1;
    const snapshot = this.info(f);
    if (f.remaining === 0) this.faults = this.faults.filter((x) => x !== f);
    return snapshot;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultInfo[] {
    return this.faults.map((f) => this.info(f));
  }

  private info(f: ActiveFault): FaultInfo {
    const out: FaultInfo & { matches?: unknown } = { ...f };
    delete out.matches;
    return out;
  }
}
