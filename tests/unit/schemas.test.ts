/**
 * Unit tests of provider/schemas that are no one kind's: the filter grammar that segments and
 * notifications share, the notification schema, error bodies. No I/O. The schemas of one kind:
 * tests/unit/{app,apiKey,segment,template}.test.ts.
 */
import {
  errorMessages,
  filtersSchema,
  notificationCreateInputSchema,
  notificationCreateResponseSchema,
  notificationInputToWire,
  segmentCreateInputSchema,
  filterInboundSchema,
} from "../../provider/schemas";
import { messages, paths } from "./helpers";

describe("filters (the 5.12 spec's `FilterExpression`)", () => {
  const contractExample = [
    { field: "session_count", relation: ">", value: "5" },
    { operator: "AND" },
    { field: "tag", key: "subscription", relation: "=", value: "premium" },
    { operator: "OR" },
    { field: "last_session", relation: "<", hoursAgo: "30" },
  ];

  it("accepts an example mixing filters with AND and OR operators", () => {
    expect(filtersSchema.parse(contractExample)).toEqual(contractExample);
  });

  it("names the offending entry in camelCase paths", () => {
    const bad = [...contractExample.slice(0, 3), { field: "tag", key: "k", relation: "~", value: "x" }];
    expect(paths(filtersSchema, bad)).toContain("[3].relation");
    const inSegment = messages(segmentCreateInputSchema, { name: "s", filters: bad });
    expect(inSegment.some((m) => m.startsWith("filters[3].relation: "))).toBe(true);
  });

  it("reports unknown members with their path", () => {
    expect(
      paths(filtersSchema, [{ field: "tag", key: "k", relation: "=", value: "v", hours_ago: "1" }]),
    ).toEqual(["[0].hours_ago"]);
  });

  it("applies per-field member rules", () => {
    expect(paths(filtersSchema, [{ field: "tag", relation: "=", value: "x" }])).toEqual(["[0].key"]);
    expect(paths(filtersSchema, [{ field: "tag", key: "k", relation: "exists", value: "x" }])).toEqual([
      "[0].value",
    ]);
    expect(filtersSchema.safeParse([{ field: "tag", key: "k", relation: "exists" }]).success).toBe(true);
    expect(paths(filtersSchema, [{ field: "last_session", relation: ">" }])).toEqual(["[0].hoursAgo"]);
    expect(paths(filtersSchema, [{ field: "last_session", relation: "=", hoursAgo: "1" }])).toEqual([
      "[0].relation",
    ]);
    expect(paths(filtersSchema, [{ field: "session_count", relation: ">", value: "many" }])).toEqual([
      "[0].value",
    ]);
    expect(paths(filtersSchema, [{ field: "location", relation: "=", radius: 100, lat: 10 }])).toEqual([
      "[0].long",
    ]);
    expect(paths(filtersSchema, [{ field: "language", relation: ">", value: "en" }])).toEqual([
      "[0].relation",
    ]);
    expect(
      filtersSchema.safeParse([{ field: "language", relation: "in_array", value: "en,fr,de" }]).success,
    ).toBe(true);
    // Free-form fields (legacy device_type) get the generic rules.
    expect(filtersSchema.safeParse([{ field: "device_type", relation: "=", value: "iOS" }]).success).toBe(
      true,
    );
    expect(paths(filtersSchema, [{ field: "tag", key: "k", relation: "=", value: 5 }])).toEqual([
      "[0].value",
    ]);
  });

  it("limits in_array to 20 values", () => {
    const v = Array.from({ length: 21 }, (_, i) => `v${i}`).join(",");
    expect(paths(filtersSchema, [{ field: "tag", key: "k", relation: "in_array", value: v }])).toEqual([
      "[0].value",
    ]);
  });

  it("counts filters and OR operators against the 200 cap, not AND", () => {
    const f = { field: "tag", key: "k", relation: "=", value: "v" };
    const withOr = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 === 1 ? { operator: "OR" } : f));
    expect(filtersSchema.safeParse(withOr(199)).success).toBe(true);
    expect(filtersSchema.safeParse(withOr(201)).success).toBe(false);
    const withAnd = Array.from({ length: 299 }, (_, i) => (i % 2 === 1 ? { operator: "AND" } : f)); // 150 filters + 149 ANDs
    expect(filtersSchema.safeParse(withAnd).success).toBe(true);
  });

  it("rejects empty lists and misplaced operators", () => {
    expect(filtersSchema.safeParse([]).success).toBe(false);
    expect(
      paths(filtersSchema, [{ operator: "OR" }, { field: "tag", key: "k", relation: "exists" }]),
    ).toContain("[0]");
    const f = { field: "tag", key: "k", relation: "exists" };
    expect(paths(filtersSchema, [f, { operator: "OR" }, { operator: "AND" }, f])).toEqual(["[2]"]);
    expect(paths(filtersSchema, [f, { operator: "XOR" }, f])).toEqual(["[1].operator"]);
  });

  it("tolerates numbers-as-strings and extra keys inbound", () => {
    expect(
      filterInboundSchema.parse({
        field: "location",
        relation: "=",
        radius: "1000",
        lat: "1.5",
        long: 2,
        unsupported_in_api: false,
        extra: 1,
      }),
    ).toEqual({
      field: "location",
      relation: "=",
      radius: 1000,
      lat: 1.5,
      long: 2,
      unsupportedInApi: false,
    });
    expect(
      filterInboundSchema.parse({ field: "last_session", relation: ">", hours_ago: 24, value: null }),
    ).toEqual({ field: "last_session", relation: ">", hoursAgo: "24" });
    expect(filterInboundSchema.parse({ operator: "OR" })).toEqual({ operator: "OR" });
  });
});

