/** Templates against the emulator. Template reads are paced at 1 req/s/app. */
import {
  isNotFound,
  isOneSignalApiError,
  isOneSignalValidationError,
  OneSignalClient,
  TEMPLATE_PAGE_LIMIT,
} from "../../provider/client";
import { REJECTED_422_PAGE } from "../../emulator/routes/template";
import { rejection, useWorld } from "../helpers/world";
import { startScriptedServer } from "./helpers/scriptedServer";

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

  it("copy answered with the 5.12 spec's TemplateResource yields the new id and template", async () => {
    const src = await w.client.templates.create(w.auth, { name: "Shared", contents: { en: "x" } });
    const target = await w.client.apps.create({ name: "Target", organizationId: w.emu.organizationId });
    w.emu.state.setSettings({ copyTemplateResponse: "resource" });
    try {
      const copy = await w.client.templates.copy(w.appId, src.id, target.id);
      expect(copy.id).toBeDefined();
      expect(copy.id).not.toBe(src.id);
      expect(copy.template).toMatchObject({ name: "Shared", content: { contents: { en: "x" } } });
    } finally {
      w.emu.state.setSettings({ copyTemplateResponse: "success" });
    }
    const same = await rejection(w.client.templates.copy(w.appId, src.id, w.appId));
    expect(isOneSignalApiError(same) && same.status).toBe(400);
  });

  it("copy answered with {success:true} (copy-template-to-app, the default) yields neither id nor template", async () => {
    const src = await w.client.templates.create(w.auth, { name: "Docs copy", contents: { en: "x" } });
    const target = await w.client.apps.create({ name: "Target 2", organizationId: w.emu.organizationId });
    expect(await w.client.templates.copy(w.appId, src.id, target.id)).toEqual({});
    expect(w.emu.state.list("templates", { appId: target.id }).map((t) => t.name)).toEqual(["Docs copy"]);
  });

  it("create-template's answer has no channel: derived from the content flags; unmodelled members kept visible", async () => {
    const e = await w.client.templates.create(w.auth, {
      name: "Mail flags",
      channel: "email",
      emailSubject: "S",
      emailBody: "<p>B</p>",
    });
    expect(e.channel).toBe("email");
    const p = await w.client.templates.create(w.auth, { name: "Push flags", contents: { en: "x" } });
    expect(p.channel).toBe("push");
    // The push platform flags the emulator echoes as create-template's example does.
    expect(p.content).toMatchObject({ isWp: true, isWpWns: true, isChrome: true });
    expect(p.content).not.toHaveProperty("isAlexa"); // null in the answer: not set
    expect(p.unmodelledContent).toBeUndefined();
    w.emu.state.patch("templates", p.id, {
      content: { ...w.emu.state.get("templates", p.id)!.content, ios_sound: "ping.wav" },
    });
    const got = await w.client.templates.get(w.auth, p.id);
    expect(got.unmodelledContent).toEqual({ ios_sound: "ping.wav" });
  });

  it("dynamicContent: an object or a JSON string; both sent as the docs' object", async () => {
    const dc = { campaign_id: { A: { title: "Custom Title A", message: "Custom Message A" } } };
    for (const dynamicContent of [dc, JSON.stringify(dc)]) {
      const t = await w.client.templates.create(w.auth, {
        name: "Dyn",
        contents: { en: "x" },
        dynamicContent,
      });
      expect(w.emu.state.get("templates", t.id)!.content.dynamic_content).toEqual(dc);
    }
  });

  it("SMS sender: a Messaging Service SID is accepted", async () => {
    const s = await w.client.templates.create(w.auth, {
      name: "MG",
      channel: "sms",
      contents: { en: "x" },
      smsFrom: "MG9752274e9e519418a7406176694466fa",
    });
    expect(s.content.smsFrom).toBe("MG9752274e9e519418a7406176694466fa");
  });

  it("a 422 page from create/update-template becomes a readable error: status, operation, template, no HTML", async () => {
    const srv = await startScriptedServer();
    try {
      srv.script((_req, res) => {
        res.writeHead(422, { "Content-Type": "text/plain" });
        res.end(REJECTED_422_PAGE);
      });
      const c = new OneSignalClient({ apiUrl: srv.url, pacing: false, retry: { maxRetries: 0 } });
      const auth = { appId: "11111111-1111-4111-8111-111111111111", apiKey: "app-key-0123456789" };
      const created = await rejection(c.templates.create(auth, { name: "Welcome", contents: { en: "x" } }));
      expect(isOneSignalApiError(created) && created.status).toBe(422);
      expect(created.message).toContain("POST /templates");
      expect(created.message).toContain("422");
      expect(created.message).toContain('create-template rejected template "Welcome"');
      expect(created.message).toContain("The change you wanted was rejected (422)");
      expect(created.message).not.toMatch(/<|background-color|DOCTYPE/);
      const updated = await rejection(
        c.templates.update(auth, "22222222-2222-4222-8222-222222222222", {
          name: "W",
          contents: { en: "x" },
        }),
      );
      expect(updated.message).toContain(
        'update-template rejected template 22222222-2222-4222-8222-222222222222 ("W")',
      );
      expect(updated.message).not.toMatch(/<|background-color/);
    } finally {
      await srv.close();
    }
  });

  it("validation errors are OneSignal's 400 {success: false, errors} with its message", async () => {
    const t = await w.client.templates.create(w.auth, { name: "V", contents: { en: "x" } });
    // Changed out of band into an email template without a body: the next update is refused.
    w.emu.state.patch("templates", t.id, { content: { isEmail: true, email_subject: "s" } });
    const e = await rejection(
      w.client.templates.update(w.auth, t.id, {
        name: "V2",
        channel: "email",
        emailSubject: "s",
        emailBody: " ",
      }),
    );
    expect(isOneSignalApiError(e) && e.status).toBe(400);
    expect(e.messages).toEqual(["'message' Email body can not be blank"]);
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
