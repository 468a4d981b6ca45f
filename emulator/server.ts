/**
 * The HTTP server: request pipeline (latency → faults → body → routing → auth → rate limit →
 * handler → persistence), counters, and the emulator's lifecycle.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { handleAdmin, ADMIN_PREFIX } from "./admin";
import { ipAllowed, normalizeIp } from "./cidr";
import type { Core, Ctx, EmulatorSettings, Principal, Reply, RouteDef } from "./context";
import {
  accessDenied,
  badRequest,
  errorsBody,
  HttpError,
  KEYS_IDS_REFERENCE,
  MISSING_CONTENT_TYPE_MESSAGE,
  rateLimitBody,
  rateLimited,
  SERVICE_UNAVAILABLE_MESSAGE,
} from "./errors";
import { FaultTable, type FaultInfo } from "./faults";
import { hashToken, newId, newOrgKeyToken } from "./ids";
import { readStateFile, writeStateFile } from "./persistence";
import { RateLimiter, type RateLimitConfig } from "./rateLimit";
import { matchRoute, ROUTE_TEMPLATES } from "./router";
import {
  emptyState,
  type ApiKeyRecord,
  type AppRecord,
  type OrganizationRecord,
  type StateData,
} from "./state";

/** Header that carries a fake client address when `trustClientIpHeader` is on (tests only). */
export const CLIENT_IP_HEADER = "x-emulator-client-ip";

/** Per-route request counts, keyed `METHOD /route/{template}`. */
export interface RouteCounter {
  count: number;
  /** Keyed by HTTP status, or `hang` / `reset` / `dropped` for faults that never answered. */
  byStatus: Record<string, number>;
}

export interface Counters {
  total: number;
  byStatus: Record<string, number>;
  routes: Record<string, RouteCounter>;
}

export interface ServerConfig {
  host: string;
  port: number;
  organizationId: string;
  organizationApiKey: string;
  dataFile: string | undefined;
  settings: EmulatorSettings;
  rateLimits: RateLimitConfig;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Accepted JSON content types: `application/json` with optional parameters (older docs add `; charset=utf-8`). */
/** An upstream proxy's error page, as a `body: "html"` fault answers. */
const FAULT_HTML = (status: number): string =>
  `<html><head><title>${status} ${http.STATUS_CODES[status] ?? ""}</title></head><body><center><h1>${status} ${http.STATUS_CODES[status] ?? ""}</h1></center></body></html>`;

function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const mime = header.split(";")[0]!.trim().toLowerCase();
  return mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));
}

export class EmulatorServer implements Core {
  data: StateData = emptyState();
  settings: EmulatorSettings;
  readonly faults: FaultTable = new FaultTable(ROUTE_TEMPLATES);
  readonly rateLimiter: RateLimiter;
  private countersData: Counters = { total: 0, byStatus: {}, routes: {} };
  private server: http.Server;
  private sockets = new Set<Socket>();
  private closed = false;
  url = "";

  constructor(readonly config: ServerConfig) {
    this.settings = { ...config.settings };
    this.rateLimiter = new RateLimiter(config.rateLimits);
    // requireHostHeader: false: Node would otherwise answer an HTTP/1.1 request without `Host` with
    // a bare 400 (no JSON body) before our handler runs (issue 8 fuzzing).
    this.server = http.createServer({ keepAliveTimeout: 30_000, requireHostHeader: false }, (req, res) => {
      this.handle(req, res).catch((err) => this.internalError(res, err));
    });
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    // Malformed HTTP (bad request line, oversized headers…) never reaches the handler: answer it
    // ourselves so even these get a JSON body.
    this.server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
      this.count("(client error)", err.code === "HPE_HEADER_OVERFLOW" ? 431 : 400);
      if (!socket.writable) return socket.destroy();
      const status =
        err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
      const body = JSON.stringify(errorsBody(`Malformed HTTP request (${err.code ?? "parse error"})`));
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
  }

  // ------------------------------------------------------------------ lifecycle

  async start(): Promise<void> {
    const loaded = this.config.dataFile ? readStateFile(this.config.dataFile) : undefined;
    this.data = loaded ?? emptyState();
    this.ensurePrimaryOrg();
    this.persist();
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.config.port, this.config.host, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const addr = this.server.address() as AddressInfo;
    const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
    this.url = `http://${host}:${addr.port}`;
  }

