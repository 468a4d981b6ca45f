// What users install: the file list `npm pack` puts in the tarball, and how package.json asks for
// the Pulumi SDK. The tarball must hold the product, its licence and every document its README
// leads to (directly or through another shipped document), and none of the repository's tests,
// scripts or benchmarks. A relative link whose target is not in the tarball is broken for everyone
// who reads the README from node_modules or from the npm page.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { findRepoRoot } from "../../scripts/lib/root";

const root = findRepoRoot(__dirname);
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
// ts-jest's own dependency; npm resolves peer ranges with this same library.
const semver = require("semver") as { satisfies(version: string, range: string): boolean };

let packed: string[];

beforeAll(() => {
  // --ignore-scripts: the list must be what is on disk now (the global set-up has built dist/).
  const report = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }),
  )[0] as { files: { path: string }[] };
  packed = report.files.map((f) => f.path).sort();
}, 120_000);

/** Relative link targets of a Markdown file (no URLs, no in-page anchors), fragments dropped. */
function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  // [text](target) with the text possibly wrapped over lines; images ![…](…) too.
  for (const m of markdown.matchAll(/\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
    out.push(target.split("#")[0]!);
  }
  return out;
}

/** A file in the tarball, or a directory with at least one file in it. */
function inTarball(p: string): boolean {
  const norm = p.replace(/\/+$/, "");
  return packed.includes(norm) || packed.some((f) => f.startsWith(`${norm}/`));
}

test("the tarball holds the built package, its licence, README, docs and examples, and nothing else", () => {
  const allowed =
    /^(dist\/(sdk|provider|emulator|policy)\/|docs\/|examples\/)|^(package\.json|README\.md|LICENSE|emulator\/README\.md)$|^policy-pack\/(PulumiPolicy\.yaml|package\.json|index\.js)$/;
  expect(packed.filter((f) => !allowed.test(f))).toEqual([]);
  for (const f of ["LICENSE", "README.md", "package.json"]) expect(packed).toContain(f);
  expect(fs.readFileSync(path.join(root, "LICENSE"), "utf8")).toMatch(
    /Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/,
  );
});

test("no tests, scripts, benchmarks or sources of the repository are in the tarball", () => {
  const leaked = packed.filter(
    (f) =>
      /^(scripts|bench|tests|build|spec|coverage|\.tools|\.pulumi-local|node_modules)\//.test(f) ||
      /^dist\/(scripts|tests)\//.test(f) ||
      /\.test\.[jt]s$/.test(f) ||
      /^(provider|sdk|emulator|policy)\/.*\.ts$/.test(f),
  );
  expect(leaked).toEqual([]);
});

test("every entry point package.json names is in the tarball", () => {
  const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
  for (const conditions of Object.values(pkg.exports as Record<string, unknown>)) {
    if (typeof conditions === "string") {
      if (!conditions.includes("*")) targets.push(conditions);
    } else targets.push(...Object.values(conditions as Record<string, string>));
  }
  const missing = targets.map((t) => path.posix.normalize(t)).filter((t) => !packed.includes(t));
  expect(missing).toEqual([]);
});

test("every relative link of the README, and of each document it leads to, is in the tarball", () => {
  const readmeLinks = relativeLinks(fs.readFileSync(path.join(root, "README.md"), "utf8"));
  // The README links documents, not only the reference: a regex that found nothing would pass.
  expect(readmeLinks).toEqual(expect.arrayContaining(["docs/development.md", "examples/quickstart"]));
  const broken: string[] = [];
  for (const file of packed.filter((f) => f.endsWith(".md"))) {
    for (const link of relativeLinks(fs.readFileSync(path.join(root, file), "utf8"))) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), link));
      if (!inTarball(target)) broken.push(`${file} -> ${link}`);
    }
  }
  expect(broken).toEqual([]);
});

test("@pulumi/pulumi is a peer dependency, and the version the tests run is inside its range", () => {
  expect(pkg.dependencies?.["@pulumi/pulumi"]).toBeUndefined();
  const range = pkg.peerDependencies?.["@pulumi/pulumi"];
  expect(typeof range).toBe("string");
  const dev = pkg.devDependencies["@pulumi/pulumi"];
  expect(dev).toMatch(/^\d+\.\d+\.\d+$/);
  expect(semver.satisfies(dev, range)).toBe(true);
  const installed = JSON.parse(
    fs.readFileSync(path.join(root, "node_modules/@pulumi/pulumi/package.json"), "utf8"),
  ).version;
  expect(installed).toBe(dev);
  // The README's install section says which releases of the range the tests run.
  const install = /## Install\n([\s\S]*?)\n## /.exec(
    fs.readFileSync(path.join(root, "README.md"), "utf8"),
  )?.[1];
  for (const version of range.split("||").map((v: string) => v.trim())) expect(install).toContain(version);
});

test("the ready-to-run policy pack ships whole, and runs the rules the package builds", () => {
  // docs/guides/policy-pack.md: `pulumi preview --policy-pack node_modules/pulumi-onesignal/policy-pack`.
  for (const f of ["PulumiPolicy.yaml", "package.json", "index.js"])
    expect(packed).toContain(`policy-pack/${f}`);
  expect(packed).toContain("dist/policy/index.js");
  const entry = fs.readFileSync(path.join(root, "policy-pack/index.js"), "utf8");
  expect(entry).toContain('require("../dist/policy").createPolicyPack()');
  // @pulumi/policy reads the pack's version from its package.json: it is the package's own.
  const pack = JSON.parse(fs.readFileSync(path.join(root, "policy-pack/package.json"), "utf8"));
  expect(pack.version).toBe(pkg.version);
});

test("@pulumi/policy is an optional peer dependency, and the version the tests run is inside its range", () => {
  expect(pkg.dependencies?.["@pulumi/policy"]).toBeUndefined();
  expect(pkg.peerDependenciesMeta?.["@pulumi/policy"]).toEqual({ optional: true });
  const dev = pkg.devDependencies["@pulumi/policy"];
  expect(semver.satisfies(dev, pkg.peerDependencies["@pulumi/policy"])).toBe(true);
});
