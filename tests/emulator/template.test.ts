import { randomUUID } from "node:crypto";
import { call, expectJson } from "./helpers";
import { useWorld } from "../helpers/world";

const w = useWorld({ app: false });

async function setup() {
  const { appId, key } = await w.http.appWithKey();
  const create = (body: Record<string, unknown>) =>
    w.http.call({ method: "POST", path: "/templates", key, body: { app_id: appId, ...body } });
  return { appId, key, create };
}

const PUSH = { name: "Welcome", contents: { en: "Hello", fr: "Bonjour" }, headings: { en: "Hi" } };
const EMAIL = { name: "Mail", isEmail: true, email_subject: "Subject", email_body: "<p>Body</p>" };
const SMS = { name: "Text", isSMS: true, contents: { en: "Code 1234" }, sms_from: "+15555550100" };

describe("templates (create_template, view_template, view_templates, update_template, delete_template, copy_template_to_app)", () => {
  test("push create → 200 TemplateResource: inputs nested under content, no channel (create-template's example), unset → null", async () => {
    const s = await setup();
    const res = await s.create({
      ...PUSH,
      isAndroid: true,
      isIos: true,
      dynamic_content: "{}",
      custom_prop: 7,
    });
    expect(res.status).toBe(200);
    expectJson(res);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      name: "Welcome",
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(res.body).not.toHaveProperty("channel");
    expect(res.body).not.toHaveProperty("contents");
    const content = res.body.content;
    expect(content).toMatchObject({
      contents: PUSH.contents,
      headings: PUSH.headings,
      subtitle: null,
      isEmail: null,
      email_subject: null,
      isSMS: null,
      isAndroid: true,
      isIos: true,
      isChromeWeb: false,
      custom_prop: 7,
    });
    // dynamic_content is write-only: view_template does not echo it
    expect(content).not.toHaveProperty("dynamic_content");
  });

  test("push platform flags default to all-on, isAlexa null, when none is named (create-template's example)", async () => {
    const s = await setup();
    const res = await s.create(PUSH);
    expect(res.body.content).toMatchObject({
      isAndroid: true,
      isIos: true,
      isChromeWeb: true,
      isSafari: true,
      isWP: true,
      isWP_WNS: true,
      isChrome: true,
      isAlexa: null,
    });
  });

  test("dynamic_content: an object (the docs) or a JSON string (the 5.12 spec) is accepted, never echoed", async () => {
    const s = await setup();
    const dc = { campaign_id: { A: { title: "Custom Title A", message: "Custom Message A" } } };
    for (const dynamic_content of [dc, JSON.stringify(dc)]) {
      const res = await s.create({ ...PUSH, dynamic_content });
      expect(res.status).toBe(200);
      expect(res.body.content).not.toHaveProperty("dynamic_content");
    }
    expect((await s.create({ ...PUSH, dynamic_content: 5 })).status).toBe(400);
  });

  test("email and SMS channels (view-template); SMS channel case follows smsChannelCase (default 'SMS')", async () => {
    const s = await setup();
    const view = async (id: string) =>
      (await w.http.call({ path: `/templates/${id}?app_id=${s.appId}`, key: s.key })).body;
    const email = await s.create(EMAIL);
    expect(email.status).toBe(200);
    expect(email.body).not.toHaveProperty("channel");
    expect((await view(email.body.id)).channel).toBe("email");
    expect(email.body.content).toMatchObject({
      isEmail: true,
      email_subject: "Subject",
      email_body: "<p>Body</p>",
      isAndroid: null,
    });
    const sms = await s.create(SMS);
    expect(sms.status).toBe(200);
    expect((await view(sms.body.id)).channel).toBe("SMS");
    w.emu.state.setSettings({ smsChannelCase: "sms" });
    try {
      const view = await w.http.call({ path: `/templates/${sms.body.id}?app_id=${s.appId}`, key: s.key });
      expect(view.body.channel).toBe("sms");
    } finally {
      w.emu.state.setSettings({ smsChannelCase: "SMS" });
    }
  });

  test.each([
    [
      "push without contents.en",
      { name: "p", contents: { fr: "x" } },
      "'message' Notifications must have Any/English language content",
    ],
    [
      "SMS with empty contents",
      { name: "s", isSMS: true, contents: {} },
      "'message' Notifications must have Any/English language content",
    ],
    [
      "email without subject",
      { name: "e", isEmail: true, email_body: "b" },
      "'message' Email subject can not be blank",
    ],
    [
      "email without body",
      { name: "e", isEmail: true, email_subject: "s" },
      "'message' Email body can not be blank",
    ],
    ["both email and SMS", { ...EMAIL, isSMS: true, contents: { en: "x" } }, expect.any(String)],
  ])("%s → 400 {success: false, errors} (create-template)", async (_n, body, message) => {
    const s = await setup();
    const res = await s.create(body);
    expect(res.status).toBe(400);
    expectJson(res);
    expect(res.body).toEqual({ success: false, errors: [message] });
  });

  test.each([
    ["push without contents", { name: "p" }],
    ["SMS without contents", { name: "s", isSMS: true }],
    ["push contents that is not an object", { name: "p", contents: "hello" }],
    ["push contents that is an array", { name: "p", contents: ["hello"] }],
  ])("%s → 422 text/plain HTML page (create-template)", async (_n, body) => {
    const s = await setup();
    const res = await s.create(body);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("text/plain");
    expect(res.text).toContain("<title>The change you wanted was rejected (422)</title>");
    expect(w.emu.state.list("templates", { appId: s.appId })).toHaveLength(0);
  });

  test("structural errors → 400: missing name, wrong types, too many bcc", async () => {
    const s = await setup();
    expect((await s.create({ contents: { en: "x" } })).status).toBe(400);
    expect((await s.create({ name: "n".repeat(129), contents: { en: "x" } })).status).toBe(400);
    expect((await s.create({ name: "t", isSMS: true, contents: "hello" })).status).toBe(400);
    expect((await s.create({ ...EMAIL, email_bcc: ["a@x", "b@x", "c@x", "d@x", "e@x", "f@x"] })).status).toBe(
      400,
    );
    const noApp = await w.http.call({ method: "POST", path: "/templates", key: s.key, body: PUSH });
    expect(noApp.status).toBe(400);
    expect(noApp.body).toEqual({ errors: ["app_id is required"] });
  });

  test("view / update / delete need ?app_id and find only that app's templates", async () => {
    const s = await setup();
    const t = (await s.create(PUSH)).body;
    expect((await w.http.call({ path: `/templates/${t.id}`, key: s.key })).status).toBe(400);
    const view = await w.http.call({ path: `/templates/${t.id}?app_id=${s.appId}`, key: s.key });
    expect(view.status).toBe(200);
    expect(view.body).toEqual({ ...t, channel: "push" });
    const other = await setup();
    const cross = await w.http.call({ path: `/templates/${t.id}?app_id=${other.appId}`, key: other.key });
    expect(cross.status).toBe(404);
    expect(cross.body).toEqual({ errors: ["Template not found"] });
  });

  test("update merges, re-validates the channel rules (400, 422 page) and can clear with null", async () => {
    const s = await setup();
    const t = (await s.create({ ...PUSH, subtitle: { en: "sub" } })).body;
    const path = `/templates/${t.id}?app_id=${s.appId}`;
    const upd = await w.http.call({
      method: "PATCH",
      path,
      key: s.key,
      body: { name: "Renamed", subtitle: null },
    });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({
      id: t.id,
      name: "Renamed",
      content: { contents: PUSH.contents, subtitle: null },
    });
    expect(upd.body).not.toHaveProperty("channel");
    const bad = await w.http.call({ method: "PATCH", path, key: s.key, body: { contents: { fr: "only" } } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      success: false,
      errors: ["'message' Notifications must have Any/English language content"],
    });
    const notObject = await w.http.call({ method: "PATCH", path, key: s.key, body: { contents: "only" } });
    expect(notObject.status).toBe(422);
    expect(notObject.headers.get("content-type")).toBe("text/plain");
    const toEmail = await w.http.call({
      method: "PATCH",
      path,
      key: s.key,
      body: { isEmail: true, email_subject: "s", email_body: "b" },
    });
    expect(toEmail.status).toBe(200);
    expect((await w.http.call({ path, key: s.key })).body.channel).toBe("email");
    const missing = await w.http.call({
      method: "PATCH",
      path: `/templates/${randomUUID()}?app_id=${s.appId}`,
      key: s.key,
      body: { name: "x" },
    });
    expect(missing.status).toBe(404);
  });

  test("delete of a template a Journey uses → 400 (delete-template); marked through the admin API", async () => {
    const s = await setup();
    const t = (await s.create(PUSH)).body;
    const admin = (inJourney: boolean) =>
      call(w.emu.url, {
        method: "PATCH",
        path: `/__emulator/state/templates/${t.id}`,
        body: { in_journey: inJourney },
      });
    expect((await admin(true)).status).toBe(200);
    const del = () =>
      w.http.call({ method: "DELETE", path: `/templates/${t.id}?app_id=${s.appId}`, key: s.key });
    const refused = await del();
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      success: false,
      errors: ["Can not delete a template that has journeys using it."],
    });
    expect(w.emu.state.get("templates", t.id)).toBeDefined();
    // The flag is emulator state, never part of the template OneSignal shows.
    const view = await w.http.call({ path: `/templates/${t.id}?app_id=${s.appId}`, key: s.key });
    expect(JSON.stringify(view.body)).not.toContain("journey");
    expect((await admin(false)).status).toBe(200);
    expect((await del()).status).toBe(200);
    expect(w.emu.state.get("templates", t.id)).toBeUndefined();
  });

  test("SMS sender: a Messaging Service SID or an E.164 number", async () => {
    const s = await setup();
    for (const sms_from of ["MG9752274e9e519418a7406176694466fa", "+15555550100"]) {
      const res = await s.create({ ...SMS, sms_from });
      expect(res.status).toBe(200);
      expect(res.body.content.sms_from).toBe(sms_from);
    }
  });

  test("delete → {success:true}; unknown → 404", async () => {
    const s = await setup();
    const t = (await s.create(PUSH)).body;
    const del = await w.http.call({
      method: "DELETE",
      path: `/templates/${t.id}?app_id=${s.appId}`,
      key: s.key,
    });
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ success: true });
    const again = await w.http.call({
      method: "DELETE",
      path: `/templates/${t.id}?app_id=${s.appId}`,
      key: s.key,
    });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ errors: ["Template not found"] });
  });

  test("list: summaries (id, name, created_at, updated_at) as view-templates' example, limit ≤ 50, offset, channel filter, created_at ascending", async () => {
    const s = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await s.create({ ...PUSH, name: `p${i}` })).body.id);
      await new Promise((r) => setTimeout(r, 2));
    }
    ids.push((await s.create(SMS)).body.id);
    const all = await w.http.call({ path: `/templates?app_id=${s.appId}`, key: s.key });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ limit: 50, offset: 0, total_count: 4 });
    expect(all.body.templates.map((t: { id: string }) => t.id)).toEqual(ids);
    for (const t of all.body.templates)
      expect(Object.keys(t).sort()).toEqual(["created_at", "id", "name", "updated_at"]);
    const page = await w.http.call({ path: `/templates?app_id=${s.appId}&limit=2&offset=1`, key: s.key });
    expect(page.body.templates.map((t: { id: string }) => t.id)).toEqual(ids.slice(1, 3));
    for (const ch of ["sms", "SMS"]) {
      const sms = await w.http.call({ path: `/templates?app_id=${s.appId}&channel=${ch}`, key: s.key });
      expect(sms.body.templates.map((t: { id: string }) => t.id)).toEqual([ids[3]]);
    }
    expect((await w.http.call({ path: `/templates?app_id=${s.appId}&limit=51`, key: s.key })).status).toBe(
      400,
    );
    expect((await w.http.call({ path: `/templates?app_id=${s.appId}&channel=fax`, key: s.key })).status).toBe(
      400,
    );
    expect((await w.http.call({ path: `/templates`, key: s.key })).status).toBe(400);
  });

  test("copy to app: org key, {success: true} (copy-template-to-app), same content in the target; same app or other org → 400", async () => {
    const src = await setup();
    const dst = await setup();
    const t = (await src.create({ ...PUSH, isAndroid: true })).body;
    const copy = await w.http.call({
      method: "POST",
      path: `/templates/${t.id}/copy_to_app?app_id=${src.appId}`,
      key: w.http.org,
      body: { target_app_id: dst.appId },
    });
    expect(copy.status).toBe(200);
    expect(copy.body).toEqual({ success: true });
    const copies = w.emu.state.list("templates", { appId: dst.appId });
    expect(copies).toHaveLength(1);
    expect(copies[0]!.id).not.toBe(t.id);
    const inTarget = await w.http.call({
      path: `/templates/${copies[0]!.id}?app_id=${dst.appId}`,
      key: dst.key,
    });
    expect(inTarget.status).toBe(200);
    expect(inTarget.body.content).toEqual(t.content);
    const same = await w.http.call({
      method: "POST",
      path: `/templates/${t.id}/copy_to_app?app_id=${src.appId}`,
      key: w.http.org,
      body: { target_app_id: src.appId },
    });
    expect(same.status).toBe(400);
    const otherOrg = w.emu.state.createOrganization();
    const foreign = w.emu.state.createApp({ name: "foreign", organizationId: otherOrg.id });
    const cross = await w.http.call({
      method: "POST",
      path: `/templates/${t.id}/copy_to_app?app_id=${src.appId}`,
      key: w.http.org,
      body: { target_app_id: foreign.id },
    });
    expect(cross.status).toBe(400);
    expect(cross.body).toEqual({ errors: ["permission denied"] });
    expect(
      (
        await w.http.call({
          method: "POST",
          path: `/templates/${t.id}/copy_to_app?app_id=${src.appId}`,
          key: src.key,
          body: { target_app_id: dst.appId },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await w.http.call({
          method: "POST",
          path: `/templates/${t.id}/copy_to_app?app_id=${src.appId}`,
          key: w.http.org,
          body: {},
        })
      ).status,
    ).toBe(400);
  });

  test("copy response can be switched to the 5.12 spec's TemplateResource", async () => {
    const src = await setup();
    const dst = await setup();
    const t = (await src.create(PUSH)).body;
    w.emu.state.setSettings({ copyTemplateResponse: "resource" });
    try {
      const copy = await w.http.call({
        method: "POST",
        path: `/templates/${t.id}/copy_to_app?app_id=${src.appId}`,
        key: w.http.org,
        body: { target_app_id: dst.appId },
      });
      expect(copy.body).toMatchObject({ name: t.name, channel: "push", content: t.content });
      expect(copy.body.id).not.toBe(t.id);
    } finally {
      w.emu.state.setSettings({ copyTemplateResponse: "success" });
    }
  });
});
