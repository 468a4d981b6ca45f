/**
 * Contract: every request and response example that OneSignal's current API reference gives for the
 * operations this project calls goes through the client's own schemas and comes out whole.
 *
 * - Requests go through the outbound schemas (camelCase input → validation → wire body) and every
 *   member of the example must come back in the wire body with its value.
 * - 2xx responses go through the inbound schemas and every non-null member must reach the parsed
 *   result (under its camelCase name) with its value.
 * - Error responses go through the client's error-body reader: every message in the body must reach
 *   the error the user sees.
 *
 * The examples are OneSignal's (`example`, `examples` and, where a body has none, the sample the
 * reference page renders from its fields' `example`s and `default`s). They are reference data that
 * may not be committed (../shared/onesignal/README.md), so they are read from
 * ../shared/onesignal/docs-openapi-v11.6.json: without it every test here is a visible skip, and
 * under CI (`CI=true`), where ../shared is checked out, its absence fails.
 *
 * Anything that does not come through is either a placeholder of the docs (PLACEHOLDERS, for good,
 * with the reason) or a gap another change is closing (AWAITING, emptied as those land). Both maps
 * must match exactly: an entry that no longer fails fails the test, so neither map goes stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { DOCS_OPERATIONS, DOCS_SPEC_SOURCE } from "../../scripts/facts";
import { findRepoRoot } from "../../scripts/lib/root";
import {
  API_KEY_FIELDS,
  APP_FIELDS,
  apiKeyCreateInputSchema,
  apiKeyInputToWire,
  apiKeyListSchema,
  apiKeySecretWireSchema,
  apiKeyUpdateInputSchema,
  appCreateInputSchema,
  appInputToWire,
  appListSchema,
  appSchema,
  appUpdateInputSchema,
  errorMessages,
  formatIssues,
  NOTIFICATION_FIELDS,
  notificationCreateInputSchema,
  notificationCreateResponseSchema,
  notificationInputToWire,
  SEGMENT_FIELDS,
  segmentCreateInputSchema,
  segmentDetailSchema,
  segmentInputToWire,
  segmentPageSchema,
  segmentUpdateInputSchema,
  segmentWriteResponseSchema,
  TEMPLATE_CONTENT_FIELDS,
  templateCopyInputSchema,
  templateCopyResponseSchema,
  templateCreateInputSchema,
  templateInputToWire,
  templatePageSchema,
  templateSchema,
  templateUpdateInputSchema,
  type FieldTable,
} from "../../provider/schemas";

type Json = any;
type DocsOperation = (typeof DOCS_OPERATIONS)[number];

const root = findRepoRoot(__dirname);
const docsPath = path.resolve(root, DOCS_SPEC_SOURCE);
const docsPresent = fs.existsSync(docsPath);
const underCi = process.env.CI === "true";

// ---------------------------------------------------------------------------------------------
// Named exceptions
// ---------------------------------------------------------------------------------------------

/** A filter of the docs' own (view-segment, "With Details (simple)"). */
const DOCS_FILTER = [{ field: "session_count", relation: ">", value: "5" }];
const OPERATOR_ONLY =
  "the page renders a filter list from the only oneOf branch with a default, a lone `{operator: AND}`, which the docs themselves forbid as the first entry; the docs' own filter from view-segment stands in";
const ORG_ID = "YOUR_ORG_ID is the page's placeholder for the organization's UUID";
const SITE_ORIGINS =
  "the sample shows site_name (it has a default) without the origins the docs require with it in one request (create-an-app, web push settings); the page gives the origins no example";
const placeholderOrigins = {
  "/organization_id": { use: "a3b1c2d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", why: ORG_ID },
  "/chrome_web_origin": { use: "https://example.com", why: SITE_ORIGINS },
  "/safari_site_origin": { use: "https://example.com", why: SITE_ORIGINS },
};

