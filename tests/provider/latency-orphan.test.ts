/**
 * A create whose client times out during the emulator's added latency: the emulator still carries
 * it out (a real server that received a request usually finishes it), so the object exists while
 * the provider only saw a timeout. The ownership protocol must then find that object by its marker
 * and take it over, leaving exactly one object and no duplicate (provider/resources/ownership.ts).
 */
import axios, { type AxiosAdapter } from "axios";
import { useWorld } from "../helpers/world";
import { PROVIDER } from "./helpers";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Latency tests", key: "setup key" } });

type KindName = "app" | "apiKey" | "segment" | "template";
const TYPES: Record<KindName, string> = {
  app: "App",
  apiKey: "ApiKey",
  segment: "Segment",
  template: "Template",
};
const CREATE_ROUTE: Record<KindName, string> = {
  app: "POST /apps",
  apiKey: "POST /apps/{app_id}/auth/tokens",
  segment: "POST /apps/{app_id}/segments",
  template: "POST /templates",
};

function inputs(kind: KindName): Record<string, unknown> {
  const base = {
    __provider: PROVIDER,
    __owner: `organization/urn:pulumi:dev::latency::pulumi-nodejs:dynamic/onesignal:${TYPES[kind]}::r`,
    name: "Slow name",
  };
  switch (kind) {
    case "app":
      return base;
    case "apiKey":
      return { ...base, appId: w.appId };
    case "segment":
      return {
        ...base,
        appId: w.appId,
        apiKey: w.key,
        filters: [{ field: "tag", key: "tier", relation: "=", value: "vip" }],
      };
    case "template":
      return { ...base, appId: w.appId, apiKey: w.key, channel: "sms", contents: { en: "Hi" } };
  }
}

/** The kind's objects named after the declared name (provisional or settled), as [id, name]. */
function objects(kind: KindName): [string, string][] {
  const named = (n: string) => n.startsWith("Slow name");
  switch (kind) {
    case "app":
      return w.emu.state
        .list("apps")
        .filter((a) => named(a.name))
        .map((a) => [a.id, a.name]);
    case "apiKey":
      return w.emu.state
        .list("apiKeys", { appId: w.appId })
        .filter((k) => named(k.name))
        .map((k) => [k.token_id, k.name]);
    case "segment":
      return w.emu.state
        .list("segments", { appId: w.appId })
        .filter((s) => named(s.name))
        .map((s) => [s.id, s.name]);
    case "template":
      return w.emu.state
        .list("templates", { appId: w.appId })
        .filter((t) => named(t.name))
        .map((t) => [t.id, t.name]);
  }
}

const dropped = (route: string) => w.emu.counters().routes[route]?.byStatus.dropped ?? 0;

/**
 * Sends every request through axios' own HTTP adapter; the create (the first POST) alone meets a latency longer
 * than the client's timeout. Once it has timed out, the adapter waits until the emulator has
 * finished that request, so the provider's look-up runs after the server carried it out (the
 * order a slow server and a quick look-up can also have; the other order is a plain retry).
 */
function slowCreate(kind: KindName): { adapter: AxiosAdapter; timedOut: () => number } {
  const http = axios.getAdapter("http");
  let timeouts = 0;
  let slowed = false;
  const adapter: AxiosAdapter = async (config) => {
    // Only the first POST is the create; later ones (an API key's rotation to recover its token) pass.
    if ((config.method ?? "get").toUpperCase() !== "POST" || slowed) return http(config);
    slowed = true;
    const before = dropped(CREATE_ROUTE[kind]);
    w.emu.state.setSettings({ latencyMs: 1500 });
    try {
      return await http(config);
    } catch (err) {
      timeouts++;
      while (dropped(CREATE_ROUTE[kind]) === before) await new Promise((r) => setTimeout(r, 20));
      throw err;
    } finally {
      w.emu.state.setSettings({ latencyMs: 0 });
    }
  };
  return { adapter, timedOut: () => timeouts };
}

describe.each(["app", "apiKey", "segment", "template"] as KindName[])("%s", (kind) => {
  it("a create that timed out during the emulator's latency is found by its marker and taken over: one object", async () => {
    const slow = slowCreate(kind);
    const h = w.handlers({}, { timeoutMs: 300, transport: slow.adapter });
    const c = await h[kind].create(inputs(kind));
    // The create did time out, and the emulator made the object anyway (its answer was dropped).
    expect(slow.timedOut()).toBe(1);
    expect(dropped(CREATE_ROUTE[kind])).toBe(1);
    // Exactly one object: the one the timed-out create made, settled under the declared name.
    expect(objects(kind)).toEqual([[c.id, "Slow name"]]);
    expect(c.outs.name).toBe("Slow name");
    expect(w.emu.counters().routes[CREATE_ROUTE[kind]]?.count).toBe(1);
    if (kind === "apiKey") expect(c.outs.token).toEqual(expect.any(String));
  });
});
