import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root: the nearest ancestor holding our package.json (works from scripts/ and build/scripts/). */
export function findRepoRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 10; i++) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string }).name === "pulumi-onesignal")
          return dir;
      } catch {
        // not ours; keep walking
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the pulumi-onesignal repository above ${start}`);
}
