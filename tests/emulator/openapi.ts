/**
 * A small OpenAPI 3.0 → JSON Schema (draft-07) converter for validating emulator responses against
 * OneSignal's spec with ajv. The spec is read from the repository's facts-only extract,
 * spec/onesignal-openapi-facts.json (scripts/facts.ts, `npm run facts`), so a clone without
 * ../shared runs the contract tests; `ONESIGNAL_OPENAPI=<openapi.yaml>` validates against another
 * spec file instead, passed through the same extraction so the tests see the same shape. We wrote our own (≈80 lines) rather than pull a package: the spec uses
 * only `nullable`, `$ref` to components, `readOnly`/`writeOnly`, `oneOf`, and annotation keywords.
 *
 * Conversion rules:
 * - `nullable: true` → the type also admits `null` (and `null` joins any `enum`);
 * - `$ref: '#/components/schemas/X'` → `$ref: '#/definitions/X'`;
 * - annotation-only keys (`example`, `description`, `xml`, `externalDocs`, `discriminator`,
 *   `deprecated`) are dropped so ajv can run strict about everything else;
 * - for responses, a `writeOnly` property must not appear (schema `false`) — stricter than ajv,
 *   which treats `writeOnly` as an annotation.
 *
 * Anything the emulator does differently from the spec must be a named entry of
 * {@link SPEC_EXCEPTIONS}, also listed in emulator/README.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { extractFacts, FACTS_FILE } from "../../scripts/facts";

export const repoRoot = path.resolve(__dirname, "../..");
export const openapiPath = process.env.ONESIGNAL_OPENAPI ?? path.join(repoRoot, FACTS_FILE);

type Json = any;

/**
 * Named, documented divergences (emulator/README.md "Divergences from the spec"). Each one patches a
 * copy of the spec's component schemas; a validation call opts in to the exceptions it needs by name.
 */
export const SPEC_EXCEPTIONS = {
  /** OneSignal's docs (update_template): SMS is uppercase on reads; the 5.12 spec's enum says `sms`. */
  "template-channel-SMS": (components: Json) => {
    components.TemplateResource.properties.channel.enum.push("SMS");
  },
  /** The 5.12 spec marks `App.organization_id` writeOnly; every docs example returns it. */
  "app-organization_id-readable": (components: Json) => {
    delete components.App.properties.organization_id.writeOnly;
  },
  /**
   * A spec defect, not an emulator choice: `FilterExpression` is `oneOf: [Filter, Operator]`, but
   * neither branch has required members or `additionalProperties: false`, so every object matches
   * both and `oneOf` can never pass. We validate it as `anyOf`.
   */
  /**
   * OneSignal's docs (view-segments, delete-segments, view-templates…): segment and template 429s
   * carry `{"errors": [{"code", "title", "meta"}]}`; the 5.12 spec's `RateLimitError` has strings only.
   */
  "rate-limit-structured": (components: Json) => {
    components.RateLimitError.properties.errors.items = {
      anyOf: [
        { type: "string" },
        {
          type: "object",
          properties: { code: { type: "string" }, title: { type: "string" }, meta: { type: "object" } },
        },
      ],
    };
  },
  "filter-expression-anyOf": (components: Json) => {
    components.FilterExpression.anyOf = components.FilterExpression.oneOf;
    delete components.FilterExpression.oneOf;
  },
} as const;

export type SpecException = keyof typeof SPEC_EXCEPTIONS;

/**
 * Status-code divergences: the emulator answers `actual` where the 5.12 spec declares `declared` for the
 * operation; the body is validated against the declared status's schema.
 */
export const STATUS_EXCEPTIONS: Record<string, { actual: number; declared: number; name: string }> = {
  /** get_segments: the 5.12 spec says 201 for a GET; OneSignal's docs examples and reality 200. */
  "GET /apps/{app_id}/segments": { actual: 200, declared: 201, name: "segment-list-200" },
};

const ANNOTATIONS = new Set([
  "example",
  "examples",
  "description",
  "xml",
  "externalDocs",
  "discriminator",
  "deprecated",
  "title",
]);

export function convert(node: Json, forResponse: boolean): Json {
  if (Array.isArray(node)) return node.map((n) => convert(n, forResponse));
  if (typeof node !== "object" || node === null) return node;
  if (typeof node.$ref === "string")
    return { $ref: node.$ref.replace("#/components/schemas/", "#/definitions/") };
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (ANNOTATIONS.has(k) || k === "nullable") continue;
    if (k === "properties") {
      out.properties = {};
      for (const [pk, pv] of Object.entries(v as Json)) {
        out.properties[pk] =
          forResponse && (pv as Json).writeOnly === true ? false : convert(pv, forResponse);
      }
      continue;
    }
    out[k] = convert(v, forResponse);
  }
  if (node.nullable === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

let specCache: Json | undefined;
export function loadSpec(): Json {
  if (specCache) return specCache;
  const text = fs.readFileSync(openapiPath, "utf8");
  specCache = process.env.ONESIGNAL_OPENAPI ? extractFacts(parse(text), text) : JSON.parse(text);
  return specCache;
}

const validators = new Map<string, ValidateFunction>();

/** Finds the JSON response schema the 5.12 spec declares for `method template` and `status` (or `default`). */
export function responseSchema(
  method: string,
  template: string,
  status: number,
): { schema: Json; declared: string } {
  const op = loadSpec().paths?.[template]?.[method.toLowerCase()];
  if (!op) throw new Error(`the 5.12 spec has no operation ${method} ${template}`);
  const key = String(status) in op.responses ? String(status) : "default";
  const schema = op.responses[key]?.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`the 5.12 spec has no JSON schema for ${method} ${template} ${key}`);
  return { schema, declared: key };
}

/**
 * Validates a response body; returns ajv's errors (empty when valid). `exceptions` names the
 * divergences that apply; the FilterExpression defect is always applied.
 */
export function validateResponse(
  method: string,
  template: string,
  status: number,
  body: unknown,
  exceptions: SpecException[] = [],
): { errors: string[]; declared: string } {
  const { schema, declared } = responseSchema(method, template, status);
  const names = [...new Set<SpecException>(["filter-expression-anyOf", ...exceptions])].sort();
  const cacheKey = `${method} ${template} ${declared} ${names.join(",")}`;
  let validate = validators.get(cacheKey);
  if (!validate) {
    const components = structuredClone(loadSpec().components.schemas);
    for (const n of names) SPEC_EXCEPTIONS[n](components);
    const definitions: Json = {};
    for (const [name, s] of Object.entries(components)) definitions[name] = convert(s, true);
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
    addFormats(ajv);
    validate = ajv.compile({ ...convert(schema, true), definitions });
    validators.set(cacheKey, validate);
  }
  const ok = validate(body);
  return {
    errors: ok
      ? []
      : (validate.errors ?? []).map(
          (e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
        ),
    declared,
  };
}
