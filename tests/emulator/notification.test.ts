import { randomUUID } from "node:crypto";
import { call, expectJson } from "./helpers";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: { via: "http" } });

beforeAll(async () => {
  w.emu.state.addSubscriptions(w.appId, [
    { type: "push", external_id: "u1", tags: { plan: "pro" } },
    { type: "push", external_id: "u2", tags: { plan: "free" } },
    { type: "email", token: "a@example.com", external_id: "u1" },
  ]);
  await w.http.call({
    method: "POST",
    path: `/apps/${w.appId}/segments`,
    key: w.key,
    body: { name: "Pro", filters: [{ field: "tag", key: "plan", relation: "=", value: "pro" }] },
  });
});

const send = (body: Record<string, unknown>, k = w.key) =>
  w.http.call({ method: "POST", path: "/notifications", key: k, body: { app_id: w.appId, ...body } });
const PUSH = { contents: { en: "Hello" } };

describe("POST /notifications (create_notification)", () => {
  test("segment push → 200 {id, external_id}; the message is kept", async () => {
    const res = await send({ ...PUSH, included_segments: ["Pro"] });
    expect(res.status).toBe(200);
    expectJson(res);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), external_id: null });
    const msg = w.emu.state.messages(w.appId).find((m) => m.id === res.body.id);
    expect(msg).toMatchObject({ channel: "push", recipients: 1, app_id: w.appId });
  });

  test("nobody to send to → 200 with id '' and the not-subscribed error; nothing kept", async () => {
    const before = w.emu.state.messages(w.appId).length;
    const res = await send({ ...PUSH, include_aliases: { external_id: ["nobody"] }, target_channel: "push" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: "",
      external_id: null,
      errors: ["All included players are not subscribed"],
    });
    expect(w.emu.state.messages(w.appId)).toHaveLength(before);
  });

  test("partial success reports invalid aliases", async () => {
    const res = await send({
      ...PUSH,
      include_aliases: { external_id: ["u1", "ghost"] },
      target_channel: "push",
    });
    expect(res.status).toBe(200);
    expect(res.body.id).not.toBe("");
    expect(res.body.errors).toEqual({ invalid_aliases: { external_id: ["ghost"] } });
  });

  test("no targeting → 400 with OneSignal's sentinel text; two methods → 400", async () => {
    const none = await send(PUSH);
    expect(none.status).toBe(400);
    expect(none.body).toEqual({
      errors: ["You must include which players, segments, or tags you wish to send this notification to."],
    });
    const two = await send({ ...PUSH, included_segments: ["Pro"], include_subscription_ids: ["x"] });
    expect(two.status).toBe(400);
    expect(two.body.errors[0]).toMatch(/Only one targeting method/);
    const excludedOnly = await send({ ...PUSH, excluded_segments: ["Pro"] });
    expect(excludedOnly.status).toBe(400);
  });

  test("include_aliases needs target_channel", async () => {
    const res = await send({ ...PUSH, include_aliases: { external_id: ["u1"] } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: ["include_aliases requires target_channel"] });
  });

  test("include_phone_numbers: SMS only, E.164 only; unknown numbers become subscribers (OneSignal's docs: SMS)", async () => {
    const ok = await send({ contents: { en: "code" }, include_phone_numbers: ["+15558675309"], name: "otp" });
    expect(ok.status).toBe(200);
    expect(ok.body.id).not.toBe("");
    expect(w.emu.state.messages(w.appId).find((m) => m.id === ok.body.id)?.channel).toBe("sms");
    const bad = await send({ contents: { en: "code" }, include_phone_numbers: ["5558675309"] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toContain("5558675309");
    const push = await send({
      contents: { en: "x" },
      include_phone_numbers: ["+15558675309"],
      target_channel: "push",
    });
    expect(push.status).toBe(400);
  });

  test("at most 20,000 targets per call", async () => {
    const ids = Array.from({ length: 20_001 }, (_, i) => `s${i}`);
    const res = await send({ ...PUSH, include_subscription_ids: ids });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatch(/20000/);
    const okRes = await send({ ...PUSH, include_subscription_ids: ids.slice(0, 20_000) });
    expect(okRes.status).toBe(200);
  });

  test("segments must exist (included and excluded)", async () => {
    const res = await send({ ...PUSH, included_segments: ["Pro"], excluded_segments: ["Nope"] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: ["Segments not found: Nope"] });
  });

  test("filters targeting uses the segment grammar (1–200)", async () => {
    const ok = await send({
      ...PUSH,
      filters: [{ field: "tag", key: "plan", relation: "=", value: "free" }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.id).not.toBe("");
    expect((await send({ ...PUSH, filters: [] })).status).toBe(400);
    expect((await send({ ...PUSH, filters: [{ field: "tag", relation: "=" }] })).status).toBe(400);
  });

  test("name ≤ 128; custom_data ≤ 2048 bytes for push, ≤ 10000 for email", async () => {
    expect((await send({ ...PUSH, included_segments: ["Pro"], name: "n".repeat(129) })).status).toBe(400);
    const big = { blob: "x".repeat(2100) };
    expect((await send({ ...PUSH, included_segments: ["Pro"], custom_data: big })).status).toBe(400);
    const email = { email_subject: "s", email_body: "b", email_to: ["a@example.com"] };
    expect((await send({ ...email, custom_data: big })).status).toBe(200);
    expect((await send({ ...email, custom_data: { blob: "x".repeat(10_000) } })).status).toBe(400);
  });

  test("content rules per channel", async () => {
    const noEn = await send({ contents: { fr: "x" }, included_segments: ["Pro"] });
    expect(noEn.status).toBe(400);
    expect(noEn.body).toEqual({ errors: ["Message Notifications must have English language content"] });
    expect((await send({ email_body: "b", email_to: ["a@example.com"] })).status).toBe(400);
    expect((await send({ include_phone_numbers: ["+15558675309"] })).status).toBe(400);
    expect((await send({ content_available: true, included_segments: ["Pro"] })).status).toBe(200);
  });

  test("send_after must parse as a date (ISO and the 5.12 spec's human formats)", async () => {
    for (const when of [
      "2030-09-24T14:00:00Z",
      "2015-09-24 14:00:00 GMT-0700",
      "Thu Sep 24 2015 14:00:00 GMT-0700 (PDT)",
      "September 24th 2015, 2:00:00 pm UTC-07:00",
    ]) {
      const res = await send({ ...PUSH, included_segments: ["Pro"], send_after: when });
      expect([when, res.status]).toEqual([when, 200]);
    }
    const bad = await send({ ...PUSH, included_segments: ["Pro"], send_after: "next tuesday-ish" });
    expect(bad.status).toBe(400);
  });

  test("delayed_option and delivery_time_of_day", async () => {
    const base = { ...PUSH, included_segments: ["Pro"] };
    expect((await send({ ...base, delayed_option: "timezone", delivery_time_of_day: "9:00AM" })).status).toBe(
      200,
    );
    expect((await send({ ...base, delayed_option: "timezone", delivery_time_of_day: "21:45" })).status).toBe(
      200,
    );
    expect(
      (await send({ ...base, delayed_option: "timezone", delivery_time_of_day: "9:45:30" })).status,
    ).toBe(200);
    expect((await send({ ...base, delayed_option: "last-active" })).status).toBe(200);
    expect((await send({ ...base, delayed_option: "timezone" })).status).toBe(400);
    expect((await send({ ...base, delayed_option: "timezone", delivery_time_of_day: "25:00" })).status).toBe(
      400,
    );
    expect(
      (await send({ ...base, delayed_option: "timezone", delivery_time_of_day: "13:00PM" })).status,
    ).toBe(400);
    expect((await send({ ...base, delayed_option: "soon" })).status).toBe(400);
  });

  test("template_id must exist in the app; content may then be omitted", async () => {
    const t = await w.http.call({
      method: "POST",
      path: "/templates",
      key: w.key,
      body: { app_id: w.appId, name: "T", contents: { en: "from template" } },
    });
    const ok = await send({ template_id: t.body.id, included_segments: ["Pro"] });
    expect(ok.status).toBe(200);
    expect(ok.body.id).not.toBe("");
    const missing = await send({ template_id: randomUUID(), included_segments: ["Pro"] });
    expect(missing.status).toBe(400);
  });

  test("idempotency_key: any RFC 9562 UUID; a repeat returns the original without sending again", async () => {
    expect((await send({ ...PUSH, included_segments: ["Pro"], idempotency_key: "not-a-uuid" })).status).toBe(
      400,
    );
    for (const noVersion of [
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ]) {
      const res = await send({ ...PUSH, included_segments: ["Pro"], idempotency_key: noVersion });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: ["idempotency_key must be an RFC 9562 UUID"] });
    }
    const v1 = "c232ab00-9414-11ec-b3c8-9f6bdeced846";
    const v7 = "017f22e2-79b0-7cc3-98c4-dc0c0c07398f";
    for (const key of [v1, v7])
      expect((await send({ ...PUSH, included_segments: ["Pro"], idempotency_key: key })).body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        external_id: key,
      });
    const idem = randomUUID();
    const first = await send({ ...PUSH, included_segments: ["Pro"], idempotency_key: idem });
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(first.body.external_id).toBe(idem);
    const count = w.emu.state.messages(w.appId).length;
    const again = await send({ ...PUSH, included_segments: ["Pro"], idempotency_key: idem });
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(w.emu.state.messages(w.appId)).toHaveLength(count);
    // After 30 days the key may send again (OneSignal's docs: idempotent notification requests).
    w.emu.state.advanceClock(30 * 24 * 3600 * 1000 + 1000);
    try {
      const later = await send({ ...PUSH, included_segments: ["Pro"], idempotency_key: idem });
      expect(later.headers.get("idempotent-replayed")).toBeNull();
      expect(later.body.id).not.toBe(first.body.id);
    } finally {
      w.emu.state.advanceClock(-(30 * 24 * 3600 * 1000 + 1000));
    }
  });

  test("the deprecated external_id has its own keyspace with the same semantics", async () => {
    const ext = randomUUID();
    const first = await send({ ...PUSH, included_segments: ["Pro"], external_id: ext });
    const again = await send({ ...PUSH, included_segments: ["Pro"], external_id: ext });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body.id).toBe(first.body.id);
    const asIdem = await send({ ...PUSH, included_segments: ["Pro"], idempotency_key: ext });
    expect(asIdem.headers.get("idempotent-replayed")).toBeNull();
  });

  test("throttle_rate_per_minute: a number (docs) or a digit string (the 5.12 spec)", async () => {
    for (const rate of [0, 600, "0", "600"])
      expect(
        (await send({ ...PUSH, included_segments: ["Pro"], throttle_rate_per_minute: rate })).status,
      ).toBe(200);
    for (const rate of [-1, 1.5, "fast"]) {
      const res = await send({ ...PUSH, included_segments: ["Pro"], throttle_rate_per_minute: rate });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: ["throttle_rate_per_minute must be a whole number of 0 or more"] });
    }
  });

  test("target_channel defaults to push: an SMS body to segments without it reaches no SMS subscriber", async () => {
    w.emu.state.addSubscriptions(w.appId, [
      { type: "sms", token: "+15558675311", tags: { plan: "text" } },
      { type: "email", token: "t@example.com", tags: { plan: "text" } },
    ]);
    await w.http.call({
      method: "POST",
      path: `/apps/${w.appId}/segments`,
      key: w.key,
      body: { name: "Texters", filters: [{ field: "tag", key: "plan", relation: "=", value: "text" }] },
    });
    const sms = { contents: { en: "Hi" }, sms_from: "+15558675300", included_segments: ["Texters"] };
    // sms: `included_segments` "requires `target_channel` to be set to `'sms'`"; without it the
    // message is a push, and the segment has no push subscriber.
    const without = await send(sms);
    expect(without.status).toBe(200);
    expect(without.body).toEqual({
      id: "",
      external_id: null,
      errors: ["All included players are not subscribed"],
    });
    const withIt = await send({ ...sms, target_channel: "sms" });
    expect(withIt.status).toBe(200);
    const msg = w.emu.state.messages(w.appId).find((m) => m.id === withIt.body.id);
    expect(msg).toMatchObject({ channel: "sms", recipients: 1 });
    // name is optional for SMS.
    expect(msg?.request).not.toHaveProperty("name");
    // An email body needs no target_channel (email: required members app_id, email_subject, email_body).
    const email = await send({ email_subject: "s", email_body: "b", included_segments: ["Texters"] });
    expect(w.emu.state.messages(w.appId).find((m) => m.id === email.body.id)?.channel).toBe("email");
  });

  test("a body without a JSON Content-Type leaves app_id unread: the docs' 400", async () => {
    for (const headers of [{ "Content-Type": "text/plain" }, {}] as Record<string, string>[]) {
      const res = await call(w.emu.url, {
        method: "POST",
        path: "/notifications",
        key: w.key,
        raw: JSON.stringify({ app_id: w.appId, ...PUSH, included_segments: ["Pro"] }),
        headers,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        errors: ["app_id not found. You may be missing a Content-Type: application/json header."],
        reference: ["/docs/accounts-and-keys#section-keys-ids"],
      });
    }
  });

  test("app_id is required; wrong types → 400; ?c=sms is accepted and ignored", async () => {
    const noApp = await w.http.call({
      method: "POST",
      path: "/notifications",
      key: w.key,
      body: { ...PUSH, included_segments: ["Pro"] },
    });
    expect(noApp.status).toBe(400);
    expect((await send({ contents: "hi", included_segments: ["Pro"] })).status).toBe(400);
    expect((await send({ ...PUSH, included_segments: "Pro" })).status).toBe(400);
    const withC = await w.http.call({
      method: "POST",
      path: "/notifications?c=push",
      key: w.key,
      body: { app_id: w.appId, ...PUSH, included_segments: ["Pro"] },
    });
    expect(withC.status).toBe(200);
  });
});
