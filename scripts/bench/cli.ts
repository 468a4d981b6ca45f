/**
 * Runs one `pulumi` command the way a user or CI does (`pulumi up --yes --skip-preview`, …) and
 * times exactly that process. The Automation API is used only for set-up and inspection
 * (config, export), because its `up()`/`refresh()` also run `stack output` and `stack history`
 * inside the call, which would add a constant to both sides of every ratio.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { engineBin } from "./sandbox";

export interface CliRun {
  seconds: number;
  code: number;
  stdout: string;
  stderr: string;
}

/** Hard upper bound per command, so a hung engine cannot hang the benchmark. */
const TIMEOUT_MS = 15 * 60 * 1000;

export function runPulumi(args: string[], cwd: string, env: Record<string, string>): Promise<CliRun> {
  const bin = engineBin();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color", "never"], {
      cwd,
      env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH ?? ""}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill("SIGINT"), TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        seconds: (performance.now() - started) / 1000,
        code: code ?? -1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

/**
 * The "Resources:" summary the CLI prints at the end: `+ 31 to create`, `301 unchanged`,
 * `~ 30 updated`, `- 301 deleted`, … → { create: 31, same: 301, update: 30, delete: 301 }.
 */
export function parseSummary(stdout: string): Record<string, number> {
  const i = stdout.lastIndexOf("Resources:");
  if (i < 0) return {};
  const out: Record<string, number> = {};
  const names: Record<string, string> = {
    "to create": "create",
    created: "create",
    "to update": "update",
    updated: "update",
    "to delete": "delete",
    deleted: "delete",
    "to replace": "replace",
    replaced: "replace",
    unchanged: "same",
    failed: "failed",
  };
  const re =
    /^\s*[+~\-±]*\s*(\d+)\s+(to create|created|to update|updated|to delete|deleted|to replace|replaced|unchanged|failed)\s*$/gm;
  const tail = stdout.slice(i).split(/\n\s*\n\s*Duration|\nDuration/)[0] ?? "";
  for (const m of tail.matchAll(re)) {
    const key = names[m[2]!]!;
    out[key] = (out[key] ?? 0) + Number(m[1]);
  }
  return out;
}
