/**
 * Shared helpers for the emulator tests: a tiny HTTP client on top of fetch that never throws on
 * status codes, and set-up shortcuts (app + app key).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ts from "typescript";
import type { RunningEmulator } from "../../emulator";

export interface Res {
  status: number;
  headers: Headers;
  /** Parsed JSON body (undefined when the body was empty). */
  body: any;
  text: string;
}

export interface Call {
  method?: string;
  path: string;
  key?: string | null;
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

export async function call(base: string, c: Call): Promise<Res> {
  const headers: Record<string, string> = { ...(c.headers ?? {}) };
  if (c.key) headers.Authorization = `Key ${c.key}`;
  let body: string | Buffer | undefined;
  if (c.raw !== undefined) body = c.raw;
  else if (c.body !== undefined) {
    body = JSON.stringify(c.body);
    headers["Content-Type"] ??= "application/json";
  }
  // The admin API refuses writes that are not JSON (a web page's "simple request" must not pass),
  // even bodiless ones such as POST /__emulator/reset.
  const write = !["GET", "HEAD"].includes((c.method ?? "GET").toUpperCase());
  if (write && c.path.startsWith("/__emulator") && c.raw === undefined && !hasHeader(headers, "content-type"))
    headers["Content-Type"] = "application/json";
  const res = await fetch(base + c.path, { method: c.method ?? "GET", headers, body });
  const text = await res.text();
  let parsed: unknown;
  if (text !== "") {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** A client bound to one emulator. */
export function client(emu: RunningEmulator) {
  const org = emu.organizationApiKey;
  return {
    call: (c: Call) => call(emu.url, c),
    org,
    /** Creates an app through the API (org key) and an app key for it through the API. */
    async appWithKey(
      name = `app-${Math.random().toString(36).slice(2, 8)}`,
    ): Promise<{ appId: string; key: string; tokenId: string }> {
      const app = await call(emu.url, {
        method: "POST",
        path: "/apps",
        key: org,
        body: { name, organization_id: emu.organizationId },
      });
      if (app.status !== 200) throw new Error(`create app failed: ${app.status} ${app.text}`);
      const k = await call(emu.url, {
        method: "POST",
        path: `/apps/${app.body.id}/auth/tokens`,
        key: org,
        body: { name: "test key" },
      });
      if (k.status !== 200) throw new Error(`create key failed: ${k.status} ${k.text}`);
      return { appId: app.body.id, key: k.body.formatted_token, tokenId: k.body.token_id };
    },
  };
}

export function expectJson(res: Res): void {
  expect(res.headers.get("content-type")).toBe("application/json");
  expect(() => JSON.parse(res.text)).not.toThrow();
}

export const repoRoot = path.resolve(__dirname, "../..");

/**
 * Transpiles emulator/*.ts (no type check — tsc does that separately) into a temp dir so that the
 * CLI and persistence tests can spawn a real `node …/emulator/cli.js` without a full project build.
 * Returns the path of cli.js. Modules resolve through NODE_PATH (see {@link nodeEnv}).
 */
export function buildEmulatorForSpawn(): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "emu-build-"));
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const src = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(src, path.join(rel, entry.name));
      else if (entry.name.endsWith(".ts")) {
        const js = ts.transpileModule(fs.readFileSync(src, "utf8"), {
          compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
          },
          fileName: src,
        }).outputText;
        const dest = path.join(out, "emulator", rel, entry.name.replace(/\.ts$/, ".js"));
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        fs.writeFileSync(dest, js);
      }
    }
  };
  walk(path.join(repoRoot, "emulator"), "");
  return path.join(out, "emulator", "cli.js");
}

export function nodeEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: path.join(repoRoot, "node_modules") };
}