  /** Makes sure the configured organization and key exist (they may come from the data file). */
  private ensurePrimaryOrg(): void {
    const { organizationId, organizationApiKey } = this.config;
    const org = this.data.organizations.find((o) => o.id === organizationId);
    if (org) org.api_key = organizationApiKey;
    else
      this.data.organizations.unshift({
        id: organizationId,
        name: "Emulated organization",
        api_key: organizationApiKey,
      });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Hung requests (fault `hang`) and idle keep-alive sockets would hold close() forever.
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await done;
  }

  reset(): void {
    const keep = this.data.organizations.find((o) => o.id === this.config.organizationId);
    this.data = emptyState();
    if (keep) this.data.organizations.push(keep);
    this.ensurePrimaryOrg();
    this.settings = { ...this.config.settings };
    this.rateLimiter.set(this.config.rateLimits);
    this.faults.clear();
    this.resetCounters();
    this.persist();
  }

  /** Writes the `--data` file (atomically) when one is configured. */
  persist(): void {
    if (this.config.dataFile) writeStateFile(this.config.dataFile, this.data);
  }

  // ------------------------------------------------------------------ Core

  now(): number {
    return Date.now() + this.data.clockOffsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  // ------------------------------------------------------------------ counters

  counters(): Counters {
    return structuredClone(this.countersData);
  }

  resetCounters(): void {
    this.countersData = { total: 0, byStatus: {}, routes: {} };
  }

  private count(routeKey: string, status: number | string): void {
    const c = this.countersData;
    const s = String(status);
    c.total += 1;
    c.byStatus[s] = (c.byStatus[s] ?? 0) + 1;
    const r = (c.routes[routeKey] ??= { count: 0, byStatus: {} });
    r.count += 1;
    r.byStatus[s] = (r.byStatus[s] ?? 0) + 1;
  }

  // ------------------------------------------------------------------ auth helpers (also used by admin)

  createOrganization(fields: { id?: string; api_key?: string; name?: string } = {}): OrganizationRecord {
    const id = fields.id ?? newId();
    if (this.data.organizations.some((o) => o.id === id))
      throw badRequest(`organization ${id} already exists`);
    const org: OrganizationRecord = {
      id,
      name: fields.name ?? "Emulated organization",
      api_key: fields.api_key ?? newOrgKeyToken(id),
    };
    this.data.organizations.push(org);
    return org;
  }

  private authenticate(header: string | undefined, clientIp: string): Principal {
    // `Key <token>` as the official SDKs send it, scheme word case-insensitive (OneSignal's "Keys & IDs"
    // page writes `key`). `Basic <token>` is the legacy form OneSignal used to document; `Bearer` (the
    // 5.12 spec's declared scheme) only when enabled.
    const m = header === undefined ? null : /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(header);
    if (!m) throw accessDenied();
    const scheme = m[1]!.toLowerCase();
    if (!(scheme === "key" || scheme === "basic" || (scheme === "bearer" && this.settings.acceptBearer))) {
      throw accessDenied();
    }
    const token = m[2]!;
    const org = this.data.organizations.find((o) => o.api_key === token);
    if (org) return { kind: "org", org };
    const hash = hashToken(token);
    const key: ApiKeyRecord | undefined = this.data.apiKeys.find((k) => k.token_hash === hash);
    if (!key) throw accessDenied();
    // An `explicit` key answers only inside its CIDRs (OneSignal's "Keys & IDs" page: "Access Denied").
    if (key.ip_allowlist_mode === "explicit" && !ipAllowed(clientIp, key.ip_allowlist)) throw accessDenied();
    return { kind: "app", key };
  }

  private clientIp(req: http.IncomingMessage): string {
    const fake = req.headers[CLIENT_IP_HEADER];
    if (this.settings.trustClientIpHeader && typeof fake === "string" && fake.trim() !== "")
      return normalizeIp(fake.trim());
    return normalizeIp(req.socket.remoteAddress ?? "");
  }

  // ------------------------------------------------------------------ request pipeline

  private send(res: http.ServerResponse, routeKey: string, reply: Reply): void {
    this.count(routeKey, reply.status);
    if (res.headersSent || res.destroyed) return;
    // A string body is sent as is, as `text/plain` (OneSignal's HTML error pages, e.g. create-template's 422).
    const raw = typeof reply.body === "string";
    const text = raw ? (reply.body as string) : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status, {
      ...reply.headers,
      "Content-Type": raw ? "text/plain" : "application/json",
      "Content-Length": Buffer.byteLength(text),
    });
    res.end(text);
  }

