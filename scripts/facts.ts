/**
 * Generates spec/onesignal-openapi-facts.json, the facts-only extract of OneSignal's OpenAPI
 * description that the contract tests read, from ../shared/onesignal/openapi.yaml. The full spec may
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
 *   npm run facts            write spec/onesignal-openapi-facts.json
 *   npm run facts -- --check exit 1 when the committed file differs from what would be generated
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
const responseRules: Record<string, Rule> = {
  $ref: "keep",
  content: contentRule,
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

/** The extract of a parsed spec; `sourceText` is the file it was parsed from (for its digest). */
export function extractFacts(spec: Json, sourceText: string): Json {
  const top = pick(spec, "#", {
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
  return {
    "x-facts": {
      generatedBy: "scripts/facts.ts (npm run facts); do not edit by hand",
      source: `${SPEC_SOURCE}: OneSignal's OpenAPI description, from api/openapi.yaml of OneSignal's Go client (MIT licence, Copyright 2022 OneSignal)`,
      sourceSha256: createHash("sha256").update(sourceText).digest("hex"),
      sourceVersion: spec.info?.version,
      contents:
        "facts only (../shared/onesignal/README.md): paths, methods, operationIds, parameters, request and response schemas by status, component schemas (types, enums, limits, formats, defaults) and security scheme types; no descriptions, examples, summaries or titles",
    },
    openapi: top.openapi,
    info: top.info,
    paths: top.paths,
    components: top.components,
  };
}

/** The extract's text for the YAML 1.2 spec in `sourceText` (the `yaml` package's default). */
export function renderFacts(sourceText: string): string {
  return `${JSON.stringify(extractFacts(parse(sourceText), sourceText), null, 2)}\n`;
}

function main(): void {
  const root = findRepoRoot(__dirname);
  const check = process.argv.includes("--check");
  const source = path.resolve(root, SPEC_SOURCE);
  if (!fs.existsSync(source)) {
    console.error(`${source} is absent: the extract can only be generated next to ../shared`);
    process.exit(2);
  }
  const file = path.join(root, FACTS_FILE);
  const text = renderFacts(fs.readFileSync(source, "utf8"));
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (current === text) return;
  if (check) {
    console.error(`stale (run npm run facts): ${FACTS_FILE}`);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${FACTS_FILE} (${text.length} bytes)`);
}

if (require.main === module) main();
