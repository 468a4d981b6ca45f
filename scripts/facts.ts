/**
 * Generates spec/onesignal-openapi-facts.json, the facts-only extract of OneSignal's OpenAPI
 * description that the contract tests read, from ../shared/onesignal/openapi.yaml (5.12, the spec the
 * official SDKs are built from), and spec/onesignal-docs-facts.json from
 * ../shared/onesignal/docs-openapi-v11.6.json (11.6, the one embedded in OneSignal's current API
 * reference), limited to the operations this project calls. The full specs may
 * not be copied into the repository; ../shared/onesignal/README.md allows an extract our own script
 * generates with paths, methods, parameters, status codes, schema types, enums and limits, and no
 * descriptions or examples. That is what a clone without ../shared needs to run its contract tests.
 *
 * Every member is either kept (a fact a test reads or ajv validates with) or dropped by name (prose,
 * examples, serialization hints no test uses); an unknown member stops the script, so a new spec
 * version cannot lose a validation keyword silently. Object keys are sorted, so the file depends on
 * the spec's content, not on its order. tests/contract/facts.test.ts fails when the committed file is
 * not what this script generates. The file is left out of Prettier (.prettierignore): its layout is
 * the script's, byte for byte.
 *
 *   npm run facts            write both extracts
 *   npm run facts -- --check exit 1 when a committed extract differs from what would be generated
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { findRepoRoot } from "./lib/root";

/** Where the extract lives, relative to the repository root. */
export const FACTS_FILE = "spec/onesignal-openapi-facts.json";
/** Where the full spec lives, relative to the repository root (outside it). */
export const SPEC_SOURCE = "../shared/onesignal/openapi.yaml";

/** Where the docs extract lives, relative to the repository root. */
export const DOCS_FACTS_FILE = "spec/onesignal-docs-facts.json";
/** The OpenAPI description of OneSignal's current API reference (documentation.onesignal.com). */
export const DOCS_SPEC_SOURCE = "../shared/onesignal/docs-openapi-v11.6.json";

/**
 * The docs spec's operations this project calls (by the docs' `operationId`): apps, API keys,
 * segments, templates and create message (one operation per channel in the docs). The docs extract
 * keeps these and the component schemas they reference, nothing else.
 */
export const DOCS_OPERATIONS = [
  "view-apps",
  "create-an-app",
  "view-an-app",
  "update-an-app",
  "view-api-keys",
  "create-api-key",
  "update-api-key",
  "delete-api-key",
  "rotate-api-key",
  "view-segments",
  "create-segments",
  "view-segment",
  "update-segment",
  "delete-segments",
  "view-templates",
  "create-template",
  "view-template",
  "update-template",
  "delete-template",
  "copy-template-to-another-app",
  "push-notification",
  "email",
  "sms",
] as const;

type Json = any;

/** A member's fate: copied as is, converted by a function, or dropped. */
type Rule = "keep" | "drop" | ((value: Json, at: string) => Json);

const SCHEMA_PROSE = ["description", "example", "examples", "title", "externalDocs", "xml", "deprecated"];

const schemaRules: Record<string, Rule> = {
  ...Object.fromEntries(
    [
      "type",
      "required",
      "enum",
      "const",
      "$ref",
      "nullable",
      "readOnly",
      "writeOnly",
      "format",
      "default",
      "minimum",
      "maximum",
      "exclusiveMinimum",
      "exclusiveMaximum",
      "multipleOf",
      "minLength",
      "maxLength",
      "pattern",
      "minItems",
      "maxItems",
      "uniqueItems",
      "minProperties",
      "maxProperties",
    ].map((k) => [k, "keep" as Rule]),
  ),
  ...Object.fromEntries(SCHEMA_PROSE.map((k) => [k, "drop" as Rule])),
  properties: (v, at) => mapValues(v, at, schema),
  items: (v, at) => schema(v, at),
  not: (v, at) => schema(v, at),
  additionalProperties: (v, at) => (typeof v === "boolean" ? v : schema(v, at)),
  allOf: (v: Json[], at) => v.map((s, i) => schema(s, `${at}/${i}`)),
  anyOf: (v: Json[], at) => v.map((s, i) => schema(s, `${at}/${i}`)),
  oneOf: (v: Json[], at) => v.map((s, i) => schema(s, `${at}/${i}`)),
};

const mediaTypeRules: Record<string, Rule> = {
  schema: (v, at) => schema(v, at),
  example: "drop",
  examples: "drop",
};
const contentRule: Rule = (v, at) => mapValues(v, at, (mt, a) => pick(mt, a, mediaTypeRules));

