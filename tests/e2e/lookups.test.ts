/**
 * Look-ups under the real engine: a program finds an app made outside Pulumi by its name and a
 * template of it by id (the app key from `onesignal:appApiKey`), and reads the template with
 * `Template.get`; `pulumi up` exports what they found. The look-ups call OneSignal from the
 * program, so `pulumi preview` runs them too.
 */
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { OneSignalClient } from "../../provider/client";
import {
  backendText,
  changeCounts,
  startEmulatorStack,
  stopEmulatorStack,
  type Sandbox,
} from "./helpers/engine";

describe("look-ups under the real engine", () => {
  let emu: RunningEmulator;
  let box: Sandbox;
  let stack: Stack;
  let appId: string;
  let appKey: string;
  let templateId: string;

  beforeAll(async () => {
    ({ emu, box, stack } = await startEmulatorStack(path.join(__dirname, "fixtures/lookups"), "lookups"));
    // Made out of band, as another team or the dashboard would.
    appId = emu.state.createApp({ name: "Made elsewhere", organizationId: emu.organizationId }).id;
    emu.state.createApp({ name: "Another app", organizationId: emu.organizationId });
    appKey = emu.state.issueApiKey(appId, { name: "reader" }).token;
    const client = new OneSignalClient({ apiUrl: emu.url, pacing: false });
    templateId = (
      await client.templates.create(
        { appId, apiKey: appKey },
        { name: "Welcome", contents: { en: "Hi", fr: "Salut" }, headings: { en: "Hello" } },
      )
    ).id;
    await stack.setAllConfig({
      "test:appName": { value: "Made elsewhere" },
      "test:templateId": { value: templateId },
      "onesignal:appApiKey": { value: appKey, secret: true },
    });
  });
  afterAll(() => stopEmulatorStack({ emu, box }));

  test("preview runs the look-ups (reads only) and plans no change", async () => {
    emu.resetCounters();
    const preview = await stack.preview();
    // The stack itself is the only thing to create: look-ups are no resources.
    expect(changeCounts(preview.changeSummary)).toEqual({ create: 1 });
    const routes = emu.counters().routes;
    expect(routes["GET /apps"]?.count ?? 0).toBeGreaterThan(0);
    const writes = Object.keys(routes).filter((r) => !r.startsWith("GET "));
    expect(writes).toEqual([]);
  });

  test("up exports what the look-ups found, and Template.get's contents", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    const out = await stack.outputs();
    const values = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value]));
    expect(values).toEqual({
      appId,
      appName: "Made elsewhere",
      organizationId: emu.organizationId,
      templateName: "Welcome",
      templateChannel: "push",
      templateContents: { en: "Hi", fr: "Salut" },
      templateHeadings: { en: "Hello" },
      gotContents: { en: "Hi", fr: "Salut" },
      gotHeadings: { en: "Hello" },
    });
    // Nothing found is secret, and neither key reaches state in plain text.
    expect(Object.values(out).filter((v) => v.secret)).toEqual([]);
    const text = backendText(box);
    expect(text).not.toContain(appKey);
    expect(text).not.toContain(emu.organizationApiKey);
  });
});
