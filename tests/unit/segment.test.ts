/**
 * Segment: check and diff (offline, no HTTP request), the Segment schemas of provider/schemas (no I/O)
 * read against stubbed OneSignal answers, and bad input (fast-check, through the runtime).
 */
import {
  segmentCreateInputSchema,
  segmentDetailSchema,
  segmentInputToWire,
  segmentPageSchema,
  segmentUpdateInputSchema,
  timestampInbound,
} from "../../provider/schemas";
import { OneSignalApiError, isSegmentPlanLimit, isUserBasedSegment } from "../../provider/client/errors";
import { UNKNOWN } from "../../provider/resources/protocol";
import { buildHandlers } from "../../provider/resources/index";
import { normaliseFilters } from "../../provider/schemas/segment";
import { offlineHandlers, testContext } from "../provider/helpers";
import { DOCUMENTED_FILTER_FIELDS } from "../../provider/schemas/filter";
import { FILTER_FIELDS as EMULATOR_FILTER_FIELDS } from "../../emulator/filters";
import {
  APP,
  APP2,
  P,
  checkMakesNoRequest,
  diffCases,
  failures,
  noUndefinedOrNull,
  paths,
  properties,
  stub,
} from "./helpers";
import fc from "fast-check";
import {
  badInputCases,
  blank,
  jsonNonNull,
  Mutation,
  notAnArray,
  notAnObject,
  notAString,
  Props,
  remove,
  setTo,
  short,
  tooLong,
  unknownProp,
  UUID,
} from "./badInput.helpers";

checkMakesNoRequest();

describe("check", () => {
  const base = {
    appId: APP,
    name: "VIP",
    filters: [{ field: "tag", key: "tier", relation: "=", value: "vip" }],
  };

  it("knows the docs' nine filter fields; another field fails check naming it, unless extraFilterFields lets it through", async () => {
    // The `field` enum of `create-segments` and `update-segment` in OneSignal's docs.
    const docs = [
      "tag",
      "last_session",
      "first_session",
      "session_count",
      "session_time",
      "language",
      "app_version",
      "location",
      "country",
    ];
    expect([...DOCUMENTED_FILTER_FIELDS].sort()).toEqual([...docs].sort());
    // The emulator takes these and the three older ones its README lists as a divergence.
    expect([...EMULATOR_FILTER_FIELDS].sort()).toEqual([...docs, "device_type", "email", "rooted"].sort());

    const { ctx, segment } = offlineHandlers();
    expect((await segment.check({}, { ...P, ...base })).failures).toEqual([]);
    const typo = await segment.check(
      {},
      { ...P, ...base, filters: [...base.filters, { field: "sessions_count", relation: ">", value: "3" }] },
    );
    expect(typo.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(
          /^filters\[1\]\.field: "sessions_count" is not a filter field OneSignal's docs list \(tag, .*\); did you mean "session_count"\? If OneSignal takes it, add "sessions_count" to extraFilterFields$/,
        ),
      },
    ]);
    const legacy = {
      ...P,
      ...base,
      filters: [...base.filters, { field: "email", relation: "=", value: "a@b.c" }],
    };
    const refused = await segment.check({}, legacy);
    expect(refused.failures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^filters\[1\]\.field: "email" .*extraFilterFields$/),
    ]);
    expect(refused.failures[0]!.reason).not.toMatch(/did you mean/);
    const allowed = await segment.check({}, { ...legacy, extraFilterFields: ["email"] });
    expect(allowed.failures).toEqual([]);
    expect(allowed.inputs.extraFilterFields).toEqual(["email"]);
    expect(ctx.warnings).toEqual([]);
    // The escape is only read by check: changing it is never an update.
    const outs = { ...allowed.inputs, createdAt: "2026-01-01T00:00:00.000Z" };
    expect(
      (await segment.diff("s", outs, { ...allowed.inputs, extraFilterFields: ["email", "x"] })).changes,
    ).toBe(false);
  });

  it("accepts the documented grammar", async () => {
    expect(
      await failures("segment", {
        ...base,
        apiKey: "os_v2_app_secret",
        description: "High-value users",
        filters: [
          { field: "tag", key: "tier", relation: "=", value: "vip" },
          { operator: "OR" },
          { field: "session_count", relation: ">", value: "10" },
          { operator: "AND" },
          { field: "last_session", relation: "<", hoursAgo: "24" },
          { field: "tag", key: "beta", relation: "exists" },
          { field: "location", relation: "=", radius: 1000, lat: 1.5, long: 2.5 },
        ],
      }),
    ).toEqual([]);
  });

  it.each(
    [
      [
        {
          ...base,
          filters: [
            { field: "tag", key: "a", relation: "=", value: "1" },
            { operator: "OR" },
            { field: "tag", key: "b", relation: "~", value: "x" },
          ],
        },
        "filters[2].relation",
      ],
      [{ ...base, filters: [{ field: "tag", relation: "=", value: "x" }] }, "filters[0].key"],
      [{ ...base, filters: [{ field: "session_count", relation: ">" }] }, "filters[0].value"],
      [
        { ...base, filters: [{ operator: "OR" }, { field: "tag", key: "a", relation: "exists" }] },
        "filters[0]",
      ],
      [{ ...base, filters: [{ operator: "XOR" }] }, "filters[0].operator"],
      [{ ...base, filters: [] }, "filters"],
      [
        {
          ...base,
          filters: Array.from({ length: 201 }, () => ({ field: "tag", key: "a", relation: "exists" })),
        },
        "filters",
      ],
      [{ ...base, name: "x".repeat(129) }, "name"],
      [{ ...base, description: "d".repeat(256) }, "description"],
      [{ name: "VIP", filters: base.filters }, "appId"],
      [{ appId: APP, name: "VIP" }, "filters"],
      [
        {
          ...base,
          filters: [
            {
              field: "language",
              relation: "in_array",
              value: Array.from({ length: 21 }, (_, i) => `l${i}`).join(","),
            },
          ],
        },
        "filters[0].value",
      ],
    ].map(([n, p]) => [p, n] as [string, Record<string, unknown>]),
  )("rejects input naming %s", async (prop, news) => {
    expect(await properties("segment", news)).toContain(prop);
  });

  it("lets unknown filter values through but still checks the rest", async () => {
    expect(
      await failures("segment", {
        ...base,
        filters: [{ field: "tag", key: "tier", relation: "=", value: UNKNOWN }],
      }),
    ).toEqual([]);
    expect(await failures("segment", { ...base, filters: UNKNOWN })).toEqual([]);
    expect(
      await properties("segment", {
        ...base,
        filters: [{ field: "tag", key: UNKNOWN, relation: "bogus", value: "x" }],
      }),
    ).toEqual(["filters[0].relation"]);
  });
});