const parameterRules: Record<string, Rule> = {
  $ref: "keep",
  name: "keep",
  in: "keep",
  required: "keep",
  schema: (v, at) => schema(v, at),
  // Serialization hints: OneSignal's are the defaults for their `in`, and no test reads them.
  style: "drop",
  explode: "drop",
  description: "drop",
  example: "drop",
  examples: "drop",
  deprecated: "drop",
};
const parametersRule: Rule = (v: Json[], at) => v.map((p, i) => pick(p, `${at}/${i}`, parameterRules));

const requestBodyRules: Record<string, Rule> = {
  $ref: "keep",
  required: "keep",
  content: contentRule,
  description: "drop",
};
const headerRules: Record<string, Rule> = {
  required: "keep",
  schema: (v, at) => schema(v, at),
  description: "drop",
};
const responseRules: Record<string, Rule> = {
  $ref: "keep",
  content: contentRule,
  // The docs spec declares `Retry-After` on 429 and 503 answers.
  headers: (v, at) => mapValues(v, at, (h, a) => pick(h, a, headerRules)),
  description: "drop",
};

const operationRules: Record<string, Rule> = {
  operationId: "keep",
  parameters: parametersRule,
  requestBody: (v, at) => pick(v, at, requestBodyRules),
  responses: (v, at) => mapValues(v, at, (r, a) => pick(r, a, responseRules)),
  // Which key an operation takes is settled by OneSignal's docs and the official SDKs (`Key <token>`),
  // not by the spec (it says `bearer`).
  security: "drop",
  summary: "drop",
  description: "drop",
  tags: "drop",
  externalDocs: "drop",
  deprecated: "drop",
};
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const pathItemRules: Record<string, Rule> = {
  ...Object.fromEntries(METHODS.map((m) => [m, ((v, at) => pick(v, at, operationRules)) as Rule])),
  parameters: parametersRule,
  summary: "drop",
  description: "drop",
};

const securitySchemeRules: Record<string, Rule> = {
  type: "keep",
  scheme: "keep",
  in: "keep",
  name: "keep",
  bearerFormat: "keep",
  description: "drop",
};
const componentsRules: Record<string, Rule> = {
  schemas: (v, at) => mapValues(v, at, schema),
  requestBodies: (v, at) => mapValues(v, at, (b, a) => pick(b, a, requestBodyRules)),
  responses: (v, at) => mapValues(v, at, (r, a) => pick(r, a, responseRules)),
  parameters: (v, at) => mapValues(v, at, (p, a) => pick(p, a, parameterRules)),
  securitySchemes: (v, at) => mapValues(v, at, (s, a) => pick(s, a, securitySchemeRules)),
};

/** Applies `rules` to the members of `node`, in sorted key order; `x-` extensions are dropped. */
function pick(node: Json, at: string, rules: Record<string, Rule>): Json {
  if (typeof node !== "object" || node === null || Array.isArray(node))
    throw new Error(`${at}: expected an object, found ${JSON.stringify(node)}`);
  const out: Json = {};
  for (const key of Object.keys(node).sort()) {
    const rule = Object.hasOwn(rules, key) ? rules[key]! : key.startsWith("x-") ? "drop" : undefined;
    if (rule === undefined)
      throw new Error(`${at}: member \`${key}\` is not known to scripts/facts.ts: keep it or drop it there`);
    if (rule === "drop") continue;
    out[key] = rule === "keep" ? node[key] : rule(node[key], `${at}/${key}`);
  }
  return out;
}

/** A map whose keys are names (paths, statuses, property or component names), sorted. */
function mapValues(node: Json, at: string, each: (value: Json, at: string) => Json): Json {
  const out: Json = {};
  for (const key of Object.keys(node).sort()) out[key] = each(node[key], `${at}/${key}`);
  return out;
}

function schema(node: Json, at: string): Json {
  return pick(node, at, schemaRules);
}

/** The facts of a parsed spec (paths, components), in the key order the extracts use. */
function factsOf(spec: Json): Json {
  return pick(spec, "#", {
    openapi: "keep",
    info: (v, at) =>
      pick(v, at, {
        version: "keep",
        title: "drop",
        description: "drop",
        contact: "drop",
        termsOfService: "drop",
        license: "drop",
      }),
    paths: (v, at) => mapValues(v, at, (item, a) => pick(item, a, pathItemRules)),
    components: (v, at) => pick(v, at, componentsRules),
    servers: "drop",
    tags: "drop",
    externalDocs: "drop",
    security: "drop",
  });
}

const CONTENTS =
  "facts only (../shared/onesignal/README.md): paths, methods, operationIds, parameters, request and response schemas by status, component schemas (types, enums, limits, formats, defaults) and security scheme types; no descriptions, examples, summaries or titles";