describe("notification schema (create_notification)", () => {
  const push = { contents: { en: "hi" } };
  // create_notification (docs `sms`): sms_from is "the Messaging Service ID or phone number".
  it("takes a Messaging Service SID or an E.164 number as the SMS sender", () => {
    const sms = { name: "otp", contents: { en: "code" }, includePhoneNumbers: ["+15558675309"] };
    for (const smsFrom of ["MG9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d", "+447700900123"])
      expect(notificationCreateInputSchema.safeParse({ ...sms, smsFrom }).success).toBe(true);
    for (const smsFrom of ["MG123", "5558675309"])
      expect(paths(notificationCreateInputSchema, { ...sms, smsFrom })).toEqual(["smsFrom"]);
  });
  it("requires exactly one targeting method", () => {
    expect(
      notificationCreateInputSchema.safeParse({
        ...push,
        includedSegments: ["Active"],
        excludedSegments: ["X"],
      }).success,
    ).toBe(true);
    expect(paths(notificationCreateInputSchema, push)).toEqual([""]);
    expect(
      paths(notificationCreateInputSchema, {
        ...push,
        includedSegments: ["A"],
        includeSubscriptionIds: ["s"],
      }),
    ).toEqual(["includedSegments"]);
    expect(
      paths(notificationCreateInputSchema, {
        ...push,
        filters: [{ field: "tag", key: "k", relation: "exists" }],
        includedSegments: ["A"],
      }),
    ).toHaveLength(1);
    expect(paths(notificationCreateInputSchema, { ...push, excludedSegments: ["X"] })).toContain(
      "excludedSegments",
    );
    expect(
      paths(notificationCreateInputSchema, { ...push, includeAliases: { external_id: ["u1"] } }),
    ).toEqual(["targetChannel"]);
    expect(
      notificationCreateInputSchema.safeParse({
        ...push,
        includeAliases: { external_id: ["u1"] },
        targetChannel: "push",
      }).success,
    ).toBe(true);
  });

  it("checks E.164, target counts, name, custom_data sizes", () => {
    const sms = { name: "n", contents: { en: "hi" } };
    expect(
      notificationCreateInputSchema.safeParse({ ...sms, includePhoneNumbers: ["+15558675309"] }).success,
    ).toBe(true);
    expect(paths(notificationCreateInputSchema, { ...sms, includePhoneNumbers: ["5558675309"] })).toEqual([
      "includePhoneNumbers[0]",
    ]);
    // sms: `name` is optional (the 5.12 spec said "Required for SMS Messages").
    expect(
      notificationCreateInputSchema.safeParse({
        contents: { en: "hi" },
        includePhoneNumbers: ["+15558675309"],
      }).success,
    ).toBe(true);
    expect(
      paths(notificationCreateInputSchema, {
        ...push,
        includeSubscriptionIds: Array.from({ length: 20_001 }, (_, i) => `s${i}`),
      }),
    ).toEqual(["includeSubscriptionIds"]);
    expect(
      paths(notificationCreateInputSchema, { ...push, includedSegments: ["A"], name: "x".repeat(129) }),
    ).toEqual(["name"]);
    const big = { blob: "x".repeat(2100) };
    expect(
      paths(notificationCreateInputSchema, { ...push, includedSegments: ["A"], customData: big }),
    ).toEqual(["customData"]);
    const email = { emailTo: ["a@b.co"], emailSubject: "s", emailBody: "b" };
    expect(notificationCreateInputSchema.safeParse({ ...email, customData: big }).success).toBe(true);
    expect(
      paths(notificationCreateInputSchema, { ...email, customData: { blob: "x".repeat(10_001) } }),
    ).toEqual(["customData"]);
    expect(paths(notificationCreateInputSchema, { emailTo: ["a@b.co"] }).sort()).toEqual([
      "emailBody",
      "emailSubject",
    ]);
    expect(
      notificationCreateInputSchema.safeParse({ emailTo: ["a@b.co"], templateId: "t", emailSubject: "s" })
        .success,
    ).toBe(true);
  });

  it("checks scheduling and idempotency", () => {
    const base = { ...push, includedSegments: ["A"] };
    expect(
      notificationCreateInputSchema.safeParse({ ...base, sendAfter: "2015-09-24 14:00:00 GMT-0700" }).success,
    ).toBe(true);
    expect(
      notificationCreateInputSchema.safeParse({ ...base, sendAfter: "2026-09-24T14:00:00Z" }).success,
    ).toBe(true);
    expect(paths(notificationCreateInputSchema, { ...base, sendAfter: "next tuesday" })).toEqual([
      "sendAfter",
    ]);
    expect(paths(notificationCreateInputSchema, { ...base, delayedOption: "timezone" })).toEqual([
      "deliveryTimeOfDay",
    ]);
    expect(
      notificationCreateInputSchema.safeParse({
        ...base,
        delayedOption: "timezone",
        deliveryTimeOfDay: "9:00AM",
      }).success,
    ).toBe(true);
    expect(
      notificationCreateInputSchema.safeParse({
        ...base,
        delayedOption: "timezone",
        deliveryTimeOfDay: "21:45",
      }).success,
    ).toBe(true);
    expect(
      paths(notificationCreateInputSchema, {
        ...base,
        delayedOption: "timezone",
        deliveryTimeOfDay: "25:00",
      }),
    ).toEqual(["deliveryTimeOfDay"]);
    expect(paths(notificationCreateInputSchema, { ...base, deliveryTimeOfDay: "9:00AM" })).toEqual([
      "delayedOption",
    ]);
    expect(
      notificationCreateInputSchema.safeParse({
        ...base,
        idempotencyKey: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      }).success,
    ).toBe(true);
    expect(
      notificationCreateInputSchema.safeParse({
        ...base,
        idempotencyKey: "6fa459ea-ee8a-3ca4-894e-db77e160355e",
      }).success,
    ).toBe(true);
    // "Any RFC 9562 UUID supported" (push-notification): v1 is as good as v4.
    expect(
      notificationCreateInputSchema.safeParse({
        ...base,
        idempotencyKey: "c232ab00-9414-11ec-b3c8-9f68deced846",
      }).success,
    ).toBe(true);
  });

  it("maps to the wire with app_id and snake_case filters", () => {
    const v = notificationCreateInputSchema.parse({
      ...push,
      filters: [{ field: "last_session", relation: ">", hoursAgo: "2" }],
      idempotencyKey: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    });
    expect(notificationInputToWire(v, "app")).toEqual({
      app_id: "app",
      contents: { en: "hi" },
      filters: [{ field: "last_session", relation: ">", hours_ago: "2" }],
      idempotency_key: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    });
  });

  it("reads the 'not sent' shape (id empty) and partial success", () => {
    expect(
      notificationCreateResponseSchema.parse({ id: "", errors: ["All included players are not subscribed"] }),
    ).toEqual({
      id: "",
      externalId: null,
      errors: ["All included players are not subscribed"],
      sent: false,
    });
    expect(
      notificationCreateResponseSchema.parse({
        id: "n1",
        external_id: null,
        errors: { invalid_player_ids: ["x"] },
      }).sent,
    ).toBe(true);
    expect(notificationCreateResponseSchema.parse({ id: "n1" }).errors).toBeNull();
  });
});

describe("error bodies (the 5.12 spec's `GenericError` and the shapes seen in practice)", () => {
  it.each([
    [{ errors: ["a", "b"] }, ["a", "b"]],
    [{ errors: "scalar" }, ["scalar"]],
    [{ errors: [{ code: "user-2", title: "Conflict", meta: {} }] }, ["Conflict (user-2)"]],
    [
      { errors: { invalid_aliases: { external_id: ["x"] }, invalid_player_ids: ["p"] } },
      ['invalid_aliases: {"external_id":["x"]}', 'invalid_player_ids: ["p"]'],
    ],
    [{ success: false }, []],
    [{ errors: ["legacy"], reference: ["https://documentation.onesignal.com/x"] }, ["legacy"]],
    [
      { errors: ["API rate limit exceeded."], limit: "1 req/s" },
      ["API rate limit exceeded.", "limit: 1 req/s"],
    ],
    [{}, []],
    ["plain text", ["plain text"]],
    [null, []],
  ])("%j → %j", (body, expected) => {
    expect(errorMessages(body)).toEqual(expected);
  });
});
