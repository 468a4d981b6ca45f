/**
 * Refresh from the list endpoints (issue 17): one view_templates / view_api_keys list per app and
 * operation serves every read; only what changed is viewed, and what the list no longer shows is
 * confirmed gone by its own view. `onesignal:refreshFromLists: false` switches back to one view
 * per object. Each `w.handlers()` is a fresh provider process, as a new engine operation starts one.
 */
import { useWorld } from "../helpers/world";
import { PROVIDER } from "./helpers";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Lists", key: "k" } });

const P = {
  __provider: PROVIDER,
  __owner: "organization/urn:pulumi:test::provider-tests::pulumi-nodejs:dynamic/onesignal:Template::r",
};
const template = (i: number) => ({
  ...P,
  __owner: `${P.__owner}${i}`,
  appId: w.appId,
  apiKey: w.key,
  name: `T${i}`,
  channel: "sms",
  contents: { en: `Message ${i}` },
});

/** Requests the emulator answered on routes matching `re`. */
function requests(re: RegExp): number {
  return Object.entries(w.emu.counters().routes)
    .filter(([route]) => re.test(route))
    .reduce((n, [, c]) => n + c.count, 0);
}
const LIST = /^GET \/templates$/;
const VIEW = /^GET \/templates\/[^/]+$/;

/**
 * `state` with an `updatedAt` off the whole second. A millisecond stamp that falls on a whole
 * second (one in a thousand) reads like a whole-second one, which the list never trusts
 * (unchangedSince): such an object is moved off it, so that the counts in these tests are exact.
 */
function offTheSecond(
  kind: "templates" | "segments" | "apps",
  id: string,
  state: Record<string, unknown>,
): Record<string, unknown> {
  let out = state;
  while (/\.000Z$/.test(String(out.updatedAt))) {
    w.emu.state.advanceClock(1);
    w.emu.state.patch(kind, id, {});
    out = { ...out, updatedAt: w.emu.state.get(kind, id)!.updated_at };
  }
  return out;
}

/** Creates `n` templates, then returns what a new operation's reads start from. */
async function managed(n: number): Promise<{ id: string; state: Record<string, unknown> }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const c = await w.h.template.create(template(i));
    out.push({ id: c.id, state: offTheSecond("templates", c.id, { ...c.outs, ...P }) });
  }
  return out;
}

/** A refresh in a fresh provider process: every resource read at once, as the engine does. */
async function refresh(
  all: { id: string; state: Record<string, unknown> }[],
  settings = {},
  kind: "template" | "segment" | "app" = "template",
) {
  const h = w.handlers(settings);
  w.emu.resetCounters();
  return Promise.all(all.map((r) => h[kind].read(r.id, r.state)));
}