const TEMPLATE_CONTENTS =
  "the sample leaves out contents, which has no example on the page; a push template needs English contents";

/**
 * The docs' rendered placeholders and partial samples: example id → JSON pointer → the value used
 * instead (or added), and why that is the docs' sample and not a client defect. Ids are
 * `<operationId> request #<n>` or `<operationId> <status> <media type> <example name>`.
 */
const PLACEHOLDERS: Record<string, Record<string, { use: unknown; why: string }>> = {
  "create-an-app request #1": placeholderOrigins,
  "update-an-app request #1": placeholderOrigins,
  "create-segments request #1": { "/filters": { use: DOCS_FILTER, why: OPERATOR_ONLY } },
  "update-segment request #1": { "/filters": { use: DOCS_FILTER, why: OPERATOR_ONLY } },
  "push-notification request #1": { "/filters": { use: DOCS_FILTER, why: OPERATOR_ONLY } },
  "email request #1": {
    "/filters": { use: DOCS_FILTER, why: OPERATOR_ONLY },
    "/email_body": {
      use: "<p>body</p>",
      why: "the sample leaves out email_body, which has no example on the page; an email needs a body unless a template gives it",
    },
  },
  "create-template request #1": { "/contents": { use: { en: "body" }, why: TEMPLATE_CONTENTS } },
  "update-template request #1": { "/contents": { use: { en: "body" }, why: TEMPLATE_CONTENTS } },
  "sms request #1": {
    "/filters": { use: DOCS_FILTER, why: OPERATOR_ONLY },
    "/contents": {
      use: { en: "body" },
      why: "the sample leaves out contents, which the page marks required for SMS but gives no example",
    },
  },
};

/**
 * Problems that are right as they are: example id → problem → why the client does not (and should
 * not) take the example as it stands.
 */
const NOT_APPLICABLE: Record<string, Record<string, string>> = {
  "view-segment 200 application/json Basic": {
    "rejected payload: Invalid input: expected object, received undefined":
      "the answer without include-segment-detail=true, which the client always sends (view-segment)",
  },
  "push-notification request #1": Object.fromEntries(
    ["huawei_category", "huawei_msg_type", "ios_badgeType", "ios_interruption_level"].map((k) => [
      `not modelled: ${k}`,
      "create message models only what the project sends to exercise templates and segments; its strict schema reports other members instead of dropping them (provider/schemas/notification.ts)",
    ]),
  ),
};

/**
 * Gaps other changes of the same issue close (client or schema fixes in progress): example id →
 * problem → what is missing. Empty this map as those changes land.
 */
const AWAITING: Record<string, Record<string, string>> = {};

/**
 * 2xx answers the client reads by status alone (it parses no body), per operationId: nothing in
 * their body can be lost.
 */
const STATUS_ONLY: Partial<Record<DocsOperation, string>> = {
  "update-api-key": "update_api_key: the client re-reads the key after a 200; the body is `{}`",
  "delete-api-key": "delete_api_key: a 200 is the whole answer; the body is `{}`",
  "delete-template": "delete_template: a 200 is the whole answer",
};

// ---------------------------------------------------------------------------------------------
// How the client writes each request body and reads each 2xx body
// ---------------------------------------------------------------------------------------------

interface Writer {
  /** Wire name → camelCase input name. */
  table: FieldTable;
  schema: z.ZodType;
  /** The wire body the client sends for the validated input; `appId` is the example's `app_id`. */
  toWire: (input: Json, appId: string | undefined) => Record<string, unknown>;
  /** Members that travel outside the input object (the app id comes with the app key). */
  outside?: readonly string[];
}