  private internalError(res: http.ServerResponse, err: unknown): void {
    // A bug in the emulator, not a client mistake: say so loudly (stderr) and still answer JSON.
    process.stderr.write(`onesignal-emulator: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    this.send(res, "(internal error)", { status: 500, body: errorsBody("Internal emulator error") });
  }

  /** Reads the body, discarding past the limit so the client still receives our 413. */
  private readBody(req: http.IncomingMessage): Promise<{ buf: Buffer; tooLarge: boolean; aborted?: true }> {
    const limit = this.settings.maxBodyBytes;
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = Number(req.headers["content-length"] ?? 0) > limit;
      req.on("data", (c: Buffer) => {
        size += c.length;
        if (size > limit) tooLarge = true;
        if (!tooLarge) chunks.push(c);
        // Stop reading absurd uploads outright.
        if (size > limit * 8 + 1_048_576) req.destroy();
      });
      req.on("end", () => resolve({ buf: Buffer.concat(chunks), tooLarge }));
      // A client that aborts mid-body (or whose body the parser rejects after the headers) is not an
      // emulator failure: resolve, and the caller sees the destroyed response instead of a 500.
      req.on("error", () => resolve({ buf: Buffer.concat(chunks), tooLarge, aborted: true }));
      req.on("close", () => resolve({ buf: Buffer.concat(chunks), tooLarge }));
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://emulator.invalid");
    } catch {
      req.resume();
      return this.send(res, `${method} (unmatched)`, { status: 400, body: errorsBody("Malformed URL") });
    }
    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
      const { buf, tooLarge, aborted } = await this.readBody(req);
      if (aborted) return;
      const reply = tooLarge
        ? { status: 413, body: errorsBody("Request body too large") }
        : handleAdmin(this, req, url, buf);
      return this.send(res, `${method} ${ADMIN_PREFIX}`, reply);
    }

    // Legacy base path (`https://onesignal.com/api/v1` in older OneSignal docs): `/api/v1/...` is served
    // by the same handlers.
    const path = url.pathname.startsWith("/api/v1/") ? url.pathname.slice("/api/v1".length) : url.pathname;
    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(method, path);
    } catch {
      req.resume();
      return this.send(res, `${method} (unmatched)`, {
        status: 400,
        body: errorsBody("Malformed URL escape"),
      });
    }
    const route = match.kind === "route" ? match.route : undefined;
    const routeKey =
      match.kind === "route"
        ? `${method} ${match.route.template}`
        : match.kind === "method-not-allowed"
          ? `${method} ${match.template}`
          : `${method} (unmatched)`;

    // The body is read while the added latency runs, so that a client that gives up during it (a
    // timeout shorter than the latency) has still delivered its request: like a real server, the
    // emulator then carries it out and only the response is lost. A body cut short is not a request.
    const body = this.readBody(req);
    if (this.settings.latencyMs > 0) await sleep(this.settings.latencyMs);

    const fault = this.faults.take(method, path, route);
    if (fault) {
      const handled = await this.applyFault(fault, req, res, routeKey, route);
      if (handled) return;
    }

    const { buf, tooLarge, aborted } = await body;
    if (aborted || !req.complete) return;
    let reply: Reply;
    try {
      if (tooLarge) {
        throw new HttpError(413, errorsBody(`Request body larger than ${this.settings.maxBodyBytes} bytes`));
      }
      if (match.kind === "none") throw new HttpError(404, errorsBody("Not Found"));
      if (match.kind === "method-not-allowed") {
        throw new HttpError(405, errorsBody(`Method ${method} is not allowed on ${match.template}`), {
          Allow: match.allowed.join(", "),
        });
      }
      reply = this.dispatch(match.route, match.params, url, req, buf);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      reply = { status: err.status, body: err.body, headers: err.headers };
    }
    if (fault?.kind === "drop-response") {
      // The operation happened; the client just never hears about it.
      this.count(routeKey, "dropped");
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === "delay-response") await sleep(fault.delayMs ?? 0);
    if (res.destroyed || res.socket?.destroyed) {
      this.count(routeKey, "dropped"); // the client went away while the answer was held
      return;
    }
    this.send(res, routeKey, reply);
  }

