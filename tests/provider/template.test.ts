/**
 * Template handlers against the emulator: CRUD per channel, normalised reads (SMS case, nulls),
 * drift, out-of-band deletion, adoption, lost create responses.
 */
import { useWorld } from "../helpers/world";
import { PROVIDER } from "./helpers";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Templates", key: "k" } });

const P = {
  __provider: PROVIDER,
  __owner: "organization/urn:pulumi:test::provider-tests::pulumi-nodejs:dynamic/onesignal:Template::r",
};
const sms = () => ({
  ...P,
  appId: w.appId,
  apiKey: w.key,
  name: "Welcome SMS",
  channel: "sms",
  contents: { en: "Welcome! {{ 'https://acme.example/start' | track_link }}" },
});

describe("Template", () => {
  it.each([
    ["sms", sms],
    [
      "push",
      () => ({
        ...P,
        appId: w.appId,
        apiKey: w.key,
        name: "Push",
        channel: "push",
        contents: { en: "Hi", es: "Hola" },
        headings: { en: "Hello" },
        url: "https://acme.example/welcome",
      }),
    ],
    [
      "email",
      () => ({
        ...P,
        appId: w.appId,
        apiKey: w.key,
        name: "Mail",
        channel: "email",
        emailSubject: "Welcome",
        emailBody: "<p>Hi</p>",
      }),
    ],
  ])("%s: creates, refreshes without a diff, updates, deletes", async (channel, make) => {
    const inputs = make() as Record<string, unknown>;
    const c = await w.h.template.create(inputs);
    expect(c.outs).toMatchObject({ appId: w.appId, name: inputs.name, channel });
    const r = await w.h.template.read(c.id, { ...c.outs, ...P });
    expect(r.props?.channel).toBe(channel); // emulator says "SMS"; state keeps lower case
    expect((await w.h.template.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);

    const news = { ...inputs, name: `${String(inputs.name)} v2` };
    const u = await w.h.template.update(c.id, { ...r.props, ...P }, news);
    expect(u.outs.name).toBe(news.name);
    expect(w.emu.state.get("templates", c.id)?.name).toBe(news.name);
    // The full content is still there after the update.
    expect((await w.h.template.diff(c.id, { ...u.outs, ...P }, news)).changes).toBe(false);

    await w.h.template.delete(c.id, { ...u.outs, ...P });
    expect(w.emu.state.get("templates", c.id)).toBeUndefined();
    await expect(w.h.template.delete(c.id, { ...u.outs, ...P })).resolves.toBeUndefined();
  });

  it("detects drift of contents and restores it; out-of-band deletion reads as gone", async () => {
    const inputs = sms();
    const c = await w.h.template.create(inputs);
    const rec = w.emu.state.get("templates", c.id)!;
    w.emu.state.patch("templates", c.id, {
      content: { ...rec.content, contents: { en: "Changed in dashboard" } },
    });
    const r = await w.h.template.read(c.id, { ...c.outs, ...P });
    expect(r.props?.contents).toEqual({ en: "Changed in dashboard" });
    expect((await w.h.template.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(true);
    await w.h.template.update(c.id, { ...r.props, ...P }, inputs);
    expect((w.emu.state.get("templates", c.id)?.content as { contents: unknown }).contents).toEqual(
      inputs.contents,
    );
    w.emu.state.delete("templates", c.id);
    expect(await w.h.template.read(c.id, { ...c.outs, ...P })).toEqual({});
  });

  it("an apiKey-only change makes no API call", async () => {
    const c = await w.h.template.create(sms());
    const other = w.emu.state.issueApiKey(w.appId, { name: "k2" }).token;
    const news = { ...sms(), apiKey: other };
    expect(await w.h.template.diff(c.id, { ...c.outs, ...P }, news)).toMatchObject({
      changes: true,
      replaces: [],
    });
    w.emu.resetCounters();
    const u = await w.h.template.update(c.id, { ...c.outs, ...P }, news);
    expect(w.emu.counters().total).toBe(0);
    expect(u.outs.apiKey).toBe(other);
    expect(u.outs.contents).toEqual(sms().contents);
  });

  it("a refresh's inputs and the checked inputs leave out the channel the flags imply (no `[diff: -channel]`)", async () => {
    const push = { ...P, appId: w.appId, apiKey: w.key, name: "No channel", contents: { en: "Hi" } };
    const c = await w.h.template.create(push);
    expect(c.outs.channel).toBe("push");
    w.emu.state.patch("templates", c.id, { name: "Renamed in dashboard" });
    const r = await w.h.template.read(c.id, { ...c.outs, ...P });
    expect(r.inputs).toMatchObject({ name: "Renamed in dashboard" });
    expect(r.inputs).not.toHaveProperty("channel");
    expect(r.props?.channel).toBe("push");
    // Spelling the implied channel is the same program; another channel is kept.
    expect((await w.h.template.check({}, { ...push, channel: "push" })).inputs).not.toHaveProperty("channel");
    const viaFlag = {
      ...P,
      appId: w.appId,
      apiKey: w.key,
      name: "Flag",
      isSms: true,
      contents: { en: "Hi" },
    };
    expect((await w.h.template.check({}, { ...viaFlag, channel: "sms" })).inputs).not.toHaveProperty(
      "channel",
    );
    const s = await w.h.template.check({}, sms());
    expect(s.failures).toEqual([]);
    expect(s.inputs.channel).toBe("sms");
    const cs = await w.h.template.create(sms());
    // Unchanged: no inputs (the engine keeps the stored ones); renamed outside Pulumi, the inputs
    // come from the outputs and keep the channel no flag implies.
    expect((await w.h.template.read(cs.id, { ...cs.outs, ...P })).inputs).toBeUndefined();
    w.emu.state.patch("templates", cs.id, { name: "Renamed in dashboard" });
    const rs = await w.h.template.read(cs.id, { ...cs.outs, ...P });
    expect(rs.inputs?.channel).toBe("sms");
  });

  it("a refused apiKey keeps the last state at refresh (so up can heal the key); a refused setting key fails saying how to recover", async () => {
    const c = await w.h.template.create(sms());
    const tokenId = w.emu.state.list("apiKeys", { appId: w.appId })[0]!.token_id as string;
    await w.client.apiKeys.delete(w.appId, tokenId); // deleted outside Pulumi
    w.h.ctx.warnings.length = 0;
    const r = await w.h.template.read(c.id, { ...c.outs, ...P });
    expect(r).toMatchObject({
      id: c.id,
      props: { name: "Welcome SMS", contents: sms().contents, apiKey: w.key },
    });
    for (const k of ["name", "channel", "contents", "createdAt", "updatedAt"])
      expect(r.props?.[k]).toEqual(c.outs[k]);
    expect(w.h.ctx.warnings.join("\n")).toMatch(
      /Template "Welcome SMS" .* was not refreshed: OneSignal refused the app API key in its apiKey \(403\)/,
    );
    // Import or get (no last state): nothing to keep, so the refusal is the error.
    await expect(w.h.template.read(c.id, { ...P, appId: w.appId, apiKey: w.key })).rejects.toThrow(
      /OneSignal Template read failed: OneSignal refused the app API key in its apiKey .*pulumi up --refresh/,
    );
    // The key came from the provider setting: only the user can replace it, so refresh fails and says how.
    const viaSetting = w.handlers({ appApiKey: w.key });
    const noKey: Record<string, unknown> = { ...c.outs, ...P };
    delete noKey.apiKey;
    await expect(viaSetting.template.read(c.id, noKey)).rejects.toThrow(
      /refused the app API key of the provider setting onesignal:appApiKey .*pulumi config set --secret onesignal:appApiKey.*--run-program/,
    );
  });

  it("a get read (no content inputs) yields every content member OneSignal returns; a managed read adds none and shows no diff", async () => {
    const push = {
      ...P,
      appId: w.appId,
      apiKey: w.key,
      name: "Push",
      channel: "push",
      contents: { en: "Hi", es: "Hola" },
      headings: { en: "Hello" },
      url: "https://acme.example/welcome",
      isIos: true,
    };
    const c = await w.h.template.create(push);
    // What Template.get sends: the constructor's inputs (id, app, key, the resource name), no content.
    const got = await w.h.template.read(c.id, { ...P, appId: w.appId, apiKey: w.key, name: "looked-up" });
    expect(got.props).toMatchObject({
      name: "Push",
      channel: "push",
      contents: push.contents,
      headings: push.headings,
      url: push.url,
      isIos: true,
    });
    // A managed template that leaves headings alone: set in the dashboard, they stay out of its state.
    const managed = { ...push, name: "Managed" };
    delete (managed as Partial<typeof managed>).headings;
    delete (managed as Partial<typeof managed>).url;
    const m = await w.h.template.create(managed);
    const rec = w.emu.state.get("templates", m.id)!;
    w.emu.state.patch("templates", m.id, { content: { ...rec.content, headings: { en: "Dashboard" } } });
    const r = await w.h.template.read(m.id, { ...m.outs, ...P });
    expect(r.props).not.toHaveProperty("headings");
    expect(r.props).not.toHaveProperty("url");
    expect(r.props?.contents).toEqual(push.contents);
    expect((await w.h.template.diff(m.id, { ...r.props, ...P }, managed)).changes).toBe(false);
  });

  it("adopts an existing template by adoptExistingId", async () => {
    const first = await w.h.template.create({ ...sms(), name: "Dashboard" });
    const c = await w.handlers().template.create({
      ...sms(),
      name: "Managed",
      adoptExistingId: first.id,
    });
    expect(c.id).toBe(first.id);
    expect(w.emu.state.list("templates", { appId: w.appId })).toHaveLength(1);
    expect(w.emu.state.get("templates", first.id)?.name).toBe("Managed");
  });

  it("delete of a template a Journey uses fails with OneSignal's reason; a later delete finishes", async () => {
    const c = await w.h.template.create(sms());
    w.emu.state.patch("templates", c.id, { in_journey: true });
    const err = await w.h.template.delete(c.id, { ...c.outs, ...P }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toContain("Can not delete a template that has journeys using it.");
    expect(err?.message).toContain("400");
    expect(err?.message).toContain(c.id);
    expect(err?.message).toContain("remove it from the Journeys that use it");
    expect(err?.message).not.toContain(w.key);
    expect(w.emu.state.get("templates", c.id)).toBeDefined();
    w.emu.state.patch("templates", c.id, { in_journey: false });
    await w.h.template.delete(c.id, { ...c.outs, ...P });
    expect(w.emu.state.get("templates", c.id)).toBeUndefined();
  });

  it("content members no field models show in unmodelledContent, and never as a diff", async () => {
    const inputs = sms();
    const c = await w.h.template.create(inputs);
    expect(c.outs.unmodelledContent).toBeUndefined();
    const rec = w.emu.state.get("templates", c.id)!;
    w.emu.state.patch("templates", c.id, { content: { ...rec.content, sms_auto_shorten: true } });
    const r = await w.h.template.read(c.id, { ...c.outs, ...P });
    expect(r.props?.unmodelledContent).toEqual({ sms_auto_shorten: true });
    // unmodelledContent is an output only: no input changed, so no inputs are given.
    expect(r.inputs).toBeUndefined();
    expect((await w.h.template.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);
  });

  it("dynamicContent given as a JSON string is sent as the docs' object; the object form is no change", async () => {
    const dc = { campaign_id: { A: { title: "T", message: "M" } } };
    const inputs = { ...sms(), dynamicContent: JSON.stringify(dc) };
    const c = await w.h.template.create(inputs);
    expect(w.emu.state.get("templates", c.id)?.content.dynamic_content).toEqual(dc);
    const r = await w.h.template.read(c.id, { ...c.outs, ...P });
    expect(
      (await w.h.template.diff(c.id, { ...r.props, ...P }, { ...sms(), dynamicContent: dc })).changes,
    ).toBe(false);
  });

  it("a lost create response adopts the created template: no duplicate", async () => {
    w.emu.faults.add({ kind: "drop-response", method: "POST", route: "template", count: 1 });
    const c = await w.h.template.create(sms());
    const all = w.emu.state.list("templates", { appId: w.appId });
    expect(all).toHaveLength(1);
    expect(all[0].id).toBe(c.id);
  });
});
