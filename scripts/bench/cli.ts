/**
 * Reads what one `pulumi` command printed. The benchmark times each operation as a user or CI runs
 * it (`pulumi up --yes --skip-preview`, …, through runPulumi in scripts/lib/engine.ts) and uses the
 * Automation API only for set-up and inspection (config, export), because its `up()`/`refresh()`
 * also run `stack output` and `stack history` inside the call, which would add a constant to both
 * sides of every ratio.
 */

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
