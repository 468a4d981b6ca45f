// The README's reference tables must stay in step with the code: every field of every `*Args`
// interface in sdk/*.ts documented, nothing documented that the code lacks, and the required,
// on-change and secret columns agreeing with the SDK types and the provider's field specs (the one
// place each field's behaviour is declared).
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { appFields } from "../../provider/resources/app";
import { apiKeyFields } from "../../provider/resources/apiKey";
import { segmentFields } from "../../provider/resources/segment";
import { templateFields } from "../../provider/resources/template";
import type { FieldSpec } from "../../provider/resources/common";

const root = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

interface SdkField {
  name: string;
  optional: boolean;
}

/** Exported `*Args` interfaces of sdk/*.ts, read with the TypeScript compiler API. */
function sdkArgs(): Map<string, SdkField[]> {
  const out = new Map<string, SdkField[]>();
  const dir = path.join(root, "sdk");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const src = ts.createSourceFile(
      file,
      fs.readFileSync(path.join(dir, file), "utf8"),
      ts.ScriptTarget.ES2022,
      true,
    );
    src.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith("Args")) return;
      if (!node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
      const fields = node.members.filter(ts.isPropertySignature).map((m) => ({
        name: m.name.getText(src),
        optional: m.questionToken !== undefined,
      }));
      out.set(node.name.text, fields);
    });
  }
  return out;
}

interface DocRow {
  name: string;
  required: string;
  onChange: string;
  secret: string;
}

/** The rows of the table under the README heading that names `` `<iface>` ``. */
function readmeRows(iface: string): DocRow[] | undefined {
  const lines = readme.split("\n");
  const start = lines.findIndex((l) => /^#{2,5} /.test(l) && l.includes(`\`${iface}\``));
  if (start < 0) return undefined;
  let i = start + 1;
  while (i < lines.length && !lines[i]!.startsWith("|")) {
    if (/^#{1,5} /.test(lines[i]!)) return []; // next heading before any table
    i++;
  }
  const header = splitRow(lines[i]!).map((h) => h.toLowerCase());
  const col = (name: string) => {
    const c = header.indexOf(name);
    if (c < 0) throw new Error(`README table for ${iface} has no "${name}" column`);
    return c;
  };
  const [cName, cReq, cChange, cSecret] = [col("input"), col("required"), col("on change"), col("secret")];
  const rows: DocRow[] = [];
  for (i += 2; i < lines.length && lines[i]!.startsWith("|"); i++) {
    const cells = splitRow(lines[i]!);
    const names = [...cells[cName]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    for (const name of names) {
      rows.push({ name, required: cells[cReq]!, onChange: cells[cChange]!, secret: cells[cSecret]! });
    }
  }
  return rows;
}

/** Table cells, honouring `\|` inside a cell. */
function splitRow(line: string): string[] {
  return line
    .replace(/^\|/, "")
    .replace(/\|\s*$/, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

const SPECS: Record<string, Readonly<Record<string, FieldSpec>>> = {
  AppArgs: appFields,
  ApiKeyArgs: apiKeyFields,
  SegmentArgs: segmentFields,
  TemplateArgs: templateFields,
};

const args = sdkArgs();

test("the SDK exports the four Args interfaces this test knows the field specs of", () => {
  expect([...args.keys()].sort()).toEqual(Object.keys(SPECS).sort());
});

describe.each([...args.keys()].sort())("README reference for %s", (iface) => {
  const fields = args.get(iface)!;
  const rows = readmeRows(iface) ?? [];

  test("has a section with an inputs table", () => {
    expect(readmeRows(iface)).toBeDefined();
    expect(rows.length).toBeGreaterThan(0);
  });

  test("documents every field of the code, and only those, once each", () => {
    const documented = rows.map((r) => r.name);
    const inCode = fields.map((f) => f.name);
    expect({ undocumented: inCode.filter((n) => !documented.includes(n)) }).toEqual({ undocumented: [] });
    expect({ notInCode: documented.filter((n) => !inCode.includes(n)) }).toEqual({ notInCode: [] });
    expect({ duplicated: documented.filter((n, i) => documented.indexOf(n) !== i) }).toEqual({
      duplicated: [],
    });
  });

  test("required / on change / secret agree with the SDK types and the provider's field specs", () => {
    const spec = SPECS[iface] ?? {};
    const wrong: string[] = [];
    for (const f of fields) {
      const row = rows.find((r) => r.name === f.name);
      if (!row) continue; // reported above
      const s = spec[f.name];
      const required = /required/i.test(row.required) && !/optional/i.test(row.required);
      if (required === f.optional) wrong.push(`${f.name}: required column says "${row.required}"`);
      if (!s) {
        wrong.push(
          `${f.name}: no field spec in provider/resources (the README cannot be checked against it)`,
        );
        continue;
      }
      const change = s.replaceOnChange ? /replace/i : s.createOnly ? /ignored after create/i : /in place/i;
      if (!change.test(row.onChange)) wrong.push(`${f.name}: on change column says "${row.onChange}"`);
      if (/yes/i.test(row.secret) !== Boolean(s.secret))
        wrong.push(`${f.name}: secret column says "${row.secret}"`);
    }
    expect(wrong).toEqual([]);
  });
});

test("every example is listed in the README and has its Pulumi.yaml, index.ts and README.md", () => {
  const examples = fs
    .readdirSync(path.join(root, "examples"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  expect(examples.length).toBeGreaterThan(0);
  for (const ex of examples) {
    expect({ ex, linked: readme.includes(`(examples/${ex})`) }).toEqual({ ex, linked: true });
    for (const file of ["Pulumi.yaml", "index.ts", "README.md"]) {
      expect({ ex, file, exists: fs.existsSync(path.join(root, "examples", ex, file)) }).toEqual({
        ex,
        file,
        exists: true,
      });
    }
  }
});
