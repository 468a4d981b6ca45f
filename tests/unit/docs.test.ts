// The reference pages (docs/reference/<kind>.md) are generated from sdk/*.ts and the provider's
// field specs by scripts/docs.ts: the committed pages must be what it generates now, and what it
// generates must document every field of every `*Args` interface with the field spec's behaviour.
import * as fs from "node:fs";
import * as path from "node:path";
import { apiKeyFields } from "../../provider/schemas/apiKey";
import { appFields } from "../../provider/schemas/app";
import { segmentFields } from "../../provider/schemas/segment";
import { templateFields } from "../../provider/schemas/template";
import { KINDS, parseLookups, parseSdk, renderLookups, renderPage } from "../../scripts/docs";
import { findRepoRoot } from "../../scripts/lib/root";
import type { ApiKeyArgs } from "../../sdk/apiKey";
import type { AppArgs } from "../../sdk/app";
import type { SegmentArgs } from "../../sdk/segment";
import type { TemplateArgs } from "../../sdk/template";
import * as sdk from "../../sdk";

/**
 * Compile-time: the keys of each hand-written `*Args` interface are exactly the keys of the kind's
 * field specs (ts-jest type-checks this file, so a field added to one and not the other fails it).
 */
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const argsMatchSpecs: [
  SameKeys<AppArgs, typeof appFields>,
  SameKeys<ApiKeyArgs, typeof apiKeyFields>,
  SameKeys<SegmentArgs, typeof segmentFields>,
  SameKeys<TemplateArgs, typeof templateFields>,
] = [true, true, true, true];

const root = findRepoRoot(__dirname);
const SPECS = { app: appFields, apiKey: apiKeyFields, segment: segmentFields, template: templateFields };

test("every Args interface has exactly its field specs' keys (checked by the compiler)", () => {
  expect(argsMatchSpecs).toEqual([true, true, true, true]);
});

describe.each(KINDS)("docs/reference/%s.md", (kind) => {
  const page = renderPage(root, kind);

  test("is committed as generated (run `npm run docs` after changing sdk/ or a field spec)", () => {
    const file = path.join(root, "docs/reference", `${kind}.md`);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.readFileSync(file, "utf8")).toBe(page);
  });

  test("has one row per Args field, with the field spec's behaviour, and no field without a spec", () => {
    const args = parseSdk(root, kind).args;
    expect(args.length).toBeGreaterThan(0);
    const spec = SPECS[kind] as Record<
      string,
      { replaceOnChange?: boolean; createOnly?: boolean; secret?: boolean }
    >;
    expect(args.map((a) => a.name).sort()).toEqual(Object.keys(spec).sort());
    for (const a of args) {
      const row = page.split("\n").find((l) => l.startsWith(`| \`${a.name}\` |`));
      expect({ field: a.name, row: row !== undefined }).toEqual({ field: a.name, row: true });
      const cells = row!.split(/(?<!\\)\|/).map((c) => c.trim());
      const s = spec[a.name]!;
      expect({ field: a.name, required: cells[3] }).toEqual({
        field: a.name,
        required: a.optional ? "optional" : "**required**",
      });
      const change = s.replaceOnChange ? "**replace**" : s.createOnly ? "ignored after create" : "in place";
      expect({ field: a.name, change: cells[4] }).toEqual({ field: a.name, change });
      expect({ field: a.name, secret: cells[5] }).toEqual({
        field: a.name,
        secret: s.secret ? "**yes**" : "",
      });
    }
  });
});

describe("docs/reference/lookups.md", () => {
  test("is committed as generated (run `npm run docs` after changing sdk/lookups.ts)", () => {
    expect(fs.readFileSync(path.join(root, "docs/reference/lookups.md"), "utf8")).toBe(renderLookups(root));
  });

  test("documents each look-up of the package, its Output twin, and a result named as its class's outputs", () => {
    const { lookups, outputs } = parseLookups(root);
    expect(lookups.map((l) => l.name).sort()).toEqual(["getApiKey", "getApp", "getSegment", "getTemplate"]);
    expect(outputs.sort()).toEqual(lookups.map((l) => `${l.name}Output`).sort());
    const exported = sdk as unknown as Record<string, unknown>;
    for (const name of [...lookups.map((l) => l.name), ...outputs])
      expect({ name, exported: typeof exported[name] }).toEqual({ name, exported: "function" });
    const page = renderLookups(root);
    for (const l of lookups) {
      expect(page).toContain(`## \`${l.name}\``);
      expect(l.result).toBeDefined();
      const kind = (l.name.charAt(3).toLowerCase() + l.name.slice(4)) as (typeof KINDS)[number];
      const names = new Set(["id", ...parseSdk(root, kind).outputs.map((o) => o.name)]);
      const members = l.result!.members.map((m) => m.name);
      expect({ lookup: l.name, notOutputs: members.filter((m) => !names.has(m)) }).toEqual({
        lookup: l.name,
        notOutputs: [],
      });
    }
  });
});

test("the README links every reference page and every example", () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  for (const kind of KINDS) expect(readme).toContain(`(docs/reference/${kind}.md)`);
  expect(readme).toContain("(docs/reference/lookups.md)");
  const examples = fs
    .readdirSync(path.join(root, "examples"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  expect(examples.length).toBeGreaterThan(0);
  for (const ex of examples) {
    expect({ ex, linked: readme.includes(`(examples/${ex})`) }).toEqual({ ex, linked: true });
    for (const file of ["Pulumi.yaml", "index.ts", "README.md"])
      expect({ ex, file, exists: fs.existsSync(path.join(root, "examples", ex, file)) }).toEqual({
        ex,
        file,
        exists: true,
      });
  }
});
