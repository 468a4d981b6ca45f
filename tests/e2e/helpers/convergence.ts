/**
 * Issue 8 helpers: compare the emulator's objects with a stack's state (duplicates, objects lost),
 * run the emulator as a child process (to kill and restart it mid-`up`), and write the fault table.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { repoRoot } from "./engine";

export const KIND_TYPES = {
  app: "pulumi-nodejs:dynamic/onesignal:App",
  apiKey: "pulumi-nodejs:dynamic/onesignal:ApiKey",
  segment: "pulumi-nodejs:dynamic/onesignal:Segment",
  template: "pulumi-nodejs:dynamic/onesignal:Template",
} as const;
export type Kind = keyof typeof KIND_TYPES;

/** The emulator objects of one kind, as `{id, app, name}` (the emulator's own default segments left out). */
export interface EmulatorObject {
  kind: Kind;
  id: string;
  app: string;
  name: string;
}

/** Reads the emulator's whole state over its admin API (works for in-process and child emulators). */
export async function emulatorObjects(url: string): Promise<EmulatorObject[]> {
  const res = await fetch(`${url}/__emulator/state`);
  if (!res.ok) throw new Error(`emulator state: ${res.status} ${await res.text()}`);
  const s = (await res.json()) as Record<string, Record<string, unknown>[]>;
  const out: EmulatorObject[] = [];
  for (const a of s.apps ?? [])
    out.push({ kind: "app", id: String(a.id), app: String(a.organization_id), name: String(a.name) });
  for (const k of s.apiKeys ?? [])
    out.push({ kind: "apiKey", id: String(k.token_id), app: String(k.app_id), name: String(k.name) });
  for (const g of s.segments ?? []) {
    if (g.source === "default") continue; // OneSignal's built-in "Subscribed Users"
    out.push({ kind: "segment", id: String(g.id), app: String(g.app_id), name: String(g.name) });
  }
  for (const t of s.templates ?? [])
    out.push({ kind: "template", id: String(t.id), app: String(t.app_id), name: String(t.name) });
  return out;
}

export interface StateObject {
  kind: Kind;
  id: string;
  urn: string;
}

/** The OneSignal resources in a stack's state. */
export async function stateObjects(stack: Stack): Promise<StateObject[]> {
  const dep = await stack.exportStack();
  const out: StateObject[] = [];
  for (const r of (dep.deployment?.resources ?? []) as { type: string; id?: string; urn: string }[]) {
    const kind = (Object.keys(KIND_TYPES) as Kind[]).find((k) => KIND_TYPES[k] === r.type);
    if (kind && r.id) out.push({ kind, id: r.id, urn: r.urn });
  }
  return out;
}

export interface Convergence {
  /** Extra objects with the same (kind, app, name) in the emulator. */
  duplicates: number;
  /** Emulator objects not in state (orphans) + state resources whose object does not exist + declared objects missing. */
  lost: number;
  details: string[];
  counts: Record<Kind, { emulator: number; state: number; declared: number }>;
}

/**
 * Compares the emulator with the state: duplicates by (kind, parent, name), every emulator object in
 * state and vice versa, and the declared number of objects per kind.
 */
