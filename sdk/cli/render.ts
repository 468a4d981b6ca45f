/**
 * Turns a snapshot of an organization (snapshot.ts) into the files of a TypeScript Pulumi project.
 * Pure: no I/O, the same snapshot always gives the same files, so a second run shows as no diff in
 * review and the tests can pin the output down.
 *
 * Layout: `index.ts` imports one module per app (`apps/<app>.ts`). One module per app keeps a large
 * organization reviewable (a change to one app touches one file) and keeps each app's key, config
 * and resources together; `index.ts` exports the app ids.
 */
import { byNameThenId, NameScope } from "./names";
import type { AppSnapshot, OrganizationSnapshot } from "./snapshot";

/** A TypeScript expression written as is (a variable, `app.id`). */
export class Code {
  constructor(readonly text: string) {}
}

/** A member rendered as `...expr` inside an object literal. */
const SPREAD = "\u0000spread";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The generated project has no prettier config: prettier's default width. */
const WIDTH = 80;

/** A string literal as prettier writes it: double quotes, unless that needs more escapes. */
export function quote(text: string): string {
  const json = JSON.stringify(text);
  const doubles = (text.match(/"/g) ?? []).length;
  const singles = (text.match(/'/g) ?? []).length;
  if (doubles <= singles) return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function key(k: string): string {
  return IDENT.test(k) ? k : quote(k);
}

/** The one-line form of a value: `{ a: 1 }`, `["x", "y"]`. */
function inline(value: unknown): string {
  if (value instanceof Code) return value.text;
  if (typeof value === "string") return quote(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, v]) => (v instanceof Code && v.text === k ? k : `${key(k)}: ${inline(v)}`)).join(", ")} }`;
}

const isPrimitive = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * A value as a TypeScript literal, laid out as prettier lays it out (2 spaces, trailing commas,
 * one line when it fits in `room` columns). `multiline` keeps an object broken up, as prettier
 * keeps an object whose first member starts a new line.
 */
export function literal(
  value: unknown,
  indent = "",
  room = WIDTH - indent.length,
  multiline = false,
): string {
  const inner = `${indent}  `;
  if (value instanceof Code || value === null || value === undefined || isPrimitive(value))
    return value === null || value === undefined ? "undefined" : inline(value);
  const one = inline(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    // Prettier breaks an array of several objects one per line even when it would fit.
    const objects = value.filter((v) => !isPrimitive(v)).length;
    if (one.length <= room && (objects === 0 || value.length === 1)) return one;
    return `[\n${value.map((v) => `${inner}${literal(v, inner, WIDTH - inner.length - 1)},\n`).join("")}${indent}]`;
  }
  if (!multiline && one.length <= room) return one;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, v]) => {
    if (k.startsWith(SPREAD)) return `${inner}...${literal(v, inner)},\n`;
    if (v instanceof Code && v.text === k) return `${inner}${k},\n`;
    const head = `${inner}${key(k)}: `;
    const rest = WIDTH - head.length - 1;
    // A string that does not fit goes on its own line, as prettier puts it.
    if (typeof v === "string" && quote(v).length > rest)
      return `${inner}${key(k)}:\n${inner}  ${quote(v)},\n`;
    return `${head}${literal(v, inner, rest)},\n`;
  });
  return `{\n${lines.join("")}${indent}}`;
}

/** `// ` lines, wrapped at about 100 columns. */
export function comment(text: string, indent = ""): string {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    if (/^\s/.test(para)) {
      out.push(`${indent}//${para}`);
      continue;
    }
    let line = "";
    for (const word of para.split(" ")) {
      if (line !== "" && indent.length + 3 + line.length + 1 + word.length > 100) {
        out.push(`${indent}// ${line}`);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    out.push(line === "" ? `${indent}//` : `${indent}// ${line}`);
  }
  return `${out.join("\n")}\n`;
}

/** `export const <ident> = new onesignal.<Kind>("<name>", {…}, adopted);` */
function resource(ident: string, kind: string, name: string, args: Record<string, unknown>): string {
  return (
    `export const ${ident} = new onesignal.${kind}(\n` +
    `  ${quote(name)},\n` +
    `  ${literal(args, "  ", WIDTH, true)},\n` +
    `  adopted,\n` +
    `);\n\n`
  );
}

/** The names of one app's module: its file, its config keys and each resource's names. */
export interface AppNames {
  slug: string;
  ident: string;
  configKey(suffix: string): string;
}

/** Files of the generated project, by relative path. */
export type ProjectFiles = Record<string, string>;

export interface RenderOptions {
  /** Project name in Pulumi.yaml and package.json. */
  projectName: string;
  /** The version range of pulumi-onesignal the project depends on. */
  packageVersion: string;
  /** The version of @pulumi/pulumi the project depends on. */
  pulumiVersion: string;
}

/** The config keys a user must (or may) set, with what they are for. */
export interface ConfigEntry {
  key: string;
  required: boolean;
  why: string;
}

/** Renders one app's module; `config` receives the config keys it reads. */
export function renderApp(app: AppSnapshot, names: AppNames, config: ConfigEntry[]): string {
  const out: string[] = [];
  out.push(
    comment(
      `App "${app.name}" (${app.id}), generated by \`pulumi-onesignal import\`. Every setting OneSignal ` +
        "shows back is written out, and adoptExistingId / tokenId make the first `up` take the existing " +
        "objects over instead of creating new ones.",
    ),
  );
  if (app.notes.length > 0) {
    out.push(comment("Not carried over (also in README.md):"));
    for (const n of app.notes) out.push(comment(`- ${n}`));
  }
  out.push('import * as pulumi from "@pulumi/pulumi";\nimport * as onesignal from "pulumi-onesignal";\n\n');
  out.push("const config = new pulumi.Config();\n\n");
  const needsKey = app.segments.length > 0 || app.templates.length > 0;
  if (needsKey) {
    const key = names.configKey("AppApiKey");
    config.push({ key, required: true, why: `an API key of app "${app.name}" (${app.id})` });
    out.push(
      comment(
        "The app API key the segment and template calls use (OneSignal: Settings > Keys & IDs). The " +
          "keys below cannot give theirs: OneSignal shows a key's secret only when it is created or " +
          "rotated. To let Pulumi hold one, set `rotationTrigger` on one of them (its old secret stops " +
          "working at once) and pass its `token` here instead." +
          `\n  pulumi config set --secret ${key} <key>`,
      ),
    );
    out.push(`const appApiKey = config.requireSecret(${JSON.stringify(key)});\n\n`);
  }
  out.push(
    comment(
      "These objects predate the stack: with retainOnDelete, removing one from the program (or " +
        "`pulumi destroy`) only stops managing it and leaves it in OneSignal. Drop the option to let " +
        "Pulumi delete them.",
    ),
  );
  out.push("const adopted: pulumi.CustomResourceOptions = { retainOnDelete: true };\n\n");

  // Credentials OneSignal never returns: placeholders in secret config, managed once set.
  const args: Record<string, unknown> = { adoptExistingId: app.id, name: app.name };
  if (app.organizationId) args.organizationId = app.organizationId;
  for (const [k, v] of Object.entries(app.settings)) args[k] = v;
  for (const group of app.credentialGroups) {
    const vars = group.secrets.map((s) => ({ ...s, key: names.configKey(s.suffix) }));
    for (const v of vars)
      config.push({ key: v.key, required: false, why: `${group.title} of app "${app.name}": ${v.what}` });
    out.push(
      comment(
        `${group.title}: ${group.why} ` +
          (Object.keys(group.settings).length > 0
            ? `Until ${vars.length > 1 ? "they are" : "it is"} set, ${Object.keys(group.settings).join(", ")} ` +
              "stay as they are in OneSignal (not managed):"
            : "Until it is set, OneSignal keeps the credential it has:") +
          vars.map((v) => `\n  pulumi config set --secret ${v.key} <${v.what}>`).join(""),
      ),
    );
    for (const v of vars) out.push(`const ${v.ident} = config.getSecret(${JSON.stringify(v.key)});\n`);
    // Spreading `undefined` adds nothing: the group is managed only once every secret is set.
    let cond = vars[0]!.ident;
    if (vars.length > 1) {
      cond = `${vars[0]!.ident}Given`;
      out.push(`const ${cond} = ${vars.map((v) => v.ident).join(" && ")};\n`);
    }
    out.push("\n");
    const members: Record<string, unknown> = { ...group.settings };
    for (const v of vars) members[v.input] = new Code(v.ident);
    args[`${SPREAD}${group.title}`] = new Code(`(${cond} && ${literal(members, "    ", 0, true)})`);
  }
  out.push(resource("app", "App", names.slug, args));

  const scope = new NameScope(["app", "config", "appApiKey", "adopted"]);
  const keys = [...app.keys].sort((a, b) => byNameThenId({ ...a, id: a.tokenId }, { ...b, id: b.tokenId }));
  if (keys.length > 0)
    out.push(
      comment(
        "API keys: metadata only. `token` stays empty until a key is rotated by setting `rotationTrigger`.",
      ),
    );
  for (const k of keys) {
    const n = scope.take(k.name, "key", "key");
    const a: Record<string, unknown> = {
      tokenId: k.tokenId,
      appId: new Code("app.id"),
      name: k.name,
      ipAllowlistMode: k.ipAllowlistMode,
    };
    if (k.ipAllowlist.length > 0) a.ipAllowlist = k.ipAllowlist;
    out.push(resource(n.ident, "ApiKey", `${names.slug}-key-${n.slug}`, a));
  }
  const segments = [...app.segments].sort(byNameThenId);
  if (segments.length > 0) out.push(comment("Segments."));
  for (const s of segments) {
    const n = scope.take(s.name, "segment", "segment");
    const a: Record<string, unknown> = {
      adoptExistingId: s.id,
      appId: new Code("app.id"),
      apiKey: new Code("appApiKey"),
      name: s.name,
    };
    if (s.description) a.description = s.description;
    a.filters = s.filters;
    if (s.extraFilterFields) a.extraFilterFields = s.extraFilterFields;
    out.push(resource(n.ident, "Segment", `${names.slug}-segment-${n.slug}`, a));
  }
  const templates = [...app.templates].sort((a, b) =>
    a.channel === b.channel ? byNameThenId(a, b) : a.channel < b.channel ? -1 : 1,
  );
  if (templates.length > 0) out.push(comment("Templates."));
  for (const t of templates) {
    const n = scope.take(t.name, "template", "template");
    if (t.notes.length > 0) out.push(comment(t.notes.join("\n")));
    const a: Record<string, unknown> = {
      adoptExistingId: t.id,
      appId: new Code("app.id"),
      apiKey: new Code("appApiKey"),
      name: t.name,
      channel: t.channel,
      ...t.content,
    };
    out.push(resource(n.ident, "Template", `${names.slug}-template-${n.slug}`, a));
  }
  return `${out.join("").trimEnd()}\n`;
}

/** Every file of the generated project. */
export function renderProject(org: OrganizationSnapshot, opts: RenderOptions): ProjectFiles {
  const files: ProjectFiles = {};
  const scope = new NameScope(["index"]);
  const config: ConfigEntry[] = [];
  const apps = [...org.apps].sort(byNameThenId);
  const imports: { ident: string; slug: string; app: AppSnapshot }[] = [];
  for (const app of apps) {
    const n = scope.take(app.name, "app");
    const names: AppNames = {
      slug: n.slug,
      ident: n.ident,
      configKey: (suffix) => `${n.ident}${suffix}`,
    };
    files[`apps/${n.slug}.ts`] = renderApp(app, names, config);
    imports.push({ ident: n.ident, slug: n.slug, app });
  }
  files["index.ts"] =
    comment(
      `Generated by \`pulumi-onesignal import\` from organization ${org.organizationId}: one module per app ` +
        "under apps/. Read README.md before the first `pulumi up`.",
    ) +
    imports.map((i) => `import * as ${i.ident} from ${JSON.stringify(`./apps/${i.slug}`)};\n`).join("") +
    "\n" +
    comment("The app ids, as stack outputs.") +
    `export const appIds = ${literal(Object.fromEntries(imports.map((i) => [i.ident, new Code(`${i.ident}.app.id`)])))};\n`;
  files["Pulumi.yaml"] =
    `name: ${opts.projectName}\nruntime: nodejs\n` +
    `description: OneSignal organization ${org.organizationId}, generated by pulumi-onesignal import.\n`;
  files["package.json"] =
    JSON.stringify(
      {
        name: opts.projectName,
        private: true,
        main: "index.ts",
        dependencies: { "@pulumi/pulumi": opts.pulumiVersion, "pulumi-onesignal": opts.packageVersion },
        devDependencies: { "@types/node": "^22", typescript: "~5.9.3" },
      },
      null,
      2,
    ) + "\n";
  // Laid out as prettier lays it out (JSON.stringify would break the one-element array).
  files["tsconfig.json"] = [
    "{",
    '  "compilerOptions": {',
    '    "strict": true,',
    '    "target": "ES2022",',
    '    "module": "commonjs",',
    '    "moduleResolution": "node",',
    '    "esModuleInterop": true,',
    '    "skipLibCheck": true,',
    '    "forceConsistentCasingInFileNames": true',
    "  },",
    '  "files": ["index.ts"]',
    "}",
    "",
  ].join("\n");
  files["README.md"] = readme(org, imports, config);
  return files;
}

function readme(
  org: OrganizationSnapshot,
  apps: { ident: string; slug: string; app: AppSnapshot }[],
  config: ConfigEntry[],
): string {
  const lines: string[] = [
    "# OneSignal organization, as code",
    "",
    `Generated by \`pulumi-onesignal import\` from organization \`${org.organizationId}\`: one module per app`,
    "under `apps/`, every object adopted by its id (`adoptExistingId`, `tokenId` for API keys), so the",
    "first `pulumi up` takes the existing objects over and creates nothing in OneSignal.",
    "",
    "## Before the first `pulumi up`",
    "",
    "```sh",
    "npm install",
    "pulumi stack init <stack>",
    "pulumi config set onesignal:organizationId " + org.organizationId,
    "pulumi config set --secret onesignal:organizationApiKey <organization API key>",
  ];
  for (const c of config.filter((c) => c.required)) {
    lines.push(`# ${c.why}`, `pulumi config set --secret ${c.key} <app API key>`);
  }
  lines.push("pulumi preview   # adopts every object: creates in the stack, no update, no delete", "```", "");
  const optional = config.filter((c) => !c.required);
  if (optional.length > 0) {
    lines.push(
      "## Credentials OneSignal does not return",
      "",
      "Set these (as secrets) to manage the settings that go with them; until then OneSignal keeps what it has:",
      "",
    );
    for (const c of optional) lines.push(`- \`${c.key}\`: ${c.why}`);
    lines.push("");
  }
  const notes = [...org.notes, ...apps.flatMap((a) => a.app.notes.map((n) => `${a.app.name}: ${n}`))];
  lines.push("## Not carried over", "");
  if (notes.length === 0) lines.push("Nothing: every object and readable setting is in the program.");
  for (const n of notes) lines.push(`- ${n}`);
  lines.push("");
  return lines.join("\n");
}
