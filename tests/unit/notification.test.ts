/**
 * Create message as OneSignal's current reference describes it (push-notification, sms, email):
 * `target_channel` set for SMS and email, refused when it contradicts the members; any RFC 9562
 * idempotency key; `throttle_rate_per_minute` as a number or a digit string. No I/O.
 */
import {
  notificationCreateInputSchema,
  notificationInputToWire,
  type NotificationCreateInput,
} from "../../provider/schemas";
import { paths } from "./helpers";

const wire = (input: NotificationCreateInput) =>
  notificationInputToWire(notificationCreateInputSchema.parse(input), "app");
const messagesOf = (input: unknown) => {
  const r = notificationCreateInputSchema.safeParse(input);
  if (r.success) throw new Error(`expected a failure for ${JSON.stringify(input)}`);
  return r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("target_channel (sms: required; defaults to push)", () => {
  it("is sent as sms for an SMS body to segments, which OneSignal requires", () => {
    expect(
      wire({ contents: { en: "hi" }, smsFrom: "+15558675300", includedSegments: ["Subscribed Users"] }),
    ).toMatchObject({ target_channel: "sms", sms_from: "+15558675300" });
    expect(
      wire({ contents: { en: "hi" }, smsMediaUrls: ["https://x.example/a.png"], includedSegments: ["A"] }),
    ).toMatchObject({ target_channel: "sms" });
    expect(wire({ contents: { en: "hi" }, includePhoneNumbers: ["+15558675309"] })).toMatchObject({
      target_channel: "sms",
    });
  });

  it("is sent as email for an email body", () => {
    expect(wire({ emailSubject: "s", emailBody: "b", includedSegments: ["A"] })).toMatchObject({
      target_channel: "email",
    });
    expect(wire({ emailTo: ["a@b.co"], emailSubject: "s", emailBody: "b" })).toMatchObject({
      target_channel: "email",
    });
    expect(wire({ templateId: "t", emailFromAddress: "news@b.co", includedSegments: ["A"] })).toMatchObject({
      target_channel: "email",
    });
  });

  it("is left to OneSignal's push default for push contents and template-only messages", () => {
    expect(
      wire({ contents: { en: "hi" }, headings: { en: "h" }, includedSegments: ["A"] }),
    ).not.toHaveProperty("target_channel");
    expect(wire({ templateId: "t", includedSegments: ["A"] })).not.toHaveProperty("target_channel");
  });

  it("keeps a given target_channel that agrees with the members", () => {
    expect(wire({ templateId: "t", targetChannel: "sms", includedSegments: ["A"] })).toMatchObject({
      target_channel: "sms",
    });
    expect(
      wire({ contents: { en: "x" }, targetChannel: "sms", smsFrom: "+15558675300", includedSegments: ["A"] }),
    ).toMatchObject({ target_channel: "sms" });
  });

  it("includeAliases needs it only when the message is a push", () => {
    expect(
      paths(notificationCreateInputSchema, { contents: { en: "x" }, includeAliases: { external_id: ["u"] } }),
    ).toEqual(["targetChannel"]);
    expect(
      wire({ contents: { en: "x" }, smsFrom: "+15558675300", includeAliases: { external_id: ["u"] } }),
    ).toMatchObject({ target_channel: "sms" });
  });

  it("a target_channel that contradicts the members is refused, naming both", () => {
    expect(
      messagesOf({
        contents: { en: "x" },
        targetChannel: "push",
        smsFrom: "+15558675300",
        includedSegments: ["A"],
      }),
    ).toContain(
      'targetChannel: targetChannel "push" contradicts smsFrom, which belongs to sms messages only',
    );
    expect(
      messagesOf({ targetChannel: "sms", emailSubject: "s", emailBody: "b", includedSegments: ["A"] }).join(
        "\n",
      ),
    ).toMatch(/targetChannel "sms" contradicts emailSubject, which belongs to email messages only/);
    expect(
      messagesOf({ targetChannel: "email", emailTo: ["a@b.co"], emailSubject: "s", emailBody: "b", ttl: 60 }),
    ).toContain('targetChannel: targetChannel "email" contradicts ttl, which belongs to push messages only');
    expect(
      messagesOf({
        targetChannel: "push",
        contents: { en: "x" },
        includePhoneNumbers: ["+15558675309"],
      }).join("\n"),
    ).toMatch(/contradicts includePhoneNumbers/);
  });

  it("members of two channels without a target_channel are refused, naming both", () => {
    expect(
      messagesOf({
        contents: { en: "x" },
        smsFrom: "+15558675300",
        headings: { en: "h" },
        includedSegments: ["A"],
      }),
    ).toContain("headings: smsFrom (sms) contradicts headings, which belongs to push messages only");
  });

  it("name is optional for SMS", () => {
    expect(wire({ contents: { en: "hi" }, includePhoneNumbers: ["+15558675309"] })).not.toHaveProperty(
      "name",
    );
  });
});

describe("idempotency_key: any RFC 9562 UUID", () => {
  const base = { contents: { en: "hi" }, includedSegments: ["A"] };
  it.each([
    ["v1", "c232ab00-9414-11ec-b3c8-9f68deced846"],
    ["v3", "6fa459ea-ee8a-3ca4-894e-db77e160355e"],
    ["v4", "7c9e6679-7425-40de-944b-e07fc1f90ae7"],
    ["v5", "886313e1-3b8a-5372-9b90-0c9aee199e5d"],
    ["v6", "1ec9414c-232a-6b00-b3c8-9f6bdeced846"],
    ["v7", "017f22e2-79b0-7cc3-98c4-dc0c0c07398f"],
    ["v8", "2489e9ad-2ee2-8e00-8ec9-32d5f69181c0"],
  ])("accepts %s", (_v, key) => {
    expect(wire({ ...base, idempotencyKey: key })).toMatchObject({ idempotency_key: key });
    expect(wire({ ...base, externalId: key })).toMatchObject({ external_id: key });
  });
  it.each([
    ["Nil", "00000000-0000-0000-0000-000000000000"],
    ["Max", "ffffffff-ffff-ffff-ffff-ffffffffffff"],
    ["version 9", "7c9e6679-7425-90de-944b-e07fc1f90ae7"],
    ["a non-RFC variant", "7c9e6679-7425-40de-c44b-e07fc1f90ae7"],
    ["not a UUID", "order-42"],
  ])("refuses %s", (_w, key) => {
    expect(messagesOf({ ...base, idempotencyKey: key })).toEqual([
      "idempotencyKey: must be an RFC 9562 UUID (versions 1 to 8, e.g. a v4 or v7 UUID)",
    ]);
  });
});

describe("throttle_rate_per_minute: a number (docs) or a digit string (the 5.12 spec)", () => {
  const base = { contents: { en: "hi" }, includedSegments: ["A"] };
  it("sends the docs' number for either form", () => {
    expect(wire({ ...base, throttleRatePerMinute: 0 })).toMatchObject({ throttle_rate_per_minute: 0 });
    expect(wire({ ...base, throttleRatePerMinute: "0" })).toMatchObject({ throttle_rate_per_minute: 0 });
    expect(wire({ ...base, throttleRatePerMinute: "1500" })).toMatchObject({
      throttle_rate_per_minute: 1500,
    });
  });
  it("refuses what is not a whole number, and SMS messages", () => {
    for (const bad of [-1, 1.5, "1.5", "fast", ""])
      expect(paths(notificationCreateInputSchema, { ...base, throttleRatePerMinute: bad })).toEqual([
        "throttleRatePerMinute",
      ]);
    expect(
      paths(notificationCreateInputSchema, {
        contents: { en: "x" },
        includePhoneNumbers: ["+15558675309"],
        throttleRatePerMinute: 10,
      }),
    ).toEqual(["throttleRatePerMinute"]);
  });
});
