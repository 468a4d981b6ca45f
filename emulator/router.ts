import type { RouteDef } from "./context";
import { apiKeyRoutes } from "./routes/apiKey";
import { appRoutes } from "./routes/app";
import { notificationRoutes } from "./routes/notification";
import { segmentRoutes } from "./routes/segment";
import { templateRoutes } from "./routes/template";

/**
 * Every OneSignal route the emulator serves: the 5.12 spec's 20 app, API-key, segment and template
 * operations, plus `create_notification`.
 */
export const ROUTES: readonly RouteDef[] = [
  ...appRoutes,
  ...apiKeyRoutes,
  ...segmentRoutes,
  ...templateRoutes,
  ...notificationRoutes,
];

export const ROUTE_TEMPLATES: ReadonlySet<string> = new Set(ROUTES.map((r) => r.template));

interface Compiled {
  template: string;
  re: RegExp;
  names: string[];
  byMethod: Map<string, RouteDef>;
}

const compiled: Compiled[] = [];
for (const r of ROUTES) {
  let c = compiled.find((x) => x.template === r.template);
  if (!c) {
    const names: string[] = [];
    const pattern = r.template
      .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
      .replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
    c = { template: r.template, re: new RegExp(`^${pattern}/?$`), names, byMethod: new Map() };
    compiled.push(c);
  }
  c.byMethod.set(r.method, r);
}

export type RouteMatch =
  | { kind: "route"; route: RouteDef; params: Record<string, string> }
  | { kind: "method-not-allowed"; template: string; allowed: string[] }
  | { kind: "none" };

/** Matches a path (already stripped of any `/api/v1` prefix). Throws URIError on bad escapes. */
export function matchRoute(method: string, path: string): RouteMatch {
  for (const c of compiled) {
    const m = c.re.exec(path);
    if (!m) continue;
    const route = c.byMethod.get(method);
    if (!route) return { kind: "method-not-allowed", template: c.template, allowed: [...c.byMethod.keys()] };
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    return { kind: "route", route, params };
  }
  return { kind: "none" };
}
