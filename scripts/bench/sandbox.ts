/**
 * The benchmark's program directories: one shared node_modules per run, in which the package is
 * installed or linked, and programs whose node_modules link into it. The engine plumbing itself
 * (sandboxes, stacks, the CLI) is scripts/lib/engine.ts, shared with tests/e2e and the demo.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createSandbox, installPackage, linkDependencies, repoRoot, type Sandbox } from "../lib/engine";

/** A private file backend, PULUMI_HOME and passphrase under `root`: runs never share state. */
export function sandbox(root: string, name: string, extraEnv: Record<string, string> = {}): Sandbox {
  return createSandbox(path.join(root, name), "bench-passphrase", extraEnv);
}

/**
 * A shared node_modules for every program of the run, under the scratch root: links to each entry
 * of the repository's node_modules, plus `pulumi-onesignal` either
 * - installed (default): a real directory holding package.json, README.md and dist/ (what npm puts
 *   in a user's node_modules; the closure serializer then sees the package under `node_modules`,
 *   and resource source positions in state are `node_modules/pulumi-onesignal/...`), or
 * - linked (`link: true`): a symlink to the repository, as `npm link` does.
 * The package's own dependencies resolve from the shared node_modules, so there is a single
 * @pulumi/pulumi in every process. When installed, @pulumi/pulumi is copied too (16 MB): the closure
 * serializer resolves packages it captures by reference from its own location, which in a user's
 * install is next to pulumi-onesignal; a link into the repository's node_modules would not be.
 */
export function sharedNodeModules(
  root: string,
  link: boolean,
  packageDir: string = repoRoot,
  extraPackages: Record<string, Record<string, string>> = {},
): string {
  const nm = path.join(root, "node_modules");
  linkDependencies(nm, link ? [] : ["@pulumi"]);
  if (link) fs.symlinkSync(packageDir, path.join(nm, "pulumi-onesignal"), "dir");
  else installPackage(nm, packageDir);
  for (const [name, files] of Object.entries(extraPackages)) {
    fs.mkdirSync(path.join(nm, name));
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(nm, name, f), text);
  }
  return nm;
}

/**
 * Writes a program directory: the given files plus a node_modules of links to every entry of the
 * shared node_modules. The package.json is required: without one the Node SDK resolves the
 * repository's.
 */
export function writeProgram(dir: string, files: Record<string, string>, sharedNm: string): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const nm = path.join(dir, "node_modules");
  if (!fs.existsSync(nm)) {
    fs.mkdirSync(nm);
    for (const entry of fs.readdirSync(sharedNm)) {
      const target = fs.realpathSync(path.join(sharedNm, entry));
      // the installed package is linked by its node_modules path, not its real path, so that it is
      // still seen under node_modules (its real path already is, when installed)
      fs.symlinkSync(
        entry === "pulumi-onesignal" ? path.join(sharedNm, entry) : target,
        path.join(nm, entry),
        "dir",
      );
    }
  }
  return fs.realpathSync(dir);
}