const templateWriter = (schema: z.ZodType, withAppId: boolean): Writer => ({
  // `name` is a top-level input of its own (provider/schemas/template.ts), not a content member.
  table: { name: { wire: "name", schema: z.string() }, ...TEMPLATE_CONTENT_FIELDS },
  schema,
  toWire: (v, appId) => templateInputToWire(v, withAppId ? appId : undefined),
  outside: ["app_id"],
});
const notificationWriter: Writer = {
  table: NOTIFICATION_FIELDS,
  schema: notificationCreateInputSchema,
  toWire: (v, appId) => notificationInputToWire(v, appId ?? ""),
  outside: ["app_id"],
};

const WRITERS: Partial<Record<DocsOperation, Writer>> = {
  "create-an-app": { table: APP_FIELDS, schema: appCreateInputSchema, toWire: (v) => appInputToWire(v) },
  "update-an-app": { table: APP_FIELDS, schema: appUpdateInputSchema, toWire: (v) => appInputToWire(v) },
  "create-api-key": {
    table: API_KEY_FIELDS,
    schema: apiKeyCreateInputSchema,
    toWire: (v) => apiKeyInputToWire(v),
  },
  "update-api-key": {
    table: API_KEY_FIELDS,
    schema: apiKeyUpdateInputSchema,
    toWire: (v) => apiKeyInputToWire(v),
  },
  "create-segments": {
    table: SEGMENT_FIELDS,
    schema: segmentCreateInputSchema,
    toWire: (v) => segmentInputToWire(v),
  },
  "update-segment": {
    table: SEGMENT_FIELDS,
    schema: segmentUpdateInputSchema,
    toWire: (v) => segmentInputToWire(v),
  },
  "create-template": templateWriter(templateCreateInputSchema, true),
  "update-template": templateWriter(templateUpdateInputSchema, false),
  "copy-template-to-another-app": {
    table: { targetAppId: { wire: "target_app_id", schema: z.string() } },
    schema: templateCopyInputSchema,
    toWire: (v) => ({ target_app_id: v.targetAppId }),
  },
  "push-notification": notificationWriter,
  email: notificationWriter,
  sms: notificationWriter,
};

/**
 * The inbound schema the client parses each 2xx body with, and where each part of the body lands
 * in the result: `[wire part, result part]` pairs compared member by member.
 */
interface Reader {
  schema: z.ZodType;
  align?: (wire: Json, out: Json) => [Json, Json][];
}

const READERS: Partial<Record<DocsOperation, Reader>> = {
  "view-apps": { schema: appListSchema },
  "create-an-app": { schema: appSchema },
  "view-an-app": { schema: appSchema },
  "update-an-app": { schema: appSchema },
  "view-api-keys": { schema: apiKeyListSchema, align: (w, o) => [[w.tokens, o]] },
  "create-api-key": { schema: apiKeySecretWireSchema },
  "rotate-api-key": { schema: apiKeySecretWireSchema },
  "view-segments": { schema: segmentPageSchema },
  "create-segments": { schema: segmentWriteResponseSchema },
  // The client always asks for `include-segment-detail=true`; the detail's payload is flattened.
  "view-segment": {
    schema: segmentDetailSchema,
    align: (w, o) => {
      const { payload, ...top } = w as Record<string, unknown>;
      return [
        [top, o],
        [payload, o],
      ];
    },
  },
  "update-segment": { schema: segmentWriteResponseSchema },
  "delete-segments": { schema: segmentWriteResponseSchema },
  "view-templates": { schema: templatePageSchema },
  "create-template": { schema: templateSchema },
  "view-template": { schema: templateSchema },
  "update-template": { schema: templateSchema },
  "copy-template-to-another-app": { schema: templateCopyResponseSchema },
  "push-notification": { schema: notificationCreateResponseSchema },
  email: { schema: notificationCreateResponseSchema },
  sms: { schema: notificationCreateResponseSchema },
};

// ---------------------------------------------------------------------------------------------
// Reading the examples
// ---------------------------------------------------------------------------------------------

interface Example {
  id: string;
  op: DocsOperation;
  /** `request`, or the response status. */
  where: string;
  mediaType: string;
  body: unknown;
}

