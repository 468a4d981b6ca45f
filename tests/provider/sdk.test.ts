/**
 * The SDK classes under `pulumi.runtime.setMocks`: type tokens, the injected `__provider`, fresh
 * props per resource, defaults, declared outputs. (No provider code runs under mocks; the
 * serialization test and the end-to-end suite cover that.)
 */
import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  id?: string;
}
const registered: Registered[] = [];

/** State the mock engine returns for resources whose name starts with "full-": every declared output. */
const FULL_STATE: Record<string, Record<string, unknown>> = {};

pulumi.runtime.setMocks(
  {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs, id: args.id });
      const full = FULL_STATE[args.type.split(":").pop()!];
      if (args.name.startsWith("full-") && full) return { id: args.id || `${args.name}-id`, state: full };
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type.endsWith(":ApiKey")) state.token = "mock-token";
      // An empty id means "unknown" to the SDK: new resources get one from the mock.
      return { id: args.id || `${args.name}-id`, state };
    },
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

// The compiled package, as a program would import it (built by jest's global setup, tests/globalSetup.js).
// Loaded after setMocks.
import type * as Sdk from "../../sdk";
import { KINDS, parseSdk } from "../../scripts/docs";
import { KIND_NAMES } from "../../provider/resources/protocol";
import { ROOT } from "./helpers";
const onesignal = require(`${ROOT}/dist/sdk`) as typeof Sdk;

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

describe("SDK classes", () => {
  it("register with explicit type tokens and a thin __provider", async () => {
    const app = new onesignal.App("mobile", { apnsP8: "cDg=" });
    const key = new onesignal.ApiKey("ci", { appId: app.id, name: "ci" });
    const seg = new onesignal.Segment("vip", {
      appId: app.id,
      apiKey: key.token,
      name: "VIP",
      filters: [{ field: "tag", key: "t", relation: "exists" }],
    });
    const tpl = new onesignal.Template("welcome", {
      appId: app.id,
      name: "W",
      channel: "sms",
      contents: { en: "hi" },
    });
    await Promise.all([valueOf(app.id), valueOf(key.id), valueOf(seg.id), valueOf(tpl.id)]);
    const types = Object.fromEntries(registered.map((r) => [r.name, r.type]));
    expect(types).toMatchObject({
      mobile: "pulumi-nodejs:dynamic/onesignal:App",
      ci: "pulumi-nodejs:dynamic/onesignal:ApiKey",
      vip: "pulumi-nodejs:dynamic/onesignal:Segment",
      welcome: "pulumi-nodejs:dynamic/onesignal:Template",
    });
    for (const r of registered) {
      const text = String(r.inputs.__provider);
      expect(text).toContain('require("pulumi-onesignal/runtime")');
      expect(text.length).toBeLessThan(6000);
    }
    // The app name defaults to the resource name.
    expect(registered.find((r) => r.name === "mobile")?.inputs.name).toBe("mobile");
    expect(await valueOf(app.name)).toBe("mobile");
    expect(await valueOf(seg.name)).toBe("VIP");
  });

  it("one args object can be shared by several resources", async () => {
    const args: Sdk.SegmentArgs = {
      appId: "a",
      apiKey: "k".repeat(12),
      name: "shared",
      filters: [{ field: "tag", key: "t", relation: "exists" }],
    };
    const a = new onesignal.Segment("a", args);
    const b = new onesignal.Segment("b", { ...args, name: "shared-2" });
    const c = new onesignal.Template("c", { appId: "a", name: "x", contents: { en: "y" } });
    await Promise.all([valueOf(a.id), valueOf(b.id), valueOf(c.id)]);
    expect(args).not.toHaveProperty("__provider");
  });

  it("outputs declared with `declare` resolve (not reset by class fields)", async () => {
    const key = new onesignal.ApiKey("k2", { appId: "a", name: "n" });
    expect(await valueOf(key.token)).toBe("mock-token");
    expect(await valueOf(key.name)).toBe("n");
  });

  describe("leave Error.stackTraceLimit as they found it", () => {
    // The constructors set it to 0 around super() (sdk/common.ts quietStacks); a program's own
    // errors after a resource must still get the stack depth the program chose.
    const build: Record<string, (name: string, opts?: pulumi.CustomResourceOptions) => pulumi.Resource> = {
      App: (n, o) => new onesignal.App(n, {}, o),
      ApiKey: (n, o) => new onesignal.ApiKey(n, { appId: "a", name: "n" }, o),
      Segment: (n, o) =>
        new onesignal.Segment(n, { appId: "a", apiKey: "k".repeat(12), name: "s", filters: [] }, o),
      Template: (n, o) => new onesignal.Template(n, { appId: "a", name: "t", contents: { en: "x" } }, o),
    };
    const initial = Error.stackTraceLimit;
    afterEach(() => {
      Error.stackTraceLimit = initial;
    });

    it.each(Object.keys(build))("%s, with the default limit and with 42", async (kind) => {
      const made: pulumi.Resource[] = [];
      const limits: number[] = [];
      for (const limit of [initial, 42]) {
        Error.stackTraceLimit = limit;
        made.push(build[kind]!(`stack-limit-${kind}-${limit}`));
        limits.push(Error.stackTraceLimit);
      }
      expect(limits).toEqual([initial, 42]);
      await Promise.all(made.map((r) => valueOf(r.urn)));
    });

    it.each(Object.keys(build))("%s, when registration throws inside super()", (kind) => {
      Error.stackTraceLimit = 42;
      // CustomResource refuses `providers` before it registers anything.
      expect(() => build[kind]!(`stack-limit-throws-${kind}`, { providers: {} } as never)).toThrow(
        /Do not supply 'providers'/,
      );
      expect(Error.stackTraceLimit).toBe(42);
    });
  });

  it("static get reads by id", async () => {
    const got = onesignal.Segment.get("existing", "seg-1", { appId: "a" });
    expect(await valueOf(got.id)).toBe("seg-1");
    expect(registered.find((r) => r.name === "existing")?.id).toBe("seg-1");
  });

  it.each(KINDS)(
    "%s: every declared output resolves from state, also those the program did not give (get)",
    async (kind) => {
      const cls = KIND_NAMES[kind];
      const declared = parseSdk(ROOT, kind).outputs.map((o) => o.name);
      FULL_STATE[cls] = Object.fromEntries(declared.map((n) => [n, `value of ${n}`]));
      const Class = (onesignal as unknown as Record<string, { get: (...a: unknown[]) => pulumi.Resource }>)[
        cls
      ]!;
      const got = (kind === "app"
        ? Class.get(`full-${kind}`, "id-1")
        : Class.get(`full-${kind}`, "id-1", { appId: "a" })) as unknown as Record<
        string,
        pulumi.Output<unknown>
      >;
      expect(declared.filter((n) => !pulumi.Output.isInstance(got[n]))).toEqual([]);
      const values = await Promise.all(declared.map(async (n) => [n, await valueOf(got[n]!)] as const));
      expect(Object.fromEntries(values)).toEqual(FULL_STATE[cls]);
    },
  );
});
