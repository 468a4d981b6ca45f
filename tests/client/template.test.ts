/** Templates against the emulator. Template reads are paced at 1 req/s/app. */
import {
  isNotFound,
  isOneSignalApiError,
  isOneSignalValidationError,
  TEMPLATE_PAGE_LIMIT,
} from "../../provider/client";
import { rejection, useWorld } from "../helpers/world";

jest.setTimeout(90_000);
const w = useWorld({ emulator: { rateLimits: "onesignal" }, pacing: true });

describe("templates", () => {
  it("push: create → get → update (full) → delete", async () => {
    const t = await w.client.templates.create(w.auth, {
      name: "Welcome",
      contents: { en: "Hi {{ name }}", fr: "Salut" },
      headings: { en: "Hello" },
      isIos: true,
      url: "https://example.com/w",
    });
    expect(t).toMatchObject({
      name: "Welcome",
      channel: "push",
      content: {
        contents: { en: "Hi {{ name }}", fr: "Salut" },
        headings: { en: "Hello" },
        isIos: true,
        url: "https://example.com/w",
      },
    });
    const got = await w.client.templates.get(w.auth, t.id);
    expect(got.id).toBe(t.id);
    expect(got.content.contents).toEqual({ en: "Hi {{ name }}", fr: "Salut" });
    const u = await w.client.templates.update(w.auth, t.id, { name: "Welcome 2", contents: { en: "Hey" } });
    expect(u).toMatchObject({ id: t.id, name: "Welcome 2", content: { contents: { en: "Hey" } } });
    await w.client.templates.delete(w.auth, t.id);
    expect(isNotFound(await rejection(w.client.templates.get(w.auth, t.id)))).toBe(true);
    expect(isNotFound(await rejection(w.client.templates.delete(w.auth, t.id)))).toBe(true);
  });

  it("email and SMS channels (SMS read back upper-case, normalised)", async () => {
    const e = await w.client.templates.create(w.auth, {
      name: "Mail",
      channel: "email",
      emailSubject: "S",
      emailBody: "<p>B</p>",
      emailBcc: ["a@example.com"],
      emailFromName: "Team",
    });
    expect(e.channel).toBe("email");
    expect(e.content).toMatchObject({
      isEmail: true,
      emailSubject: "S",
      emailBody: "<p>B</p>",
      emailBcc: ["a@example.com"],
      emailFromName: "Team",
    });
    const s = await w.client.templates.create(w.auth, {
      name: "Text",
      isSms: true,
      contents: { en: "code 1234" },
      smsFrom: "+15558675309",
    });
    expect(s.channel).toBe("sms");
    expect(s.content).toMatchObject({ isSms: true, smsFrom: "+15558675309" });
    const sms = await w.client.templates.listAll(w.auth, { channel: "sms" });
    expect(sms.map((x) => x.id)).toEqual([s.id]);
  });

  it("copy to another app of the organization (org key)", async () => {
    const src = await w.client.templates.create(w.auth, { name: "Shared", contents: { en: "x" } });
    const target = await w.client.apps.create({ name: "Target", organizationId: w.emu.organizationId });
    const copy = await w.client.templates.copy(w.appId, src.id, target.id);
    expect(copy.id).toBeDefined();
    expect(copy.id).not.toBe(src.id);
    expect(copy.template).toMatchObject({ name: "Shared", content: { contents: { en: "x" } } });
    const same = await rejection(w.client.templates.copy(w.appId, src.id, w.appId));
    expect(isOneSignalApiError(same) && same.status).toBe(400);
  });

  it("copy answered with {success:true} (docs shape) yields neither id nor template", async () => {
    const src = await w.client.templates.create(w.auth, { name: "Docs copy", contents: { en: "x" } });
    const target = await w.client.apps.create({ name: "Target 2", organizationId: w.emu.organizationId });
    w.emu.state.setSettings({ copyTemplateResponse: "success" });
    try {
      expect(await w.client.templates.copy(w.appId, src.id, target.id)).toEqual({});
    } finally {
      w.emu.state.setSettings({ copyTemplateResponse: "resource" });
    }
  });

  it("per-channel validation happens before any request", async () => {
    const before = w.emu.counters().total;
    const e = await rejection(
      w.client.templates.create(w.auth, { name: "Bad", isEmail: true, emailSubject: "only subject" }),
    );
    expect(isOneSignalValidationError(e)).toBe(true);
    expect(e.issues).toEqual([{ path: "emailBody", message: "is required for an email template" }]);
    expect(w.emu.counters().total).toBe(before);
  });

  it("paginates past one page (limit 50), paced without 429s", async () => {
    const app = await w.client.apps.create({ name: "Many templates", organizationId: w.emu.organizationId });
    const key = await w.client.apiKeys.create(app.id, { name: "k" });
    const auth = { appId: app.id, apiKey: key.formattedToken };
    const n = TEMPLATE_PAGE_LIMIT + 3;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        w.client.templates.create(auth, { name: `t${i}`, contents: { en: `m${i}` } }),
      ),
    );
    const page2 = await w.client.templates.list(auth, { offset: TEMPLATE_PAGE_LIMIT });
    expect(page2.templates).toHaveLength(3);
    const all = await w.client.templates.listAll(auth);
    expect(all).toHaveLength(n);
    expect(new Set(all.map((t) => t.id)).size).toBe(n);
    expect(w.emu.counters().byStatus["429"]).toBeUndefined();
  });
});
