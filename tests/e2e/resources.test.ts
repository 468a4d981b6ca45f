import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import axios from "axios";
import { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { backendText, changeCounts, Sandbox, startEmulatorStack, stopEmulatorStack } from "./helpers/engine";

// The four resources under the real engine against the emulator: plan, apply, no-op, update,
// replace, drift, out-of-band delete, rotation, adoption, secrets and source positions in state,
// refresh without drift, destroy.
// The test program is fixtures/resources/index.js; `test:step` and friends move it along.

const APNS_P8 =
  "-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg-e2e-p8-secret\n-----END PRIVATE KEY-----";
const FCM_JSON = JSON.stringify({
  type: "service_account",
  project_id: "e2e",
  private_key: "fcm-e2e-private-key-material",
});

/** A resource as `pulumi stack export` writes it (the fields these tests read). */
interface StateResource {
  urn: string;
  id?: string;
  type: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  sourcePosition?: string;
  stackTrace?: { sourcePosition?: string }[];
}

describe("App, ApiKey, Segment and Template under the real engine", () => {
  let emu: RunningEmulator;
  let box: Sandbox;
  let stack: Stack;
  const output: string[] = [];
  const tokensSeen = new Set<string>();
  const onOutput = (line: string) => output.push(line);

  const counts = (r: { summary: { resourceChanges?: Record<string, number> } }) =>
    changeCounts(r.summary.resourceChanges);
  const appId = async () => (await stack.outputs()).appId.value as string;
  const templatesOf = (id: string) => emu.state.list("templates", { appId: id });
  const customSegmentsOf = (id: string) =>
    emu.state
      .list("segments", { appId: id })
      .filter((s) => s.source === "custom" || s.name === "VIP" || s.name === "Dashboard segment");

  /** The OneSignal resources of an exported deployment, in state order. */
  const onesignalResources = (deployment: { resources: StateResource[] }) =>
    deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/onesignal:"));

  beforeAll(async () => {
    ({ emu, box, stack } = await startEmulatorStack(path.join(__dirname, "fixtures/resources"), "resources", {
      config: {
        "test:apnsP8": { value: APNS_P8, secret: true },
        "test:fcmJson": { value: FCM_JSON, secret: true },
        "test:step": { value: "1" },
      },
    }));
  });
  afterAll(() => stopEmulatorStack({ emu, box }));

  test("preview plans every create and makes no HTTP request", async () => {
    emu.resetCounters();
    const preview = await stack.preview({ onOutput });
    expect(changeCounts(preview.changeSummary)).toEqual({ create: 7 });
    expect(emu.counters().total).toBe(0);
  });

  test("up creates the objects in OneSignal", async () => {
    const up = await stack.up({ onOutput });
    expect(up.summary.result).toBe("succeeded");
    expect(counts(up)).toEqual({ create: 7 });
    const id = up.outputs.appId.value as string;
    expect(emu.state.get("apps", id)?.name).toBe("E2E App");
    expect(emu.state.list("apiKeys", { appId: id }).map((k) => k.name)).toEqual(["e2e-deploy"]);
    expect(customSegmentsOf(id).map((s) => s.name)).toEqual(["VIP"]);
    expect(
      templatesOf(id)
        .map((t) => t.name)
        .sort(),
    ).toEqual(["Email welcome", "Flex", "Push welcome"]);
    expect(up.outputs.token.secret).toBe(true);
    expect(String(up.outputs.token.value)).not.toBe("");
    tokensSeen.add(String(up.outputs.token.value));
  });

  test("a second preview reports no changes", async () => {
    const preview = await stack.preview({ onOutput });
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 7 });
  });

  test("changed inputs update in place", async () => {
    await stack.setConfig("test:step", { value: "2" });
    const up = await stack.up({ onOutput });
    expect(counts(up)).toEqual({ same: 5, update: 2 });
    const id = await appId();
    expect(customSegmentsOf(id)[0].description).toBe("High-value users (v2)");
    const push = emu.state.get("templates", (await stack.outputs()).pushId.value as string);
    expect(JSON.stringify(push)).toContain("Hello again");
  });

  test("changing a template's channel replaces it", async () => {
    const before = (await stack.outputs()).flexId.value as string;
    await stack.setConfig("test:step", { value: "3" });
    const up = await stack.up({ onOutput });
    expect(counts(up)).toEqual({ same: 6, replace: 1 });
    const after = (await stack.outputs()).flexId.value as string;
    expect(after).not.toBe(before);
    expect(emu.state.get("templates", before)).toBeUndefined();
    expect(emu.state.get("templates", after)).toBeDefined();
  });

  test("drift made out of band shows on refresh and up restores it", async () => {
    const vipId = (await stack.outputs()).vipId.value as string;
    emu.state.patch("segments", vipId, { description: "changed in the dashboard" });
    const refresh = await stack.refresh({ onOutput });
    expect(counts(refresh)).toEqual({ same: 6, update: 1 });
    const preview = await stack.preview({ onOutput });
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 6, update: 1 });
    const up = await stack.up({ onOutput });
    expect(counts(up)).toEqual({ same: 6, update: 1 });
    expect(emu.state.get("segments", vipId)?.description).toBe("High-value users (v2)");
    const again = await stack.preview({ onOutput });
    expect(changeCounts(again.changeSummary)).toEqual({ same: 7 });
  });

  test("an object deleted out of band leaves state on refresh and up recreates it", async () => {
    const pushId = (await stack.outputs()).pushId.value as string;
    expect(emu.state.delete("templates", pushId)).toBe(true);
    const refresh = await stack.refresh({ onOutput });
    expect(counts(refresh)).toEqual({ same: 6, delete: 1 });
    const up = await stack.up({ onOutput });
    expect(counts(up)).toEqual({ same: 6, create: 1 });
    const id = await appId();
    expect(templatesOf(id).filter((t) => t.name === "Push welcome")).toHaveLength(1);
  });

  test("rotationTrigger rotates the token and dependents keep working", async () => {
    const oldToken = String((await stack.outputs()).token.value);
    await stack.setConfig("test:rotation", { value: "r2" });
    const up = await stack.up({ onOutput });
    expect(up.summary.result).toBe("succeeded");
    const newToken = String(up.outputs.token.value);
    expect(newToken).not.toBe(oldToken);
    tokensSeen.add(newToken);
    const id = await appId();
    const listWith = (token: string) =>
      axios.get(`${emu.url}/apps/${id}/segments`, {
        headers: { Authorization: `Key ${token}` },
        validateStatus: () => true,
      });
    expect((await listWith(oldToken)).status).toBe(403);
    expect((await listWith(newToken)).status).toBe(200);
    // Segments and templates now hold the new token: refresh and a no-op preview still work.
    const refresh = await stack.refresh({ onOutput });
    expect(refresh.summary.result).toBe("succeeded");
    const preview = await stack.preview({ onOutput });
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 7 });
  });

  test("an existing segment is adopted instead of created again", async () => {
    const id = await appId();
    const existing = emu.state.put("segments", {
      app_id: id,
      name: "Dashboard segment",
      description: null,
      filters: [{ field: "language", relation: "=", value: "en" }],
      source: "custom",
    } as never);
    await stack.setConfig("test:adoptSegmentId", { value: existing.id });
    const up = await stack.up({ onOutput });
    expect(counts(up)).toEqual({ same: 7, create: 1 });
    expect((await stack.outputs()).adoptedId.value).toBe(existing.id);
    expect(
      emu.state.list("segments", { appId: id }).filter((s) => s.name === "Dashboard segment"),
    ).toHaveLength(1);
    const preview = await stack.preview({ onOutput });
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 8 });
  });

  test("no credential appears in plaintext in exported state or CLI output", async () => {
    const state = backendText(box);
    expect(state).toMatch(/"type":\s*"pulumi-nodejs:dynamic\/onesignal:ApiKey"/);
    const secrets: Record<string, string> = {
      organizationApiKey: emu.organizationApiKey,
      apnsP8: APNS_P8,
      fcmJson: FCM_JSON,
      fcmPrivateKey: "fcm-e2e-private-key-material",
      p8Body: "-e2e-p8-secret",
    };
    [...tokensSeen].forEach((t, i) => (secrets[`token${i + 1}`] = t));
    expect(tokensSeen.size).toBeGreaterThan(0);
    const cli = output.join("\n");
    // Names the leaked credential and where, never its value.
    const hits = Object.entries(secrets).flatMap(([name, value]) => [
      ...(state.includes(value) ? [`${name} in exported state`] : []),
      ...(cli.includes(value) ? [`${name} in CLI output`] : []),
    ]);
    expect(hits).toEqual([]);
    // The secrets are in state, encrypted: secret values carry Pulumi's secret signature and ciphertext.
    expect(state).toMatch(
      /"4dabf18193072939515e22adb298388d":\s*"1b47061264138c4ac30d75fd1eb44270",\s*"ciphertext"/,
    );
  });

  test("__provider in state is one require of the installed package", async () => {
    const { deployment } = await stack.exportStack();
    const dynamic = deployment.resources.filter((r: { type: string }) =>
      r.type.startsWith("pulumi-nodejs:dynamic/onesignal:"),
    );
    expect(dynamic).toHaveLength(7); // app, key, vip, push, email, flex, adopted
    for (const r of dynamic) {
      const kind = r.type.split(":").pop() as string;
      const file = kind[0].toLowerCase() + kind.slice(1);
      expect(r.outputs.__provider).toContain(`require("pulumi-onesignal/dist/sdk/providers/${file}.js")`);
      expect(Buffer.byteLength(r.outputs.__provider)).toBeLessThanOrEqual(600);
    }
  });

  test("state records where the program declares each resource", async () => {
    const program = fs.readFileSync(path.join(__dirname, "fixtures/resources/index.js"), "utf8").split("\n");
    const dynamic = onesignalResources((await stack.exportStack()).deployment);
    expect(dynamic).toHaveLength(7);
    const sample = dynamic.find((r) => r.urn.endsWith("::email"));
    console.log(
      `email template: sourcePosition ${sample?.sourcePosition}; stackTrace ${JSON.stringify(sample?.stackTrace?.slice(0, 2))}`,
    );
    // @pulumi/pulumi's Resource records as source position the first frame `Resource.stackTrace(4)`
    // keeps, counting on Resource > CustomResource > the package's class > the program. A subclass of
    // pulumi.dynamic.Resource is one level deeper, so that frame is the SDK class's super() call and
    // the program's line is the next one in the stack trace. Both need the stack limit that
    // `Resource.callsites` raises itself, not the 0 the SDK sets around super() (quietStacks).
    const wrong: string[] = [];
    for (const r of dynamic) {
      const kind = r.type.split(":").pop() as string;
      const name = r.urn.split("::").pop() as string;
      const sdkFile = kind[0].toLowerCase() + kind.slice(1);
      const line = program.findIndex((l) => l.includes(`new onesignal.${kind}("${name}"`)) + 1; // 1-based
      const frames = (r.stackTrace ?? []).map((f) => f.sourcePosition);
      const at = /^project:\/\/\/node_modules\/pulumi-onesignal\/dist\/sdk\/(\w+)\.js#\d+,\d+$/.exec(
        r.sourcePosition ?? "",
      );
      if (at?.[1] !== sdkFile) wrong.push(`${name}: sourcePosition ${r.sourcePosition}`);
      if (line === 0 || !frames.some((f) => f?.startsWith(`project:///index.js#${line},`)))
        wrong.push(`${name}: no frame at index.js line ${line} in ${JSON.stringify(frames)}`);
    }
    expect(wrong).toEqual([]);
  });

  test("a refresh without drift keeps the stored inputs and outputs, and up then changes nothing", async () => {
    const before = onesignalResources((await stack.exportStack()).deployment);
    expect(before).toHaveLength(7);
    expect(before.filter((r) => typeof r.inputs.__owner !== "string").map((r) => r.urn)).toEqual([]);
    const refresh = await stack.refresh({ onOutput });
    expect(counts(refresh)).toEqual({ same: 8 });
    const after = onesignalResources((await stack.exportStack()).deployment);
    // The program's inputs exactly, `__owner` included: a read that rebuilt them from the outputs
    // would drop it (it is no output) and make the next up rewrite every resource's checkpoint entry.
    expect(after.map((r) => ({ urn: r.urn, inputs: r.inputs }))).toEqual(
      before.map((r) => ({ urn: r.urn, inputs: r.inputs })),
    );
    // No output moves either: nothing changed in OneSignal, and timestamps are OneSignal's
    // (createdAt/updatedAt), not the time of the read. One exception: a segment's updatedAt, which
    // update-segment does not give, so state may hold none or an older one after this file's
    // updates; this refresh stores the one view-segments lists, and a second refresh then moves
    // nothing at all.
    const movedBetween = (a: typeof before, b: typeof before) =>
      b.map((r, i) => ({
        urn: r.urn,
        moved: Object.keys({ ...r.outputs, ...a[i].outputs }).filter(
          (k) =>
            !isDeepStrictEqual(r.outputs[k], a[i].outputs[k]) &&
            !(r.type.endsWith(":Segment") && k === "updatedAt"),
        ),
      }));
    expect(movedBetween(before, after)).toEqual(after.map((r) => ({ urn: r.urn, moved: [] })));
    for (const r of after.filter((x) => x.type.endsWith(":Segment") && x.outputs.updatedAt !== undefined))
      expect(r.outputs.updatedAt).toBe(emu.state.get("segments", String(r.id))?.updated_at);
    expect(counts(await stack.refresh({ onOutput }))).toEqual({ same: 8 });
    const again = onesignalResources((await stack.exportStack()).deployment);
    expect(movedBetween(after, again)).toEqual(after.map((r) => ({ urn: r.urn, moved: [] })));
    expect(again.map((r) => r.outputs.updatedAt)).toEqual(after.map((r) => r.outputs.updatedAt));
    const up = await stack.up({ onOutput });
    expect(counts(up)).toEqual({ same: 8 });
  });

  test("destroy removes keys, segments and templates and says the app stays", async () => {
    const id = await appId();
    const lines: string[] = [];
    const destroy = await stack.destroy({ onOutput: (l) => lines.push(l) });
    expect(counts(destroy)).toEqual({ delete: 8 });
    expect(emu.state.list("apiKeys", { appId: id })).toHaveLength(0);
    expect(customSegmentsOf(id)).toHaveLength(0);
    expect(templatesOf(id)).toHaveLength(0);
    expect(emu.state.get("apps", id)).toBeDefined();
    expect(lines.join("\n")).toMatch(/still exists in OneSignal/);
  });
});