export async function convergence(
  url: string,
  stack: Stack,
  declared: Record<Kind, number>,
): Promise<Convergence> {
  const emu = await emulatorObjects(url);
  const state = await stateObjects(stack);
  const details: string[] = [];
  let duplicates = 0;
  const groups = new Map<string, EmulatorObject[]>();
  for (const o of emu) {
    const k = `${o.kind}|${o.app}|${o.name}`;
    groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  for (const [k, list] of groups) {
    if (list.length > 1) {
      duplicates += list.length - 1;
      details.push(`duplicate ${k} ×${list.length}: ${list.map((o) => o.id).join(", ")}`);
    }
  }
  let lost = 0;
  const stateIds = new Set(state.map((s) => `${s.kind}|${s.id}`));
  const emuIds = new Set(emu.map((o) => `${o.kind}|${o.id}`));
  for (const o of emu) {
    if (!stateIds.has(`${o.kind}|${o.id}`)) {
      lost += 1;
      details.push(`not in state: ${o.kind} ${o.id} "${o.name}"`);
    }
  }
  for (const s of state) {
    if (!emuIds.has(`${s.kind}|${s.id}`)) {
      lost += 1;
      details.push(`in state but not in the emulator: ${s.urn} (${s.id})`);
    }
  }
  const counts = {} as Convergence["counts"];
  for (const kind of Object.keys(KIND_TYPES) as Kind[]) {
    const c = {
      emulator: emu.filter((o) => o.kind === kind).length,
      state: state.filter((s) => s.kind === kind).length,
      declared: declared[kind],
    };
    counts[kind] = c;
    if (c.state < c.declared) {
      lost += c.declared - c.state;
      details.push(`${kind}: ${c.declared} declared, ${c.state} in state`);
    }
  }
  return { duplicates, lost, details, counts };
}

// ------------------------------------------------------------------ emulator as a child process

export interface ChildEmulator {
  url: string;
  port: number;
  organizationId: string;
  organizationApiKey: string;
  /** SIGKILLs the process (a crash: no graceful close). */
  kill(): Promise<void>;
  /** Starts it again on the same port, with the same data file and organization. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** stderr of every incarnation (the emulator's own stdout line carries the org key by design). */
  stderr(): string;
}

/** Runs `node dist/emulator/cli.js --data FILE …` (the project must be built). */
export async function startChildEmulator(dataFile: string, extraArgs: string[] = []): Promise<ChildEmulator> {
  const cli = path.join(repoRoot, "dist/emulator/cli.js");
  if (!fs.existsSync(cli)) throw new Error(`${cli} missing: run npx tsc -p tsconfig.build.json first`);
  let proc: ChildProcess | undefined;
  let err = "";
  let listening = false;

  const launch = (args: string[]) =>
    new Promise<{ url: string; organizationId: string; organizationApiKey: string }>((resolve, reject) => {
      const p = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      proc = p;
      let out = "";
      const timer = setTimeout(() => reject(new Error(`emulator did not start: ${err}`)), 20_000);
      p.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf("\n");
        if (nl >= 0) {
          clearTimeout(timer);
          try {
            listening = true;
            resolve(JSON.parse(out.slice(0, nl)));
          } catch (e) {
            reject(e as Error);
          }
        }
      });
      p.stderr!.on("data", (d: Buffer) => void (err += d.toString()));
      p.on("exit", (code) => {
        clearTimeout(timer);
        if (!listening) reject(new Error(`emulator exited (${code}) before listening: ${err}`));
      });
    });

  const info = await launch(["--port", "0", "--data", dataFile, ...extraArgs]);
  const port = Number(new URL(info.url).port);
  const fixed = [
    "--port",
    String(port),
    "--data",
    dataFile,
    "--organization-id",
    info.organizationId,
    "--organization-api-key",
    info.organizationApiKey,
    ...extraArgs,
  ];
  const waitExit = (p: ChildProcess | undefined) =>
    new Promise<void>((r) => {
      if (!p || p.exitCode !== null || p.signalCode !== null) return r();
      p.once("exit", () => r());
    });
  const self: ChildEmulator = {
    url: info.url,
    port,
    organizationId: info.organizationId,
    organizationApiKey: info.organizationApiKey,
    async kill() {
      const p = proc;
      p?.kill("SIGKILL");
      await waitExit(p);
    },
    async restart() {
      // The port can linger for a moment after a crash; retry the bind briefly.
      for (let i = 0; ; i++) {
        try {
          await launch(fixed);
          return;
        } catch (e) {
          if (i >= 20) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    async stop() {
      const p = proc;
      p?.kill("SIGTERM");
      await waitExit(p);
    },
    stderr: () => err,
  };
  return self;
}

// ------------------------------------------------------------------ the table

export interface TableRow {
  scenario: string;
  outcome: string;
  rerun: string;
  duplicates: number;
  lost: number;
  notes: string;
}

/** Markdown table; written to `.pulumi-local/<file>` in the repository (git-ignored work area). */
export function writeTable(file: string, title: string, rows: TableRow[], footer: string[] = []): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\s+/g, " ").trim();
  const lines = [
    `# ${title}`,
    "",
    "| scenario | first `up` | re-run `up` | duplicates | objects lost | notes |",
    "| --- | --- | --- | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${esc(r.scenario)} | ${esc(r.outcome)} | ${esc(r.rerun)} | ${r.duplicates} | ${r.lost} | ${esc(r.notes)} |`,
    ),
    "",
    ...footer,
    "",
  ];
  const text = lines.join("\n");
  const dest = path.join(repoRoot, ".pulumi-local", file);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  fs.writeFileSync(dest, text);
  return text;
}
