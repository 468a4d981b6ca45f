/**
 * Generates the per-resource reference, docs/reference/<kind>.md, from the two places each field is
 * declared: the JSDoc of the hand-written `*Args` interfaces and output members in sdk/<kind>.ts
 * (read with the TypeScript compiler API), and the provider's field specs (required, on change,
 * secret), and the look-ups' page, docs/reference/lookups.md, from sdk/lookups.ts. `npm run docs`
 * writes the files; tests/unit/docs.test.ts fails when they are stale. The
 * pages are left out of Prettier (.prettierignore): it would pad every table to its widest cell.
 *
 *   npm run docs            write docs/reference/*.md
 *   npm run docs -- --check exit 1 when a committed page differs from what would be generated
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { apiKeyFields } from "../provider/schemas/apiKey";
import { appFields } from "../provider/schemas/app";
import type { FieldSpec } from "../provider/resources/fields";
import { KIND_NAMES } from "../provider/resources/protocol";
import { segmentFields } from "../provider/schemas/segment";
import { templateFields } from "../provider/schemas/template";
import { findRepoRoot } from "./lib/root";

export const KINDS = ["app", "apiKey", "segment", "template"] as const;
export type DocKind = (typeof KINDS)[number];

/** The SDK class of each kind: the provider's own table. */
const CLASS = KIND_NAMES;
const SPECS: Record<DocKind, Readonly<Record<string, FieldSpec>>> = {
  app: appFields,
  apiKey: apiKeyFields,
  segment: segmentFields,
  template: templateFields,
};
/** The input that adopts an existing object, per kind. */
const ADOPT: Record<DocKind, string> = {
  app: "adoptExistingId",
  apiKey: "tokenId",
  segment: "adoptExistingId",
  template: "adoptExistingId",
};

interface Member {
  name: string;
  optional: boolean;
  type: string;
  doc: string;
}

function docOf(node: ts.Node): string {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const last = docs?.[docs.length - 1];
  const text = last ? (ts.getTextOfJSDocComment(last.comment) ?? "").trim() : "";
  return text.replace(/\{@link ([\w.]+)\}/g, "`$1`");
}

/** A type as users write it: `pulumi.Input<…>` and `pulumi.Output<…>` wrappers removed. */
function plainType(text: string): string {
  let out = "";
  const closers: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const rest = text.slice(i);
    const wrapper = /^pulumi\.(Input|Output)</.exec(rest);
    if (wrapper) {
      closers.push(false);
      i += wrapper[0].length - 1;
      continue;
    }
    const c = text[i]!;
    if (c === "<") closers.push(true);
    if (c === ">" && closers.pop() === false) continue;
    out += c;
  }
  return out.replace(/\s+/g, " ").trim();
}

function members(
  nodes: readonly ts.TypeElement[] | readonly ts.ClassElement[],
  src: ts.SourceFile,
): Member[] {
  const out: Member[] = [];
  for (const m of nodes) {
    if (!ts.isPropertySignature(m) && !ts.isPropertyDeclaration(m)) continue;
    out.push({
      name: m.name.getText(src),
      optional: m.questionToken !== undefined,
      type: m.type ? plainType(m.type.getText(src)) : "",
      doc: docOf(m),
    });
  }
  return out;
}

interface Parsed {
  classDoc: string;
  args: Member[];
  argsDoc: string;
  outputs: Member[];
  getDoc: string;
  getSignature: string;
  types: { name: string; doc: string; members: Member[]; type: string }[];
}

