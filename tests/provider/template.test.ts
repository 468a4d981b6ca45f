/**
 * Template handlers against the emulator: CRUD per channel, normalised reads (SMS case, nulls),
 * drift, out-of-band deletion, adoption, lost create responses.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { emulatorHandlers, PROVIDER } from "./helpers";

let emu: RunningEmulator;
let h: ReturnType<typeof emulatorHandlers>;
let appId: string;
let key: string;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  h = emulatorHandlers(emu);
  appId = emu.state.createApp({ name: "Templates", organizationId: emu.organizationId }).id;
  key = emu.state.issueApiKey(appId, { name: "k" }).token;
});

const P = {
  __provider: PROVIDER,
  __owner: "organization/urn:pulumi:test::provider-tests::pulumi-nodejs:dynamic/onesignal:Template::r",
};
const sms = () => ({
  ...P,
  appId,
  apiKey: key,
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
        appId,
        apiKey: key,
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
        appId,
        apiKey: key,
        name: "Mail",
        channel: "email",
        emailSubject: "Welcome",
        emailBody: "<p>Hi</p>",
      }),
    ],
  ])("%s: creates, refreshes without a diff, updates, deletes", async (channel, make) => {
    const inputs = make() as Record<string, unknown>;
    const c = await h.template.create(inputs);
    expect(c.outs).toMatchObject({ appId, name: inputs.name, channel });
    const r = await h.template.read(c.id, { ...c.outs, ...P });
    expect(r.props?.channel).toBe(channel); // emulator says "SMS"; state keeps lower case
    expect((await h.template.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(false);

    const news = { ...inputs, name: `${String(inputs.name)} v2` };
    const u = await h.template.update(c.id, { ...r.props, ...P }, news);
    expect(u.outs.name).toBe(news.name);
    expect(emu.state.get("templates", c.id)?.name).toBe(news.name);
    // The full content is still there after the update.
    expect((await h.template.diff(c.id, { ...u.outs, ...P }, news)).changes).toBe(false);

    await h.template.delete(c.id, { ...u.outs, ...P });
    expect(emu.state.get("templates", c.id)).toBeUndefined();
    await expect(h.template.delete(c.id, { ...u.outs, ...P })).resolves.toBeUndefined();
  });

  it("detects drift of contents and restores it; out-of-band deletion reads as gone", async () => {
    const inputs = sms();
    const c = await h.template.create(inputs);
    const rec = emu.state.get("templates", c.id)!;
    emu.state.patch("templates", c.id, {
      content: { ...rec.content, contents: { en: "Changed in dashboard" } },
    });
    const r = await h.template.read(c.id, { ...c.outs, ...P });
    expect(r.props?.contents).toEqual({ en: "Changed in dashboard" });
    expect((await h.template.diff(c.id, { ...r.props, ...P }, inputs)).changes).toBe(true);
    await h.template.update(c.id, { ...r.props, ...P }, inputs);
    expect((emu.state.get("templates", c.id)?.content as { contents: unknown }).contents).toEqual(
      inputs.contents,
    );
    emu.state.delete("templates", c.id);
    expect(await h.template.read(c.id, { ...c.outs, ...P })).toEqual({});
  });

  it("an apiKey-only change makes no API call", async () => {
    const c = await h.template.create(sms());
    const other = emu.state.issueApiKey(appId, { name: "k2" }).token;
    const news = { ...sms(), apiKey: other };
    expect(await h.template.diff(c.id, { ...c.outs, ...P }, news)).toMatchObject({
      changes: true,
      replaces: [],
    });
    emu.resetCounters();
    const u = await h.template.update(c.id, { ...c.outs, ...P }, news);
    expect(emu.counters().total).toBe(0);
    expect(u.outs.apiKey).toBe(other);
    expect(u.outs.contents).toEqual(sms().contents);
  });

  it("adopts an existing template by adoptExistingId", async () => {
    const first = await h.template.create({ ...sms(), name: "Dashboard" });
    const c = await emulatorHandlers(emu).template.create({
      ...sms(),
      name: "Managed",
      adoptExistingId: first.id,
    });
    expect(c.id).toBe(first.id);
    expect(emu.state.list("templates", { appId })).toHaveLength(1);
    expect(emu.state.get("templates", first.id)?.name).toBe("Managed");
  });

  it("a lost create response adopts the created template: no duplicate", async () => {
    emu.faults.add({ kind: "drop-response", method: "POST", route: "template", count: 1 });
    const c = await h.template.create(sms());
    const all = emu.state.list("templates", { appId });
    expect(all).toHaveLength(1);
    expect(all[0].id).toBe(c.id);
  });
});
