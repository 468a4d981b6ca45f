/**
 * Issue 11: a resource owns only the object its own create made. For every kind, against the
 * emulator: the provisional name and the settle, recovery by marker after a lost answer and after a
 * run that died, and never a takeover of an object that merely resembles the declared one (another
 * stack's, created a moment ago), including at the same moment as this stack's lost create.
 */
import { OneSignalApiError } from "../../provider/client/errors";
import { markerOf, provisionalName } from "../../provider/resources/ownership";
import { useWorld } from "../helpers/world";
import { PROVIDER } from "./helpers";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Owner tests", key: "setup key" } });

type KindName = "app" | "apiKey" | "segment" | "template";
const TYPES: Record<KindName, string> = {
  app: "App",
  apiKey: "ApiKey",
  segment: "Segment",
  template: "Template",
};
const owner = (kind: KindName, stack: string, name = "r") =>
  `organization/urn:pulumi:${stack}::ownership::pulumi-nodejs:dynamic/onesignal:${TYPES[kind]}::${name}`;

/** The declared inputs of one resource of `kind` in `stack`. */
function inputs(kind: KindName, stack: string, name = "r"): Record<string, unknown> {
  const base = { __provider: PROVIDER, __owner: owner(kind, stack, name) };
  switch (kind) {
    case "app":
      return { ...base, name: "Shared name" };
    case "apiKey":
      return { ...base, appId: w.appId, name: "Shared name" };
    case "segment":
      return {
        ...base,
        appId: w.appId,
        apiKey: w.key,
        name: "Shared name",
        filters: [{ field: "tag", key: "tier", relation: "=", value: "vip" }],
      };
    case "template":
      return {
        ...base,
        appId: w.appId,
        apiKey: w.key,
        name: "Shared name",
        channel: "sms",
        contents: { en: "Hi" },
      };
  }
}

const ROUTE: Record<KindName, "app" | "apiKey" | "segment" | "template"> = {
  app: "app",
  apiKey: "apiKey",
  segment: "segment",
  template: "template",
};

/** The kind's objects in the emulator as [id, name], without the fixtures of beforeEach. */
function objects(kind: KindName): [string, string][] {
  switch (kind) {
    case "app":
      return w.emu.state
        .list("apps")
        .filter((a) => a.id !== w.appId)
        .map((a) => [a.id, a.name]);
    case "apiKey":
      return w.emu.state
        .list("apiKeys", { appId: w.appId })
        .filter((k) => k.name !== "setup key")
        .map((k) => [k.token_id, k.name]);
    case "segment":
      return w.emu.state
        .list("segments", { appId: w.appId })
        .filter((s) => s.source !== "default")
        .map((s) => [s.id, s.name]);
    case "template":
      return w.emu.state.list("templates", { appId: w.appId }).map((t) => [t.id, t.name]);
  }
}

/** Makes an object of `kind` as another stack's resource would, directly in the emulator's state. */
async function othersObject(kind: KindName, name: string): Promise<string> {
  switch (kind) {
    case "app":
      return w.emu.state.createApp({ name, organizationId: w.emu.organizationId }).id;
    case "apiKey":
      return w.emu.state.issueApiKey(w.appId, { name }).tokenId;
    default: {
      const h = w.handlers();
      return (await h[kind].create({ ...inputs(kind, "someone-else"), name })).id;
    }
  }
}

const KINDS: KindName[] = ["app", "apiKey", "segment", "template"];