const METHODS = ["get", "put", "post", "delete", "patch"];

/** The sample a reference page renders for a schema without a whole example: one per oneOf branch. */
function rendered(spec: Json, s: Json): unknown[] {
  if (s?.$ref) s = spec.components.schemas[String(s.$ref).split("/").pop()!];
  if (typeof s !== "object" || s === null) return [];
  if ("example" in s) return [s.example];
  if (Array.isArray(s.examples)) return s.examples;
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return alternatives.flatMap((b: Json) => rendered(spec, b));
  if (s.properties) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.properties)) {
      const r = rendered(spec, v);
      if (r.length > 0) o[k] = r[0];
    }
    return Object.keys(o).length > 0 ? [o] : [];
  }
  if (s.items) {
    const r = rendered(spec, s.items);
    return r.length > 0 ? [[r[0]]] : [];
  }
  return "default" in s ? [s.default] : [];
}

/** A media type's own examples, by name; none when it gives no `example`/`examples`. */
function given(media: Json): [string, unknown][] {
  if (media.example !== undefined) return [["example", media.example]];
  if (media.examples) return Object.entries<Json>(media.examples).map(([n, e]) => [n, e.value]);
  if (media.schema?.example !== undefined) return [["schema example", media.schema.example]];
  return [];
}

function collect(spec: Json): Example[] {
  const out: Example[] = [];
  for (const item of Object.values<Json>(spec.paths)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op || !(DOCS_OPERATIONS as readonly string[]).includes(op.operationId)) continue;
      const id = op.operationId as DocsOperation;
      for (const [mt, media] of Object.entries<Json>(op.requestBody?.content ?? {})) {
        const own = given(media);
        const bodies = own.length > 0 ? own : rendered(spec, media.schema).map((b, i) => [`#${i + 1}`, b]);
        for (const [name, body] of bodies)
          out.push({ id: `${id} request ${name}`, op: id, where: "request", mediaType: mt, body });
      }
      for (const [status, res] of Object.entries<Json>(op.responses ?? {})) {
        for (const [mt, media] of Object.entries<Json>(res.content ?? {})) {
          const own = given(media);
          const bodies =
            own.length > 0 ? own : rendered(spec, media.schema).map((b, i) => [`rendered #${i + 1}`, b]);
          for (const [name, body] of bodies)
            out.push({ id: `${id} ${status} ${mt} ${name}`, op: id, where: status, mediaType: mt, body });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comparing
// ---------------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const snakeToCamel = (k: string): string => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Wire name → camelCase, from every field table the client has, for nested reads. */
const CAMEL: Record<string, string> = {};
for (const table of [
  APP_FIELDS,
  API_KEY_FIELDS,
  SEGMENT_FIELDS,
  TEMPLATE_CONTENT_FIELDS,
  NOTIFICATION_FIELDS,
])
  for (const [camel, spec] of Object.entries<FieldTable[string]>(table))
    if (spec.wire !== undefined) CAMEL[spec.wire] = camel;

/** Equal, or the same instant (Unix seconds or ISO text, as the client normalises timestamps). */
function sameValue(wire: unknown, out: unknown): boolean {
  if (isDeepStrictEqual(wire, out)) return true;
  const instant = (v: unknown): number | undefined =>
    typeof v === "number" ? v * 1000 : typeof v === "string" && /^\d{4}-/.test(v) ? Date.parse(v) : undefined;
  const a = instant(wire);
  return a !== undefined && !Number.isNaN(a) && a === instant(out);
}

/** Members of `wire` (non-null) that `out` does not carry with the same value, as JSON pointers. */
function lost(wire: unknown, out: unknown, at = ""): string[] {
  if (wire === null || wire === undefined) return [];
  if (Array.isArray(wire)) {
    if (!Array.isArray(out)) return [`${at || "/"} (${JSON.stringify(wire)})`];
    return wire.flatMap((w, i) => lost(w, out[i], `${at}/${i}`));
  }
  if (isObject(wire)) {
    if (!isObject(out)) return [`${at || "/"} (${JSON.stringify(wire)})`];
    return Object.entries(wire).flatMap(([k, v]) => {
      const name = [CAMEL[k], snakeToCamel(k), k].find((n) => n !== undefined && n in out);
      if (v === null) return [];
      if (name === undefined) return [`${at}/${k} (${JSON.stringify(v)})`];
      return lost(v, out[name], `${at}/${k}`);
    });
  }
  return sameValue(wire, out) ? [] : [`${at || "/"} (${JSON.stringify(wire)} became ${JSON.stringify(out)})`];
}

/** What goes wrong when the client sends `body` through `writer`. */
function writeProblems(writer: Writer, body: unknown): string[] {
  if (!isObject(body)) return [`not an object: ${JSON.stringify(body)}`];
  const byWire = new Map(
    Object.entries(writer.table).flatMap(([camel, s]) => (s.wire ? [[s.wire, camel] as const] : [])),
  );
  const input: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [k, v] of Object.entries(body)) {
    if (writer.outside?.includes(k)) continue;
    const camel = byWire.get(k);
    if (camel === undefined) {
      problems.push(`not modelled: ${k}`);
      continue;
    }
    // Filter members are snake_case on the wire (`hours_ago`) and camelCase in the input.
    input[camel] =
      k === "filters" && Array.isArray(v)
        ? v.map((f) =>
            isObject(f) ? Object.fromEntries(Object.entries(f).map(([fk, fv]) => [snakeToCamel(fk), fv])) : f,
          )
        : v;
  }
  const r = writer.schema.safeParse(input);
  if (!r.success) {
    for (const i of formatIssues(r.error.issues))
      problems.push(`rejected ${i.path || "(body)"}: ${i.message}`);
    return problems;
  }
  const appId = typeof body.app_id === "string" ? body.app_id : undefined;
  const sent = writer.toWire(r.data, appId);
  const kept = Object.fromEntries(
    Object.entries(body).filter(([k]) => byWire.has(k) || writer.outside?.includes(k)),
  );
  for (const p of lost(kept, sent)) problems.push(`lost ${p}`);
  return problems;
}

/** What goes wrong when the client reads `body` as a 2xx answer of `op`. */
function readProblems(op: DocsOperation, body: unknown): string[] {
  const reader = READERS[op];
  if (!reader) return [`no reader for ${op}`];
  const r = reader.schema.safeParse(body);
  if (!r.success)
    return formatIssues(r.error.issues).map((i) => `rejected ${i.path || "(body)"}: ${i.message}`);
  const pairs = reader.align ? reader.align(body, r.data) : [[body, r.data] as [Json, Json]];
  return pairs.flatMap(([w, o]) => lost(w, o)).map((p) => `lost ${p}`);
}

/** Every message of an error body, and every string the body carries, must reach the error. */
function errorProblems(body: unknown): string[] {
  const messages = errorMessages(body).join("\n");
  const texts: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") texts.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) if (k !== "meta") visit(x);
  };
  if (typeof body === "string") {
    // An HTML page (create-template 422, text/plain): its <title> is what says what happened.
    const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
    texts.push(title ?? body.trim());
  } else visit(isObject(body) ? body.errors : body);
  return texts.filter((t) => !messages.includes(t)).map((t) => `message lost: ${JSON.stringify(t)}`);
}

/** `body` with the placeholder values of PLACEHOLDERS set at their (top-level) pointers. */
function substituted(id: string, body: unknown): unknown {
  const subs = PLACEHOLDERS[id];
  if (!subs || !isObject(body)) return body;
  const out: Record<string, unknown> = { ...body };
  for (const [pointer, { use }] of Object.entries(subs)) out[pointer.slice(1)] = use;
  return out;
}

function problemsOf(e: Example): string[] {
  if (e.where === "request") {
    const writer = WRITERS[e.op];
    return writer ? writeProblems(writer, substituted(e.id, e.body)) : [`no writer for ${e.op}`];
  }
  if (/^2/.test(e.where)) return STATUS_ONLY[e.op] ? [] : readProblems(e.op, e.body);
  return errorProblems(e.body);
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

const examples: Example[] = docsPresent ? collect(JSON.parse(fs.readFileSync(docsPath, "utf8"))) : [];

describe(`OneSignal's docs examples (${DOCS_SPEC_SOURCE}) through the client's schemas`, () => {
  if (!docsPresent) {
    // A visible skip outside CI; under CI ../shared is checked out, so its absence is a failure.
    (underCi ? test : test.skip)(`examples are readable (SKIPPED: ${docsPath} is absent)`, () => {
      throw new Error(`${docsPath} is absent under CI=true: the docs examples must be checked`);
    });
    return;
  }

  test("the examples cover every operation the project calls", () => {
    const ops = new Set(examples.map((e) => e.op));
    expect([...DOCS_OPERATIONS].filter((op) => !ops.has(op))).toEqual([]);
    // Whole examples the docs give, not only rendered ones, are among them.
    expect(examples.filter((e) => !/ (#|rendered #)\d+$/.test(e.id)).length).toBeGreaterThan(80);
    expect(examples.some((e) => e.where === "request")).toBe(true);
  });

  test("every named exception is an example that exists", () => {
    const ids = new Set(examples.map((e) => e.id));
    const named = [PLACEHOLDERS, NOT_APPLICABLE, AWAITING].flatMap((m) => Object.keys(m));
    expect(named.filter((id) => !ids.has(id))).toEqual([]);
    // Each placeholder stands for a member that is absent or a placeholder-looking text in the docs.
    for (const [id, subs] of Object.entries(PLACEHOLDERS)) {
      const body = examples.find((e) => e.id === id)!.body as Record<string, unknown>;
      for (const pointer of Object.keys(subs)) {
        const v = body[pointer.slice(1)];
        const placeholder =
          v === undefined ||
          (typeof v === "string" && v.startsWith("YOUR_")) ||
          isDeepStrictEqual(v, [{ operator: "AND" }]);
        expect({ id, pointer, placeholder }).toEqual({ id, pointer, placeholder: true });
      }
    }
  });

  test.each(examples.map((e) => [e.id, e] as const))("%s", (_id, e) => {
    const expected = { ...NOT_APPLICABLE[e.id], ...AWAITING[e.id] };
    expect({ example: e.id, problems: problemsOf(e).sort() }).toEqual({
      example: e.id,
      problems: Object.keys(expected).sort(),
    });
  });
});

describe("the comparison can fail", () => {
  test("a dropped member, a changed value and a rejected field are reported", () => {
    expect(lost({ a_b: 1, c: { d: "x" }, n: null }, { aB: 2, c: {} })).toEqual([
      "/a_b (1 became 2)",
      '/c/d ("x")',
    ]);
    expect(lost({ created_at: 1658584650 }, { createdAt: "2022-07-23T13:57:30.000Z" })).toEqual([]);
    expect(readProblems("view-segments", { segments: [{ id: "s", shiny: true }] })).toEqual([
      "lost /segments/0/shiny (true)",
    ]);
    expect(writeProblems(WRITERS["create-api-key"]!, { name: "", extra: 1 })).toEqual([
      "not modelled: extra",
      "rejected name: must not be empty",
    ]);
    expect(errorProblems({ errors: ["a"] })).toEqual([]);
    expect(errorProblems({ errors: [{ code: "c", title: "t", meta: {} }] })).toEqual([]);
    expect(errorProblems("<title>The change you wanted was rejected (422)</title>")).toEqual([]);
  });
});
