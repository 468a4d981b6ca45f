/** Create message (create_notification) against the emulator. */
import { randomUUID } from "node:crypto";
import { isOneSignalValidationError } from "../../provider/client";
import { rejection, useWorld } from "../helpers/world";

const w = useWorld();
beforeAll(() => {
  w.emu.state.addSubscriptions(w.appId, [
    { type: "push", external_id: "u1", tags: { plan: "premium" } },
    { type: "sms", token: "+15558675309", external_id: "u2" },
  ]);
});

describe("notifications", () => {
  it("sends to a segment and reports sent", async () => {
    const r = await w.client.notifications.create(w.auth, {
      contents: { en: "hello" },
      includedSegments: ["Subscribed Users"],
    });
    expect(r.sent).toBe(true);
    expect(r.id).not.toBe("");
    expect(r.replayed).toBe(false);
    expect(w.emu.state.messages(w.appId)).toHaveLength(1);
  });

  it("HTTP 200 with an empty id means nothing was sent", async () => {
    const r = await w.client.notifications.create(w.auth, {
      contents: { en: "x" },
      includeAliases: { external_id: ["nobody"] },
      targetChannel: "push",
    });
    expect(r).toMatchObject({ id: "", sent: false });
    expect(r.errors).toBeTruthy();
  });

  it("an idempotency key replays instead of sending twice", async () => {
    const key = randomUUID();
    const input = {
      contents: { en: "once" },
      filters: [{ field: "tag", key: "plan", relation: "=" as const, value: "premium" }],
      idempotencyKey: key,
    };
    const a = await w.client.notifications.create(w.auth, input);
    const b = await w.client.notifications.create(w.auth, input);
    expect(b.id).toBe(a.id);
    expect(b.replayed).toBe(true);
    expect(a.externalId).toBe(key);
  });

  it("SMS by phone number with a template and a name", async () => {
    const t = await w.client.templates.create(w.auth, { name: "OTP", isSms: true, contents: { en: "code" } });
    const r = await w.client.notifications.create(w.auth, {
      name: "otp",
      templateId: t.id,
      includePhoneNumbers: ["+15558675309"],
      sendAfter: "2030-01-01T00:00:00Z",
    });
    expect(r.sent).toBe(true);
  });

  it("targeting exclusivity is checked before any request", async () => {
    const before = w.emu.counters().total;
    const e = await rejection(
      w.client.notifications.create(w.auth, {
        contents: { en: "x" },
        includedSegments: ["A"],
        includeSubscriptionIds: ["s"],
      }),
    );
    expect(isOneSignalValidationError(e)).toBe(true);
    expect(e.message).toMatch(/only one targeting method/);
    expect(w.emu.counters().total).toBe(before);
  });
});