describe.each(KINDS)("%s", (kind) => {
  it("is created under its provisional name and settled under the declared one: one object", async () => {
    const c = await w.handlers()[kind].create(inputs(kind, "dev"));
    expect(objects(kind)).toEqual([[c.id, "Shared name"]]);
    expect(c.outs.name).toBe("Shared name");
  });

  it("a failed settle keeps the object in state under its provisional name; the next up renames it", async () => {
    const marker = markerOf(inputs(kind, "dev"))!;
    expect(marker).toMatch(/^[0-9a-f]{16}$/);
    const provisional = provisionalName("Shared name", marker);
    expect(provisional).toBe(`Shared name [pulumi:${marker}]`);
    const h = w.handlers({}, { retry: { maxRetries: 0 } });
    const method = kind === "app" ? "PUT" : "PATCH";
    w.emu.faults.add({ kind: "status", status: 503, method, route: ROUTE[kind], count: 1 });
    const err = (await h[kind].create(inputs(kind, "dev")).catch((e: unknown) => e)) as Error & {
      id?: string;
      properties?: Record<string, unknown>;
    };
    w.emu.faults.clear();
    expect(err.message).toMatch(/503/);
    expect(objects(kind)).toEqual([[err.id, provisional]]);
    expect(err.properties).toMatchObject({ name: provisional, __provider: PROVIDER });
    const news = inputs(kind, "dev");
    expect((await h[kind].diff(err.id!, err.properties!, news)).changes).toBe(true);
    await h[kind].update(err.id!, err.properties!, news);
    expect(objects(kind)).toEqual([[err.id, "Shared name"]]);
  });

  it("never takes over an object that resembles it, however recent: another stack's is left alone", async () => {
    const theirs = await othersObject(kind, "Shared name");
    const before = objects(kind);
    if (kind === "segment") {
      // Names are unique per app: a taken one is an error naming the holder (segment.test.ts).
      await expect(w.handlers().segment.create(inputs(kind, "dev"))).rejects.toThrow(theirs);
      expect(objects(kind)).toEqual(before);
      return;
    }
    const c = await w.handlers()[kind].create(inputs(kind, "dev"));
    expect(c.id).not.toBe(theirs);
    expect(objects(kind)).toEqual([...before, [c.id, "Shared name"]]);
  });

  it("a lost create answer ends with exactly its own object, while another stack creates the same at that moment", async () => {
    // The other stack's identical object appears while this create's answer is lost.
    w.emu.faults.add({ kind: "drop-response", method: "POST", route: ROUTE[kind], count: 1 });
    const [mine, theirs] = await Promise.all([
      w.handlers()[kind].create(inputs(kind, "dev")),
      (async () => {
        await new Promise((r) => setTimeout(r, 5));
        if (kind === "segment")
          return (await w.handlers().segment.create({ ...inputs(kind, "pr-7"), name: "Other name" })).id;
        return othersObject(kind, "Shared name");
      })(),
    ]);
    expect(mine.id).not.toBe(theirs);
    const all = objects(kind);
    expect(all).toHaveLength(2);
    expect(all).toContainEqual([mine.id, "Shared name"]);
    if (kind === "apiKey") {
      // Its token works; the other key was not rotated (its record is untouched).
      expect(mine.outs.token).toEqual(expect.any(String));
    }
  });

  it("a run that died after the create is recovered by the next run, by marker, with no duplicate", async () => {
    const dying = w.handlers();
    dying.ctx.engineUp = false; // the CLI was killed while the create was in flight
    const err = (await dying[kind].create(inputs(kind, "dev")).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/the Pulumi engine is gone; .* keeps its provisional name/);
    const [[leftId, leftName]] = objects(kind);
    expect(leftName).toBe(provisionalName("Shared name", markerOf(inputs(kind, "dev"))!));
    // A same-name object of another stack must not confuse the recovery.
    if (kind !== "segment") await othersObject(kind, "Shared name");
    const next = w.handlers(); // a new provider process: the next `pulumi up`
    const c = await next[kind].create(inputs(kind, "dev"));
    expect(c.id).toBe(leftId);
    expect(next.ctx.warnings.join("\n")).toMatch(/interrupted earlier create of this resource left/);
    expect(
      objects(kind)
        .filter(([, n]) => n === "Shared name")
        .map(([id]) => id),
    ).toContain(leftId);
    expect(objects(kind).filter(([, n]) => n.includes("[pulumi:"))).toEqual([]);
    if (kind === "apiKey") expect(c.outs.token).toEqual(expect.any(String));
  });

  it("another stack's interrupted create is not this stack's: its provisional object is left alone", async () => {
    const dying = w.handlers();
    dying.ctx.engineUp = false;
    await dying[kind].create(inputs(kind, "pr-7")).catch(() => undefined);
    const [[theirs]] = objects(kind);
    const c = await w.handlers()[kind].create(inputs(kind, "dev"));
    expect(c.id).not.toBe(theirs);
    expect(objects(kind)).toHaveLength(2);
  });

  it("two resources alike in one stack (two URNs) get two objects", async () => {
    const h = w.handlers();
    const [a, b] = await Promise.all([
      h[kind].create(inputs(kind, "dev", "first")),
      kind === "segment"
        ? h.segment.create({ ...inputs(kind, "dev", "second"), name: "Second" })
        : h[kind].create(inputs(kind, "dev", "second")),
    ]);
    expect(a.id).not.toBe(b.id);
    expect(objects(kind)).toHaveLength(2);
    if (kind === "apiKey") expect(a.outs.token).not.toBe(b.outs.token);
  });

  it("without an owner (a handler called outside the SDK) a lost answer is an error, never an adoption", async () => {
    const plain = { ...inputs(kind, "dev") };
    delete plain.__owner;
    const ok = await w.handlers()[kind].create(plain);
    expect(objects(kind)).toEqual([[ok.id, "Shared name"]]);
    w.emu.faults.add({ kind: "drop-response", method: "POST", route: ROUTE[kind], count: 1 });
    const h = w.handlers({}, { retry: { maxRetries: 0 } });
    const other = kind === "segment" ? { ...plain, name: "Another" } : plain;
    const err = (await h[kind].create(other).catch((e: Error) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/may have taken effect/);
  });
});

describe("ApiKey recovery", () => {
  it("a recovered key whose rotation fails is not put in state without a token; the next run recovers it", async () => {
    const dying = w.handlers();
    dying.ctx.engineUp = false;
    await dying.apiKey.create(inputs("apiKey", "dev")).catch(() => undefined);
    const [[leftId]] = objects("apiKey");
    const h = w.handlers({}, { retry: { maxRetries: 0 } });
    w.emu.faults.add({ method: "POST", route: "rotate", kind: "status", status: 503, count: 1 });
    const err = (await h.apiKey.create(inputs("apiKey", "dev")).catch((e: unknown) => e)) as Error & {
      id?: string;
    };
    expect(err.message).toMatch(/OneSignal ApiKey create failed: .*503/);
    expect(err.id).toBeUndefined();
    expect(objects("apiKey")).toEqual([
      [leftId, provisionalName("Shared name", markerOf(inputs("apiKey", "dev"))!)],
    ]);
    const again = await w.handlers().apiKey.create(inputs("apiKey", "dev"));
    expect(again.id).toBe(leftId);
    expect(again.outs.token).toEqual(expect.any(String));
    expect(objects("apiKey")).toEqual([[leftId, "Shared name"]]);
  });
});

describe("organizations where view_apps is switched off", () => {
  it("an App create does not depend on listing apps: one warning that says why, and the create goes ahead", async () => {
    const h = w.handlers();
    const api = h.ctx.api();
    const off = new OneSignalApiError({
      kind: "http",
      method: "GET",
      path: "/apps",
      status: 400,
      messages: ["This API endpoint is disabled for organizations with over 1000 apps."],
    });
    let lists = 0;
    api.apps.list = async () => {
      lists += 1;
      throw off;
    };
    const a = await h.app.create(inputs("app", "dev", "a"));
    const b = await h.app.create(inputs("app", "dev", "b"));
    expect(
      objects("app")
        .map(([id]) => id)
        .sort(),
    ).toEqual([a.id, b.id].sort());
    expect(objects("app").every(([, n]) => n === "Shared name")).toBe(true);
    expect(lists).toBe(2); // a failed list is not cached, but warned about once
    expect(h.ctx.warnings).toHaveLength(1);
    expect(h.ctx.warnings[0]).toMatch(
      /listing the organization's apps failed \(OneSignal switches it off above 1000 apps\)/,
    );
    expect(h.ctx.warnings[0]).toMatch(/disabled for organizations with over 1000 apps/);
  });

  it("any other failure of the look-up stops the create before anything is made", async () => {
    const h = w.handlers();
    const api = h.ctx.api();
    api.apps.list = async () => {
      throw new OneSignalApiError({ kind: "http", method: "GET", path: "/apps", status: 403 });
    };
    await expect(h.app.create(inputs("app", "dev"))).rejects.toThrow(
      /^OneSignal App create failed: nothing was created; the look-up that comes first \(for an object an interrupted earlier create of this resource may have left\) failed: .*403/,
    );
    expect(objects("app")).toEqual([]);
  });
});

describe("adoption on purpose", () => {
  it("adopting an app with credentials says at check (preview) which ones it overwrites, never their values", async () => {
    const h = w.handlers();
    const news = {
      ...inputs("app", "dev"),
      adoptExistingId: w.appId,
      apnsEnv: "production",
      apnsKeyId: "K1",
      apnsTeamId: "T1",
      apnsBundleId: "com.acme",
      apnsP8: "LS0tc2VjcmV0LXA4LXZhbHVl",
    };
    const r = await h.app.check({}, news);
    expect(r.failures).toEqual([]);
    expect(h.ctx.warnings.join("\n")).toMatch(
      new RegExp(`adopting ${w.appId} replaces its apnsP8 with the values in this program`),
    );
    expect(h.ctx.warnings.join("\n")).not.toContain("LS0tc2VjcmV0");
    // Once the app is in state, adoptExistingId no longer matters: no warning on later checks.
    const again = w.handlers();
    await again.app.check({ ...news, __provider: PROVIDER }, news);
    expect(again.ctx.warnings).toEqual([]);
  });
});