describe("schemas (create_segment, update_segment, get_segments, get_segment)", () => {
  const filters = [{ field: "session_count", relation: ">", value: "1" }];

  it("validates create input and maps to wire", () => {
    const v = segmentCreateInputSchema.parse({
      id: "9f1c7a5e-2f7b-4d55-9a3e-3b1a0f0d0c01",
      name: "Active",
      description: "d",
      filters: [{ field: "last_session", relation: "<", hoursAgo: "24" }],
    });
    expect(segmentInputToWire(v)).toEqual({
      id: "9f1c7a5e-2f7b-4d55-9a3e-3b1a0f0d0c01",
      name: "Active",
      description: "d",
      filters: [{ field: "last_session", relation: "<", hours_ago: "24" }],
    });
    expect(paths(segmentCreateInputSchema, { name: "x".repeat(129), filters })).toEqual(["name"]);
    expect(paths(segmentCreateInputSchema, { name: "n", description: "d".repeat(256), filters })).toEqual([
      "description",
    ]);
    expect(paths(segmentCreateInputSchema, { name: "n" })).toEqual(["filters"]);
    expect(paths(segmentCreateInputSchema, { id: "nope", name: "n", filters })).toEqual(["id"]);
    expect(paths(segmentCreateInputSchema, { name: "n", filters, subscriberCount: 1 })).toEqual([
      "subscriberCount",
    ]);
  });

  it("requires name on update; filters optional", () => {
    expect(segmentUpdateInputSchema.safeParse({ name: "n" }).success).toBe(true);
    expect(paths(segmentUpdateInputSchema, { filters })).toEqual(["name"]);
    expect(paths(segmentUpdateInputSchema, { name: "n", filters: [] })).toEqual(["filters"]);
  });

  it("normalises detail created_at from Unix seconds and list created_at from ISO", () => {
    const d = segmentDetailSchema.parse({
      subscriber_count: 3,
      payload: {
        id: "s1",
        name: "n",
        description: null,
        created_at: 1658584650,
        source: "custom",
        filters: [{ field: "tag", key: "a", relation: "exists" }],
      },
    });
    expect(d).toEqual({
      id: "s1",
      name: "n",
      createdAt: "2022-07-23T13:57:30.000Z",
      source: "custom",
      filters: [{ field: "tag", key: "a", relation: "exists" }],
      subscriberCount: 3,
    });
    expect("description" in d).toBe(false);
    const page = segmentPageSchema.parse({
      total_count: 1,
      offset: 0,
      limit: 300,
      segments: [
        {
          id: "s1",
          name: "Subscribed Users",
          created_at: "2022-07-23T13:44:10.324Z",
          updated_at: "2022-09-18T11:33:02.451Z",
          app_id: "a",
          read_only: true,
          is_active: true,
          x: 1,
        },
      ],
    });
    expect(page.segments[0]).toEqual({
      id: "s1",
      name: "Subscribed Users",
      createdAt: "2022-07-23T13:44:10.324Z",
      updatedAt: "2022-09-18T11:33:02.451Z",
      appId: "a",
      readOnly: true,
      isActive: true,
    });
  });

  it("timestamps: seconds, milliseconds and strings all become ISO", () => {
    expect(timestampInbound.parse(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(timestampInbound.parse(1658584650123)).toBe("2022-07-23T13:57:30.123Z");
    expect(timestampInbound.parse("2023-07-20T19:16:55Z")).toBe("2023-07-20T19:16:55.000Z");
  });
});

const filters = [
  { field: "tag", key: "tier", relation: "=", value: "vip" },
  { operator: "OR" },
  { field: "session_count", relation: ">", value: "10" },
  { field: "tag", key: "beta", relation: "exists" },
];
const segOld = {
  ...P,
  appId: APP,
  apiKey: "KEY-1",
  name: "VIP",
  description: "",
  filters,
  createdAt: "2026-01-01T00:00:00.000Z",
};

describe("diff", () => {
  diffCases([
    {
      title: "segment: identical",
      kind: "segment",
      olds: segOld,
      news: { ...P, appId: APP, apiKey: "KEY-1", name: "VIP", filters },
      changes: false,
    },
    {
      title: "segment: order inside AND group, OR groups, explicit AND",
      kind: "segment",
      olds: segOld,
      news: {
        ...P,
        appId: APP,
        apiKey: "KEY-1",
        name: "VIP",
        description: "",
        filters: [filters[3], { operator: "AND" }, filters[2], { operator: "OR" }, filters[0]],
      },
      changes: false,
    },
    {
      title: "segment: null description equals absent",
      kind: "segment",
      olds: { ...segOld, description: null },
      news: { ...P, appId: APP, apiKey: "KEY-1", name: "VIP", filters },
      changes: false,
    },
    {
      title: "segment: moving a filter across OR is a change",
      kind: "segment",
      olds: segOld,
      news: { ...segOld, filters: [filters[0], filters[3], { operator: "OR" }, filters[2]] },
      changes: true,
      replaces: [],
    },
    {
      title: "segment: rotated apiKey is an in-place change",
      kind: "segment",
      olds: segOld,
      news: { ...segOld, apiKey: "KEY-2" },
      changes: true,
      replaces: [],
    },
    {
      // An ApiKey being updated (an allowlist, say) has an unknown token at preview: not a change,
      // since the token stays; a rotation's real new token is diffed at up (the case above).
      title: "segment: an apiKey unknown at preview is not a change by itself",
      kind: "segment",
      olds: segOld,
      news: { ...segOld, apiKey: UNKNOWN },
      changes: false,
    },
    {
      title: "segment: an unknown apiKey with a real change is that change",
      kind: "segment",
      olds: segOld,
      news: { ...segOld, apiKey: UNKNOWN, name: "VIP 2" },
      changes: true,
      replaces: [],
    },
    {
      title: "segment: appId replaces, delete first",
      kind: "segment",
      olds: segOld,
      news: { ...segOld, appId: APP2 },
      changes: true,
      replaces: ["appId"],
      deleteBeforeReplace: true,
    },
    {
      title: "segment: unknown filters is a change",
      kind: "segment",
      olds: segOld,
      news: { ...segOld, filters: UNKNOWN },
      changes: true,
      replaces: [],
    },
    {
      title: "segment: numeric radius equals string",
      kind: "segment",
      olds: {
        ...segOld,
        filters: [{ field: "location", relation: "=", radius: "10", lat: "1.5", long: "2" }],
      },
      news: { ...segOld, filters: [{ field: "location", relation: "=", radius: 10, lat: 1.5, long: 2 }] },
      changes: false,
    },
  ]);
});

describe("normalisers", () => {
  it("normaliseFilters drops AND, sorts groups, keeps OR structure", () => {
    const a = normaliseFilters([filters[2], { operator: "AND" }, filters[3], { operator: "OR" }, filters[0]]);
    const b = normaliseFilters(filters);
    expect(a).toEqual(b);
    expect((b as unknown[]).filter((e) => (e as { operator?: string }).operator === "OR")).toHaveLength(1);
    expect(JSON.stringify(b)).not.toContain("AND");
  });

  it("normaliseFilters ignores read-only extras and value on exists", () => {
    expect(
      normaliseFilters([{ field: "tag", key: "a", relation: "exists", value: "", unsupportedInApi: false }]),
    ).toEqual([{ field: "tag", key: "a", relation: "exists" }]);
  });
});

describe("read", () => {
  it("segment: null description, explicit AND, read-only extras, numbers as strings → no diff", async () => {
    const filters = [
      { field: "location", relation: "=", radius: 100, lat: 1.5, long: 2 },
      { operator: "OR" },
      { field: "tag", key: "a", relation: "exists" },
      { field: "session_count", relation: ">", value: "3" },
    ];
    const inputs = { ...P, appId: APP, apiKey: "k".repeat(20), name: "S", filters };
    const api = stub({
      segments: {
        get: async () => ({
          id: "s1",
          name: "S",
          description: null,
          createdAt: 1_767_225_600,
          source: "custom",
          filters: [
            { field: "session_count", relation: ">", value: "3" },
            { operator: "AND" },
            { field: "tag", key: "a", relation: "exists", unsupportedInApi: false },
            { operator: "OR" },
            { field: "location", relation: "=", radius: "100", lat: "1.5", long: "2" },
          ],
        }),
      },
    });
    const h = buildHandlers(testContext(api));
    const r = await h.segment.read("s1", inputs);
    expect(r.props?.filters).toEqual(filters);
    expect(r.props?.createdAt).toBe("2026-01-01T00:00:00.000Z");
    expect(noUndefinedOrNull(r.props)).toBe(true);
    expect((await h.segment.diff("s1", { ...r.props, ...P }, inputs)).changes).toBe(false);
  });
});

describe("OneSignal's segment answers", () => {
  const http = (status: number, messages: string[], method = "POST") =>
    new OneSignalApiError({ kind: "http", method, path: `/apps/${APP}/segments`, status, messages });
  const filters = [{ field: "tag", key: "a", relation: "exists" }];

  it.each([
    ["400 (the docs)", 400, "Segment name is already taken."],
    ["409 (older answers)", 409, "A segment named 'S' already exists"],
  ])("a taken name on create is the same clear error whichever status: %s", async (_n, status, text) => {
    const api = stub({
      segments: {
        create: async () => {
          throw http(status, [text]);
        },
        get: async () => {
          throw new OneSignalApiError({ kind: "http", method: "GET", path: "/x", status: 404, messages: [] });
        },
        listAll: async () => [{ id: "held-1", name: "S" }],
      },
    });
    const h = buildHandlers(testContext(api));
    await expect(
      h.segment.create({ ...P, appId: APP, apiKey: "k".repeat(20), name: "S", filters }),
    ).rejects.toThrow(
      'OneSignal Segment create failed: the app already has a segment named "S" (held-1) that this stack did not create',
    );
  });

  it("guards: the user-based 400 and the plan's 403/422 are told from other 400/403/422s", () => {
    const userBased =
      "User-based segments (with message event or custom event filters) are not yet supported via the API";
    expect(isUserBasedSegment(http(400, [userBased], "GET"))).toBe(true);
    expect(isUserBasedSegment(http(400, ["Segment name is already taken."]))).toBe(false);
    expect(isUserBasedSegment(http(404, [userBased]))).toBe(false);
    expect(isSegmentPlanLimit(http(403, ["This API is not available for applications on your plan."]))).toBe(
      true,
    );
    expect(
      isSegmentPlanLimit(
        http(422, ["You have reached the maximum number of segments allowed for your plan."]),
      ),
    ).toBe(true);
    expect(
      isSegmentPlanLimit(http(403, ["Access denied.  Please include an 'Authorization: ...' header"])),
    ).toBe(false);
    expect(isSegmentPlanLimit(http(422, ["filters: invalid"]))).toBe(false);
  });
});

// ------------------------------------------------------------------ bad input

const validFilter = fc.oneof(
  fc.record({
    field: fc.constant("tag"),
    key: fc.string({ minLength: 1, maxLength: 10 }),
    relation: fc.constantFrom("=", "!=", ">", "<"),
    value: fc.string({ maxLength: 10 }),
  }),
  fc.record({
    field: fc.constant("tag"),
    key: fc.string({ minLength: 1, maxLength: 10 }),
    relation: fc.constantFrom("exists", "not_exists"),
  }),
  fc.record({
    field: fc.constantFrom("session_count", "session_time"),
    relation: fc.constantFrom(">", "<"),
    value: fc.nat(1000).map(String),
  }),
  fc.record({
    field: fc.constantFrom("last_session", "first_session"),
    relation: fc.constantFrom(">", "<"),
    hoursAgo: fc.nat(500).map(String),
  }),
  fc.record({
    field: fc.constant("country"),
    relation: fc.constantFrom("=", "!="),
    value: fc.constantFrom("US", "DE", "FR"),
  }),
  fc.record({
    field: fc.constant("location"),
    relation: fc.constant("="),
    radius: fc.integer({ min: 1, max: 10000 }),
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    long: fc.double({ min: -180, max: 180, noNaN: true }),
  }),
);
/** 1–8 filters, OR between some of them (never first, last or adjacent). */
const validFilters = fc
  .tuple(fc.array(validFilter, { minLength: 1, maxLength: 8 }), fc.array(fc.boolean(), { maxLength: 8 }))
  .map(([fs, ors]) => {
    const out: Props[] = [];
    fs.forEach((f, i) => {
      if (i > 0 && ors[i]) out.push({ operator: "OR" });
      out.push(f as Props);
    });
    return out;
  });
const segmentValid: fc.Arbitrary<Props> = fc.record(
  {
    appId: fc.constant(UUID),
    apiKey: fc.constant("os_v2_app_segmentkey000000000000"),
    name: fc.string({ minLength: 1, maxLength: 128 }).filter((s) => s.trim().length > 0),
    description: fc.string({ maxLength: 255 }),
    filters: validFilters,
  },
  { requiredKeys: ["appId", "name", "filters"] },
);
const SEGMENT_KEYS = ["appId", "apiKey", "name", "description", "filters", "adoptExistingId"];
/** Breaks the filter at a random index; the failure must name `filters[i]`. */
function breakFilter(what: string, bad: fc.Arbitrary<unknown>): Mutation {
  return fc.tuple(fc.nat(20), bad).map(([n, b]) => ({
    prop: "filters",
    apply: (p: Props) => {
      const fs = [...((p.filters as Props[]) ?? [])];
      const idx = fs.length === 0 ? 0 : n % fs.length;
      // replace a filter object (not an operator): pick the nearest filter index
      let i = idx;
      while (i < fs.length && "operator" in (fs[i] as Props)) i++;
      if (i >= fs.length) i = 0;
      fs[i] = b as Props;
      return { ...p, filters: fs, __brokenIndex: i };
    },
    expect: ["filters"],
    what: `${what}: ${short(b)}`,
  }));
}
const badFilterObject = fc.oneof(
  fc.constant({ field: "session_count", relation: "~", value: "1" }),
  fc.record({
    field: fc.constant("tag"),
    relation: fc
      .string({ maxLength: 6 })
      .filter(
        (r) =>
          ![
            "=",
            "!=",
            ">",
            "<",
            "exists",
            "not_exists",
            "time_elapsed_gt",
            "time_elapsed_lt",
            "in_array",
            "not_in_array",
          ].includes(r),
      ),
    key: fc.constant("k"),
    value: fc.constant("v"),
  }),
  fc.constant({ field: "tag", relation: "=", value: "vip" }), // no key
  fc.constant({ field: "", relation: "=", value: "x" }),
  fc.constant({ relation: "=", value: "x" }),
  fc.record({
    field: fc.constant("session_count"),
    relation: fc.constant(">"),
    value: fc.string({ minLength: 1, maxLength: 6 }).filter((v) => !/^-?\d+(\.\d+)?$/.test(v)),
  }),
  fc.constant({ field: "last_session", relation: ">", hoursAgo: "yesterday" }),
  fc.constant({ field: "last_session", relation: ">" }),
  fc.record({
    field: fc.constant("location"),
    relation: fc.constant("="),
    radius: fc.constant(10),
    lat: fc.double({ min: 90.0001, max: 1e6, noNaN: true }),
    long: fc.constant(0),
  }),
  fc.constant({ field: "location", relation: "=", radius: -5, lat: 0, long: 0 }),
  fc.constant({ field: "tag", key: "k", relation: "exists", value: "x" }), // value not allowed
  fc.constant({
    field: "tag",
    key: "k",
    relation: "in_array",
    value: Array.from({ length: 21 }, (_, i) => `v${i}`).join(","),
  }),
  fc.constant({ field: "session_count", relation: ">", value: 10 }),
  fc.record({
    field: fc.constant("tag"),
    key: fc.constant("k"),
    relation: fc.constant("="),
    value: fc.constant("v"),
    extra: jsonNonNull,
  }),
  notAnObject,
  fc.constant({ operator: "XOR" }),
);
const segmentMutations: Mutation[] = [
  remove("appId"),
  setTo("appId", fc.oneof(notAString, fc.constant("")), "bad appId"),
  setTo("apiKey", fc.oneof(notAString, fc.constant("")), "bad apiKey"),
  remove("name"),
  setTo("name", fc.oneof(notAString, blank, tooLong(128)), "bad name"),
  setTo("description", fc.oneof(notAString, tooLong(255)), "bad description"),
  remove("filters"),
  setTo(
    "filters",
    fc.oneof(
      notAnArray,
      fc.constant([]),
      fc.constant([{ operator: "OR" }]),
      fc.constant([{ operator: "AND" }, { operator: "OR" }]),
    ),
    "bad filters",
  ),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => ({
      ...p,
      filters: Array.from({ length: 201 }, (_, i) => ({ field: "tag", key: `k${i}`, relation: "exists" })),
    }),
    expect: ["filters"],
    what: "201 filters",
  }),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => ({
      ...p,
      filters: [
        ...Array.from({ length: 101 }, (_, i) => ({
          field: "tag",
          key: `k${i}`,
          relation: "exists",
        })).flatMap((f, i) => (i === 0 ? [f] : [{ operator: "OR" }, f])),
      ],
    }),
    expect: ["filters"],
    what: "101 filters + 100 ORs",
  }),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => ({ ...p, filters: [{ operator: "OR" }, ...((p.filters as Props[]) ?? [])] }),
    expect: ["filters"],
    what: "leading OR",
  }),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => ({ ...p, filters: [...((p.filters as Props[]) ?? []), { operator: "OR" }] }),
    expect: ["filters"],
    what: "trailing OR",
  }),
  fc.constant({
    prop: "filters",
    apply: (p: Props) => {
      const f = (p.filters as Props[]) ?? [];
      return { ...p, filters: [f[0], { operator: "OR" }, { operator: "OR" }, f[0]] };
    },
    expect: ["filters[2]"],
    what: "adjacent ORs",
  }),
  breakFilter("bad filter", badFilterObject),
  setTo("adoptExistingId", fc.oneof(notAString, fc.constant("")), "bad adoptExistingId"),
  unknownProp(SEGMENT_KEYS),
];

describe("bad input", () => {
  badInputCases("segment", segmentValid, segmentMutations);
});
