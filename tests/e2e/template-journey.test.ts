/**
 * delete-template under the real engine: OneSignal refuses to delete a template a Journey uses
 * (400 "Can not delete a template that has journeys using it."). `pulumi destroy` must fail with
 * that reason and keep the template in state, so that a later destroy, once the Journey lets go of
 * it, finishes the job. The emulator marks the template through its admin API.
 */
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { changeCounts, localStack, sandbox, type Sandbox } from "./helpers/engine";

const REASON = "Can not delete a template that has journeys using it.";
const TEMPLATE_TYPE = "pulumi-nodejs:dynamic/onesignal:Template";

describe("a template a Journey uses, under the real engine", () => {
  let emu: RunningEmulator;
  let box: Sandbox;
  let stack: Stack;
  let appKey: string;
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);

  const inState = async () =>
    ((await stack.exportStack()).deployment.resources ?? []).filter(
      (r: { type: string }) => r.type === TEMPLATE_TYPE,
    );
  const markInJourney = async (templateId: string, inJourney: boolean) => {
    const res = await fetch(`${emu.url}/__emulator/state/templates/${templateId}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ in_journey: inJourney }),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    emu = await startEmulator();
    const app = emu.state.createApp({ name: "Journeys" });
    appKey = emu.state.issueApiKey(app.id, { name: "journey key" }).token;
    box = sandbox();
    stack = await localStack(path.join(__dirname, "fixtures/template-journey"), box, "journey");
    await stack.setAllConfig({
      "onesignal:apiUrl": { value: emu.url },
      "onesignal:organizationId": { value: emu.organizationId },
      "onesignal:organizationApiKey": { value: emu.organizationApiKey, secret: true },
      "tpl:appId": { value: app.id },
      "tpl:apiKey": { value: appKey, secret: true },
    });
  });
  afterAll(async () => {
    await emu?.close();
    box?.cleanup();
  });

  test("destroy fails with OneSignal's reason while a Journey uses the template; the template stays in state; after that a destroy finishes", async () => {
    const up = await stack.up({ onOutput });
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 2 });
    const templateId = up.outputs.templateId.value as string;
    expect(emu.state.get("templates", templateId)).toBeDefined();

    await markInJourney(templateId, true);
    output.length = 0;
    let failure: Error | undefined;
    try {
      await stack.destroy({ onOutput });
    } catch (err) {
      failure = err as Error;
    }
    expect(failure).toBeDefined();
    const said = `${failure?.message ?? ""}\n${output.join("")}`;
    expect(said).toContain(REASON);
    expect(said).toContain("remove it from the Journeys that use it");
    expect(said).not.toContain(appKey);
    expect(emu.state.get("templates", templateId)).toBeDefined();
    const kept = await inState();
    expect(kept.map((r: { id: string }) => r.id)).toEqual([templateId]);

    await markInJourney(templateId, false);
    const destroy = await stack.destroy({ onOutput });
    expect(destroy.summary.result).toBe("succeeded");
    expect(changeCounts(destroy.summary.resourceChanges)).toEqual({ delete: 2 });
    expect(emu.state.get("templates", templateId)).toBeUndefined();
    expect(await inState()).toEqual([]);
  });
});