/** The extract of a parsed spec; `sourceText` is the file it was parsed from (for its digest). */
export function extractFacts(spec: Json, sourceText: string): Json {
  const top = factsOf(spec);
  return {
    "x-facts": {
      generatedBy: "scripts/facts.ts (npm run facts); do not edit by hand",
      source: `${SPEC_SOURCE}: OneSignal's OpenAPI description, from api/openapi.yaml of OneSignal's Go client (MIT licence, Copyright 2022 OneSignal)`,
      sourceSha256: createHash("sha256").update(sourceText).digest("hex"),
      sourceVersion: spec.info?.version,
      contents: CONTENTS,
    },
    openapi: top.openapi,
    info: top.info,
    paths: top.paths,
    components: top.components,
  };
}

/** The `#/components/schemas/<name>` names `node` references, directly or through those schemas. */
function referencedSchemas(node: Json, schemas: Json, found = new Set<string>()): Set<string> {
  if (typeof node !== "object" || node === null) return found;
  if (typeof node.$ref === "string") {
    const m = /^#\/components\/schemas\/(.+)$/.exec(node.$ref);
    if (!m) throw new Error(`unsupported $ref ${node.$ref}: scripts/facts.ts follows component schemas only`);
    if (!found.has(m[1]!)) {
      if (!schemas?.[m[1]!]) throw new Error(`$ref ${node.$ref} names no component schema`);
      found.add(m[1]!);
      referencedSchemas(schemas[m[1]!], schemas, found);
    }
  }
  for (const v of Object.values(node)) referencedSchemas(v, schemas, found);
  return found;
}

/**
 * The docs extract: only the operations in `operations` (by operationId), under their path items,
 * and only the component schemas they reference. Every operation must be found once: a renamed
 * operationId stops the script instead of silently thinning the extract.
 */
export function extractDocsFacts(
  spec: Json,
  sourceText: string,
  operations: readonly string[] = DOCS_OPERATIONS,
): Json {
  const paths: Json = {};
  const seen = new Map<string, string>();
  for (const [p, item] of Object.entries<Json>(spec.paths ?? {})) {
    for (const m of METHODS) {
      const id = item?.[m]?.operationId;
      if (typeof id !== "string" || !operations.includes(id)) continue;
      if (seen.has(id)) throw new Error(`operationId ${id} appears twice (${seen.get(id)}, ${m} ${p})`);
      seen.set(id, `${m} ${p}`);
      (paths[p] ??= {})[m] = item[m];
    }
  }
  const missing = operations.filter((id) => !seen.has(id));
  if (missing.length > 0) throw new Error(`the docs spec has no operation ${missing.join(", ")}`);
  const top = factsOf({ ...spec, paths, components: { ...spec.components, schemas: {} } });
  const all = factsOf({ ...spec, paths: {} }).components.schemas ?? {};
  const used = [...referencedSchemas(top.paths, all)].sort();
  return {
    "x-facts": {
      generatedBy: "scripts/facts.ts (npm run facts); do not edit by hand",
      source: `${DOCS_SPEC_SOURCE}: the OpenAPI description embedded in OneSignal's API reference (documentation.onesignal.com), as collected in the api-evangelist/onesignal profile`,
      sourceSha256: createHash("sha256").update(sourceText).digest("hex"),
      sourceVersion: spec.info?.version,
      operations: [...operations],
      contents: `${CONTENTS}; only the operations listed here and the component schemas they reference`,
    },
    openapi: top.openapi,
    info: top.info,
    paths: top.paths,
    components: { ...top.components, schemas: Object.fromEntries(used.map((n) => [n, all[n]])) },
  };
}

/** The extract's text for the YAML 1.2 spec in `sourceText` (the `yaml` package's default). */
export function renderFacts(sourceText: string): string {
  return `${JSON.stringify(extractFacts(parse(sourceText), sourceText), null, 2)}\n`;
}

/** The docs extract's text for the JSON docs spec in `sourceText`. */
export function renderDocsFacts(sourceText: string): string {
  return `${JSON.stringify(extractDocsFacts(JSON.parse(sourceText), sourceText), null, 2)}\n`;
}

/** Each extract: its file, its source, and how to render it. */
export const EXTRACTS = [
  { file: FACTS_FILE, source: SPEC_SOURCE, render: renderFacts },
  { file: DOCS_FACTS_FILE, source: DOCS_SPEC_SOURCE, render: renderDocsFacts },
] as const;

function main(): void {
  const root = findRepoRoot(__dirname);
  const check = process.argv.includes("--check");
  let stale = false;
  for (const { file: rel, source: src, render } of EXTRACTS) {
    const source = path.resolve(root, src);
    if (!fs.existsSync(source)) {
      console.error(`${source} is absent: the extract can only be generated next to ../shared`);
      process.exit(2);
    }
    const file = path.join(root, rel);
    const text = render(fs.readFileSync(source, "utf8"));
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (current === text) continue;
    if (check) {
      console.error(`stale (run npm run facts): ${rel}`);
      stale = true;
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${rel} (${text.length} bytes)`);
  }
  if (stale) process.exit(1);
}

if (require.main === module) main();