describe("refresh from the list endpoints", () => {
  it("no change: one list for the app, no view, state unchanged", async () => {
    const all = await managed(60);
    const reads = await refresh(all);
    expect(requests(LIST)).toBe(2); // 60 templates: pages of 50 and 10
    expect(requests(VIEW)).toBe(0);
    reads.forEach((r, i) => {
      expect(r.props).toEqual(
        Object.fromEntries(Object.entries(all[i]!.state).filter(([k]) => !k.startsWith("__"))),
      );
    });
  });

  it("a change out of band: exactly that template is viewed, and the drift shows", async () => {
    const all = await managed(5);
    const changed = all[2]!;
    const rec = w.emu.state.get("templates", changed.id)!;
    w.emu.state.patch("templates", changed.id, { content: { ...rec.content, contents: { en: "Edited" } } });
    const reads = await refresh(all);
    expect(requests(LIST)).toBe(1);
    expect(requests(VIEW)).toBe(1);
    expect(reads[2]!.props?.contents).toEqual({ en: "Edited" });
    expect((await w.h.template.diff(changed.id, { ...reads[2]!.props, ...P }, template(2))).changes).toBe(
      true,
    );
    for (const i of [0, 1, 3, 4]) expect(reads[i]!.props?.contents).toEqual({ en: `Message ${i}` });
  });

  it("a delete out of band: confirmed gone with one view, then it leaves state", async () => {
    const all = await managed(3);
    w.emu.state.delete("templates", all[1]!.id);
    const reads = await refresh(all);
    expect(requests(LIST)).toBe(1);
    expect(requests(VIEW)).toBe(1);
    expect(reads[1]).toEqual({});
    expect(reads[0]!.id).toBe(all[0]!.id);
  });

  it("a change within the same millisecond-stamped second as the last write is seen", async () => {
    const [t] = await managed(1);
    // 300 ms after the write, inside the same second: updated_at still moves at millisecond resolution.
    w.emu.state.advanceClock(300);
    w.emu.state.patch("templates", t!.id, { name: "Renamed" });
    const [r] = await refresh([t!]);
    expect(requests(VIEW)).toBe(1);
    expect(r!.props?.name).toBe("Renamed");
  });

  it("a time in whole seconds proves nothing: a same-second change that kept updated_at is still seen", async () => {
    const [t] = await managed(1);
    // OneSignal stamping in whole seconds: the write and a change later in that second carry one time.
    const second = new Date(Math.floor(Date.parse(String(t!.state.updatedAt)) / 1000) * 1000).toISOString();
    const rec = w.emu.state.get("templates", t!.id)!;
    w.emu.state.patch("templates", t!.id, {
      content: { ...rec.content, contents: { en: "Edited" } },
      updated_at: second,
    });
    const [r] = await refresh([{ id: t!.id, state: { ...t!.state, updatedAt: second } }]);
    expect(requests(VIEW)).toBe(1);
    expect(r!.props?.contents).toEqual({ en: "Edited" });
  });

  it("a .000 time in a list that shows milliseconds is a real millisecond: trusted, no view", async () => {
    const all = await managed(3);
    // The service stamps in milliseconds (the other two show it); this one fell on the second.
    const onTheSecond = new Date(
      Math.ceil(Date.parse(String(all[1]!.state.updatedAt)) / 1000) * 1000,
    ).toISOString();
    w.emu.state.patch("templates", all[1]!.id, { updated_at: onTheSecond });
    all[1]!.state = { ...all[1]!.state, updatedAt: onTheSecond };
    const reads = await refresh(all);
    expect(requests(LIST)).toBe(1);
    expect(requests(VIEW)).toBe(0);
    expect(reads[1]!.props?.updatedAt).toBe(onTheSecond);
  });

  it("a second read of one template in the same process views it (each list entry answers one read)", async () => {
    const [t] = await managed(1);
    const h = w.handlers();
    w.emu.resetCounters();
    await h.template.read(t!.id, t!.state);
    w.emu.state.patch("templates", t!.id, { name: "Later" });
    const again = await h.template.read(t!.id, t!.state);
    expect(requests(LIST)).toBe(1);
    expect(requests(VIEW)).toBe(1);
    expect(again.props?.name).toBe("Later");
  });

  it("a write in this process drops the app's list: the next read lists again", async () => {
    const all = await managed(2);
    const h = w.handlers();
    await h.template.read(all[0]!.id, all[0]!.state);
    const u = await h.template.update(all[1]!.id, all[1]!.state, { ...template(1), name: "T1 v2" });
    w.emu.resetCounters();
    const r = await h.template.read(all[1]!.id, { ...u.outs, ...P });
    expect(requests(LIST)).toBe(1);
    expect(requests(VIEW)).toBe(0);
    expect(r.props?.name).toBe("T1 v2");
  });

  it("a list taken with one app key never answers a template that reads with another (a refused key is still found)", async () => {
    const other = w.emu.state.issueApiKey(w.appId, { name: "other" });
    const a = await w.h.template.create(template(0));
    const b = await w.h.template.create({ ...template(1), apiKey: other.token });
    w.emu.state.delete("apiKeys", other.tokenId);
    const h = w.handlers();
    const [ra, rb] = await Promise.all([
      h.template.read(a.id, { ...a.outs, ...P }),
      h.template.read(b.id, { ...b.outs, ...P }),
    ]);
    expect(ra.props?.name).toBe("T0");
    expect(rb.props?.name).toBe("T1");
    expect(h.ctx.warnings.join("\n")).toMatch(
      /Template "T1" .* was not refreshed: OneSignal refused the app API key in its apiKey \(403\)/,
    );
  });

  it("refreshFromLists: false views every template and lists none", async () => {
    const all = await managed(3);
    const reads = await refresh(all, { refreshFromLists: false });
    expect(requests(LIST)).toBe(0);
    expect(requests(VIEW)).toBe(3);
    expect(reads.map((r) => r.id)).toEqual(all.map((r) => r.id));
  });

  it("API keys: one list per app serves every key; only a changed key's token is probed (view-an-app)", async () => {
    const keys = [];
    for (const name of ["a", "b", "c"]) {
      const inputs = { ...P, __owner: `${P.__owner}-key-${name}`, appId: w.appId, name };
      const c = await w.h.apiKey.create(inputs);
      keys.push({ id: c.id, state: { ...c.outs, ...P } });
    }
    w.emu.state.patch("apiKeys", keys[0]!.id, { name: "renamed" });
    w.emu.state.delete("apiKeys", keys[2]!.id);
    const h = w.handlers();
    w.emu.resetCounters();
    const reads = await Promise.all(keys.map((k) => h.apiKey.read(k.id, k.state)));
    // One list for all three, one more to confirm the deleted key gone.
    expect(requests(/^GET \/apps\/[^/]+\/auth\/tokens$/)).toBe(2);
    // The renamed key's token is probed; the unchanged one still holds the token in state.
    expect(requests(/^GET \/apps\/[^/]+$/)).toBe(1);
    expect(reads[0]!.props?.name).toBe("renamed");
    expect(reads[1]!.props?.name).toBe("b");
    expect(reads[2]).toEqual({});
  });
  it("segments: one view-segments list serves every read (create stores its updated_at); a change is viewed", async () => {
    const filters = [{ field: "session_count", relation: ">", value: "1" }];
    const segs: { id: string; state: Record<string, unknown> }[] = [];
    for (const i of [0, 1, 2]) {
      const inputs = {
        ...P,
        __owner: `${P.__owner}-seg${i}`,
        appId: w.appId,
        apiKey: w.key,
        name: `S${i}`,
        filters,
      };
      const c = await w.h.segment.create(inputs);
      // view-segment gives no updated_at: create took it from view-segments, before its view.
      expect(c.outs.updatedAt).toBe(w.emu.state.get("segments", c.id)!.updated_at);
      segs.push({ id: c.id, state: offTheSecond("segments", c.id, { ...c.outs, ...P }) });
    }
    const SEG_LIST = /^GET \/apps\/[^/]+\/segments$/;
    const SEG_VIEW = /^GET \/apps\/[^/]+\/segments\/[^/]+$/;
    const read = () => refresh(segs, {}, "segment");
    const second = await read();
    expect(requests(SEG_LIST)).toBe(1);
    expect(requests(SEG_VIEW)).toBe(0);
    second.forEach((r, i) =>
      expect(r.props).toEqual(
        Object.fromEntries(Object.entries(segs[i]!.state).filter(([k]) => !k.startsWith("__"))),
      ),
    );
    expect(second.map((r) => r.inputs)).toEqual([undefined, undefined, undefined]);
    // Changed out of band (updated_at moves): exactly that one is viewed, and the drift shows.
    w.emu.state.advanceClock(1000);
    w.emu.state.patch("segments", segs[1]!.id, { name: "S1 renamed" });
    const third = await read();
    expect(requests(SEG_VIEW)).toBe(1);
    expect(third[1]!.props?.name).toBe("S1 renamed");
    expect(third[1]!.inputs).toMatchObject({ name: "S1 renamed" });
  });
  it("apps: one view-apps list serves every app's read; a changed app is viewed", async () => {
    const apps: { id: string; state: Record<string, unknown> }[] = [];
    for (const name of ["A0", "A1", "A2"]) {
      const c = await w.h.app.create({ ...P, __owner: `${P.__owner}-app-${name}`, name });
      apps.push({ id: c.id, state: offTheSecond("apps", c.id, { ...c.outs, ...P }) });
    }
    const APP_LIST = /^GET \/apps$/;
    const APP_VIEW = /^GET \/apps\/[^/]+$/;
    const read = () => refresh(apps, {}, "app");
    const same = await read();
    expect(requests(APP_LIST)).toBe(1);
    expect(requests(APP_VIEW)).toBe(0);
    same.forEach((r, i) => expect(r.props?.name).toBe(apps[i]!.state.name));
    expect(same.map((r) => r.inputs)).toEqual([undefined, undefined, undefined]);
    w.emu.state.advanceClock(1000);
    w.emu.state.patch("apps", apps[2]!.id, { name: "A2 renamed" });
    const changed = await read();
    expect(requests(APP_LIST)).toBe(1);
    expect(requests(APP_VIEW)).toBe(1);
    expect(changed[2]!.props?.name).toBe("A2 renamed");
    expect(changed[2]!.inputs).toMatchObject({ name: "A2 renamed" });
  });
});
