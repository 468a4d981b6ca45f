import * as fs from "node:fs";
import * as path from "node:path";
import { parseStateFile, STATE_FILE_VERSION, type StateData } from "./state";

/**
 * Writes `data` to `file` so that a crash or `kill -9` at any instant leaves either the old or the
 * new complete file: write a temp file in the same directory, fsync it, rename it over the target
 * (atomic on POSIX within one file system), then fsync the directory so the rename itself is durable.
 */
export function writeStateFile(file: string, data: StateData): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const text = JSON.stringify({ version: STATE_FILE_VERSION, savedAt: new Date().toISOString(), data });
  const fd = fs.openSync(tmp, "w", 0o600);
  try {
    fs.writeFileSync(fd, text, "utf8");
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dfd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  }
}

/**
 * Loads a state file written by {@link writeStateFile}; `undefined` when it does not exist yet.
 * Leftover temp files of a writer that was killed are removed: they are never the live copy.
 */
export function readStateFile(file: string): StateData | undefined {
  const dir = path.dirname(path.resolve(file));
  const prefix = `.${path.basename(file)}.`;
  try {
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith(".tmp")) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // Directory missing: the write will create the file (or fail loudly) later.
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`state file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return parseStateFile(raw);
}