/** Reads sdk/<kind>.ts with the TypeScript compiler API. */
export function parseSdk(root: string, kind: DocKind): Parsed {
  const file = path.join(root, "sdk", `${kind}.ts`);
  const src = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const cls = CLASS[kind];
  const parsed: Parsed = {
    classDoc: "",
    args: [],
    argsDoc: "",
    outputs: [],
    getDoc: "",
    getSignature: "",
    types: [],
  };
  src.forEachChild((node) => {
    const exported = (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
    if (!exported) return;
    if (ts.isInterfaceDeclaration(node) && node.name.text === `${cls}Args`) {
      parsed.args = members(node.members, src);
      parsed.argsDoc = docOf(node);
    } else if (ts.isClassDeclaration(node) && node.name?.text === cls) {
      parsed.classDoc = docOf(node);
      parsed.outputs = members(
        node.members.filter(
          (m) =>
            ts.canHaveModifiers(m) &&
            ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.DeclareKeyword),
        ),
        src,
      );
      const get = node.members.find(
        (m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText(src) === "get",
      );
      if (get) {
        parsed.getDoc = docOf(get);
        const params = get.parameters
          .map((p) => p.name.getText(src))
          .filter((p) => p !== "opts")
          .join(", ");
        parsed.getSignature = `${cls}.get(${params}, opts?)`;
      }
    } else if (ts.isTypeAliasDeclaration(node)) {
      const literals: Member[] = [];
      const collect = (t: ts.TypeNode) => {
        if (ts.isUnionTypeNode(t)) t.types.forEach(collect);
        else if (ts.isTypeLiteralNode(t)) literals.push(...members(t.members, src));
      };
      collect(node.type);
      parsed.types.push({
        name: node.name.text,
        doc: docOf(node),
        members: literals,
        type: plainType(node.type.getText(src)),
      });
    }
  });
  return parsed;
}

const cell = (text: string) => text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");
const code = (text: string) => (text ? `\`${text.replace(/\|/g, "\\|")}\`` : "");

function onChange(spec: FieldSpec | undefined): string {
  if (!spec) return "";
  if (spec.replaceOnChange) return "**replace**";
  if (spec.createOnly) return "ignored after create";
  return "in place";
}

/** The markdown of one page, before formatting. */
export function renderPage(root: string, kind: DocKind): string {
  const p = parseSdk(root, kind);
  const cls = CLASS[kind];
  const spec = SPECS[kind];
  const argsOptional = p.args.every((a) => a.optional);
  const lines: string[] = [
    "<!-- Generated by `npm run docs` from sdk/" +
      kind +
      ".ts and the provider's field specs; do not edit. -->",
    "",
    `# ${cls}`,
    "",
    `\`new onesignal.${cls}(name, args${argsOptional ? "?" : ""}, opts?)\``,
    "",
    p.classDoc,
    "",
    `## Inputs (\`${cls}Args\`)`,
    "",
  ];
  // "Inputs of `X`." says nothing the heading does not; what follows it does.
  const argsDoc = p.argsDoc.replace(/^Inputs of `\w+`\.\s*/, "");
  if (argsDoc) lines.push(argsDoc, "");
  lines.push(
    "**required** is what the TypeScript types say; **on change** is what a changed value does (`replace` =",
    "delete and create, `ignored after create` = read only by `create`, the rest update in place);",
    "**secret** inputs are wrapped with `pulumi.secret` by the SDK and stay encrypted in state, as inputs",
    "and as the outputs that echo them. `check` validates every input at `pulumi preview`, naming the",
    "property, before any API call.",
    "",
    "| input | type | required | on change | secret | description |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const a of p.args) {
    const s = spec[a.name];
    lines.push(
      `| \`${a.name}\` | ${code(a.type)} | ${a.optional ? "optional" : "**required**"} | ${onChange(s)} | ${
        s?.secret ? "**yes**" : ""
      } | ${cell(a.doc)} |`,
    );
  }
  for (const t of p.types) {
    lines.push("", `### \`${t.name}\``, "");
    if (t.doc) lines.push(t.doc, "");
    if (t.members.length > 0) {
      lines.push("| member | type | description |", "| --- | --- | --- |");
      for (const m of t.members) lines.push(`| \`${m.name}\` | ${code(m.type)} | ${cell(m.doc)} |`);
    } else {
      lines.push(`\`type ${t.name} = ${t.type}\``);
    }
  }
  lines.push("", "## Outputs", "", "| output | type | description |", "| --- | --- | --- |");
  lines.push(`| \`id\` | \`string\` | The OneSignal id of the object. |`);
  for (const o of p.outputs) {
    const echo = p.args.some((a) => a.name === o.name)
      ? `The input \`${o.name}\`, as OneSignal reports it.`
      : "";
    lines.push(`| \`${o.name}\` | ${code(o.type)} | ${cell(o.doc || echo)} |`);
  }
  const adopt = p.args.find((a) => a.name === ADOPT[kind]);
  lines.push("", "## Adopting existing objects", "");
  if (adopt) lines.push(`\`${adopt.name}\`: ${adopt.doc}`, "");
  if (p.getSignature) lines.push(`\`${p.getSignature}\`: ${p.getDoc}`, "");
  lines.push(
    "Pulumi's `import` resource option and `pulumi import` do not work for dynamic resources (the engine",
    "reads an imported resource without the provider code it needs;",
    "[pulumi/pulumi#16175](https://github.com/pulumi/pulumi/issues/16175)): adopt on purpose with the",
    "input above instead, as [`examples/adopt-existing`](../../examples/adopt-existing) does. The first",
    "`up` shows a `create` that takes the object over (same id) and applies the declared settings; add",
    "`retainOnDelete: true` if `destroy` should let go of the object rather than delete it. Nothing is",
    "ever taken over because it resembles the declared object ([design](../design.md)).",
    "",
  );
  return lines.join("\n");
}

/** A look-up function of sdk/lookups.ts and the interface of its result. */
interface LookupDoc {
  name: string;
  signature: string;
  doc: string;
  result: { name: string; doc: string; members: Member[] } | undefined;
}

/** Reads sdk/lookups.ts: the exported `get…` functions (not their `…Output` twins) and results. */
export function parseLookups(root: string): { lookups: LookupDoc[]; outputs: string[] } {
  const file = path.join(root, "sdk", "lookups.ts");
  const src = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const fns: ts.FunctionDeclaration[] = [];
  const results = new Map<string, { name: string; doc: string; members: Member[] }>();
  src.forEachChild((node) => {
    const exported = (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
    if (!exported) return;
    if (ts.isFunctionDeclaration(node) && node.name) fns.push(node);
    else if (ts.isInterfaceDeclaration(node) && /^Get\w+Result$/.test(node.name.text))
      results.set(node.name.text, {
        name: node.name.text,
        doc: docOf(node),
        members: members(node.members, src),
      });
  });
  const outputs = fns.map((f) => f.name!.text).filter((n) => n.endsWith("Output"));
  const lookups = fns
    .filter((f) => !f.name!.text.endsWith("Output"))
    .map((f) => {
      const name = f.name!.text;
      const params = f.parameters
        .map((p) => `${p.name.getText(src)}: ${p.type?.getText(src) ?? ""}`)
        .join(", ");
      const ret = f.type ? plainType(f.type.getText(src)) : "";
      const resultName = /Promise<(\w+)>/.exec(f.type?.getText(src) ?? "")?.[1] ?? "";
      return {
        name,
        signature: `${name}(${params}): ${ret}`,
        doc: docOf(f),
        result: results.get(resultName),
      };
    });
  return { lookups, outputs };
}

/** The markdown of docs/reference/lookups.md. */
export function renderLookups(root: string): string {
  const { lookups, outputs } = parseLookups(root);
  const lines: string[] = [
    "<!-- Generated by `npm run docs` from sdk/lookups.ts; do not edit. -->",
    "",
    "# Look-ups",
    "",
    "Read an app, segment, template or API key that the program does not manage, by id or by its exact",
    "name, and use what it holds: `" + lookups.map((l) => l.name).join("`, `") + "`, each with an",
    "`…Output` variant (`" + outputs.join("`, `") + "`) that takes `pulumi.Input` arguments and",
    "returns a `pulumi.Output`, as pulumi-github's `getRepository` / `getRepositoryOutput` do.",
    "",
    "```ts",
    'import * as onesignal from "pulumi-onesignal";',
    "",
    'const app = onesignal.getAppOutput({ name: "Mobile (production)" });',
    'const welcome = onesignal.getTemplateOutput({ appId: app.id, name: "Welcome" });',
    "export const welcomeText = welcome.contents;",
    "```",
    "",
    "- **They call OneSignal from the program**, not through the engine: Pulumi's Node dynamic provider",
    '  answers every invoke with "unknown function". They read the same settings as the resources: stack',
    '  config `onesignal:*` (`new pulumi.Config("onesignal")`), else the environment',
    "  (`ONESIGNAL_ORGANIZATION_API_KEY`, `ONESIGNAL_API_URL`, …). Apps and API keys need the",
    "  organization key; segments and templates an app key: the `apiKey` argument (for example an",
    "  `ApiKey`'s `token`), else `onesignal:appApiKey` / `ONESIGNAL_APP_API_KEY`.",
    "- **They run in `pulumi preview` too**, since they only read; they are no resources, so they add no",
    "  step and nothing to state. An `…Output` look-up whose arguments are not known yet in a preview (an",
    "  app this update creates) runs at `up`.",
    "- **By name, exactly one object must have the name**; otherwise a `LookupError` names the name and",
    "  the number of matches (`matches`), and for several their ids. Finding an app by name lists the",
    "  organization's apps (OneSignal's view-apps), which OneSignal switches off for organizations with",
    "  more than 1000 apps: there, look apps up by id.",
    "- **Secrets:** no result holds a secret (an API key's secret is shown by OneSignal only at create",
    "  and rotation), and no key ever appears in a result or an error. A secret `apiKey` does not make",
    "  the result secret; other secret arguments do.",
    "- **Versus `X.get(name, id, …)`**: `App.get`, `Template.get` and the others read one object by id",
    "  into the stack as a read resource (in state, shown as a `read` step); look-ups also find objects",
    "  by name and leave nothing in state. Both return the classes' output names.",
    "",
  ];
  for (const l of lookups) {
    lines.push(`## \`${l.name}\``, "", `\`${l.signature}\``, "", l.doc, "");
    if (l.result) {
      lines.push(`\`${l.result.name}\`${l.result.doc ? `: ${cell(l.result.doc)}` : ""}`, "");
      lines.push("| member | type | description |", "| --- | --- | --- |");
      const cls = l.name.replace(/^get/, "");
      for (const m of l.result.members) {
        const doc = m.doc || `As the \`${cls}\` output \`${m.name}\`.`;
        lines.push(`| \`${m.name}\` | ${code(m.type + (m.optional ? " | undefined" : ""))} | ${cell(doc)} |`);
      }
      lines.push("");
    }
  }
  return lines.join("\n");
}

/** Every generated page: path under the repository → text. */
export function allPages(root: string): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const kind of KINDS) pages[`docs/reference/${kind}.md`] = renderPage(root, kind);
  pages["docs/reference/lookups.md"] = renderLookups(root);
  return pages;
}

async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  fs.mkdirSync(path.join(root, "docs/reference"), { recursive: true });
  for (const [rel, text] of Object.entries(allPages(root))) {
    const file = path.join(root, rel);
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (current === text) continue;
    if (check) stale.push(path.relative(root, file));
    else {
      fs.writeFileSync(file, text);
      console.log(`wrote ${path.relative(root, file)}`);
    }
  }
  if (stale.length > 0) {
    console.error(`stale (run npm run docs): ${stale.join(", ")}`);
    process.exit(1);
  }
}

if (require.main === module) void main();