  /** Returns true when the fault has fully handled (or abandoned) the request. */
  private async applyFault(
    fault: FaultInfo,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    routeKey: string,
    route: RouteDef | undefined,
  ): Promise<boolean> {
    switch (fault.kind) {
      case "delay":
        await sleep(fault.delayMs ?? 0);
        return false;
      case "drop-response":
      case "delay-response":
        return false;
      case "hang":
        this.count(routeKey, "hang");
        req.resume();
        return true;
      case "reset":
        this.count(routeKey, "reset");
        req.socket.resetAndDestroy();
        return true;
      case "status": {
        req.resume();
        const status = fault.status ?? 500;
        const headers: Record<string, string> = {};
        let body: unknown = errorsBody(
          status === 503
            ? SERVICE_UNAVAILABLE_MESSAGE
            : status === 502
              ? "Bad Gateway"
              : "Internal Server Error",
        );
        if (status === 429) body = rateLimitBody(route?.family);
        if (status === 429 || fault.retryAfter !== undefined)
          headers["Retry-After"] = String(fault.retryAfter ?? 1);
        // The docs' 503: "The body may be empty or non-JSON in some failure modes".
        if (fault.body === "empty" || fault.body === "html") {
          this.count(routeKey, status);
          const text = fault.body === "empty" ? "" : FAULT_HTML(status);
          res.writeHead(status, {
            ...headers,
            ...(text === "" ? {} : { "Content-Type": "text/html" }),
            "Content-Length": Buffer.byteLength(text),
          });
          res.end(text);
          return true;
        }
        this.send(res, routeKey, { status, body, headers });
        return true;
      }
    }
  }

  private dispatch(
    route: RouteDef,
    params: Record<string, string>,
    url: URL,
    req: http.IncomingMessage,
    buf: Buffer,
  ): Reply {
    const clientIp = this.clientIp(req);
    const principal = this.authenticate(req.headers.authorization, clientIp);
    if (route.auth !== "any" && principal.kind !== route.auth) throw accessDenied();

    let body: unknown;
    if (route.body !== "none" && buf.length > 0) {
      if (!isJsonContentType(req.headers["content-type"])) {
        // An unread body leaves OneSignal without the `app_id` it carries: the documented 400
        // (delete-segments, copy-template-to-another-app) for routes that take it from the body.
        if (route.app.from === "body")
          throw new HttpError(400, {
            ...errorsBody(MISSING_CONTENT_TYPE_MESSAGE),
            reference: [KEYS_IDS_REFERENCE],
          });
        throw new HttpError(415, errorsBody("Content-Type must be application/json"));
      }
      try {
        body = JSON.parse(buf.toString("utf8"));
      } catch (err) {
        throw badRequest(`Invalid JSON in request body: ${(err as Error).message}`);
      }
      if (typeof body !== "object" || body === null || Array.isArray(body))
        throw badRequest("Request body must be a JSON object");
    }
    if (route.body === "required" && body === undefined) throw badRequest("A JSON request body is required");

    let app: AppRecord | undefined;
    if (route.app.from !== "none") {
      const raw =
        route.app.from === "path"
          ? params.app_id
          : route.app.from === "query"
            ? url.searchParams.get("app_id")
            : (body as Record<string, unknown> | undefined)?.app_id;
      if (raw === undefined || raw === null || raw === "") throw badRequest("app_id is required");
      if (typeof raw !== "string") throw badRequest("app_id: Invalid input: expected string");
      app = this.data.apps.find((a) => a.id === raw);
      if (principal.kind === "org") {
        if (!app) throw new HttpError(404, errorsBody("App not found"));
        // An org key is refused for another organization's apps (issue 3, Auth).
        if (app.organization_id !== principal.org.id) throw accessDenied();
      } else if (principal.key.app_id !== raw || !app) {
        // An app key works only for its own app (OneSignal's "Keys & IDs" page).
        throw accessDenied();
      }
    }

    const scope = app?.id ?? (principal.kind === "org" ? principal.org.id : principal.key.app_id);
    const wait = this.rateLimiter.take(route.rateFamily, scope);
    if (wait !== undefined) throw rateLimited(wait, route.family);

    const ctx: Ctx = {
      core: this,
      method: route.method,
      path: url.pathname,
      params,
      query: url.searchParams,
      body,
      principal,
      app,
      clientIp,
    };
    const reply = route.handler(ctx);
    if (route.mutates && reply.status < 400) this.persist();
    return reply;
  }
}
