// Pulumi's resource options on a dynamic resource, under the real engine, as
// docs/guides/resource-options.md describes them: `replacementTrigger` replaces a Template (a new
// object in OneSignal, the old one deleted), `ignoreChanges` keeps a program change from being
// applied, `aliases`, `protect` and `retainOnDelete` act as on any resource, and `replaceOnChanges`
// does not replace (the provider's `diff` answers `changes`, and the
// engine matches replaceOnChanges only against a detailed diff, which it then never computes:
// pkg/resource/deploy/step_generator.go, applyReplaceOnChanges). The program is
// fixtures/options/index.js; stack config `opt:*` sets its options and inputs.
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { changeCounts, type Sandbox, startEmulatorStack, stopEmulatorStack } from "./helpers/engine";

describe("resource options on a Template, under the real engine", () => {
  let emu: RunningEmulator;
  let box: Sandbox;
  let stack: Stack;
  let appId: string;
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);

  const templateIds = () =>
    emu.state
      .list("templates", { appId })
      .map((t) => t.id)
      .sort();
  const stored = (id: string) => emu.state.get("templates", id)!;
  const headingOf = (id: string) => (stored(id).content.headings as Record<string, string>).en;
  const up = async () => {
    const res = await stack.up({ onOutput });
    expect(res.summary.result).toBe("succeeded");
    return { counts: changeCounts(res.summary.resourceChanges), id: res.outputs.templateId.value as string };
  };
  const previewCounts = async () => changeCounts((await stack.preview({ onOutput })).changeSummary);

  let first: string;

  beforeAll(async () => {
    ({ emu, box, stack } = await startEmulatorStack(path.join(__dirname, "fixtures/options"), "options"));
    const app = emu.state.createApp({ name: "Options" });
    appId = app.id;
    await stack.setAllConfig({
      "opt:appId": { value: app.id },
      "opt:apiKey": { value: emu.state.issueApiKey(app.id, { name: "options key" }).token, secret: true },
      "opt:trigger": { value: "1" },
    });
    const created = await up();
    expect(created.counts).toEqual({ create: 2 });
    first = created.id;
    expect(templateIds()).toEqual([first]);
  });
  afterAll(() => stopEmulatorStack({ emu, box }));

  test("a changed replacementTrigger replaces the template: a new id in OneSignal, the old template deleted", async () => {
    await stack.setConfig("opt:trigger", { value: "2" });
    expect(await previewCounts()).toEqual({ same: 1, replace: 1 });
    const replaced = await up();
    expect(replaced.counts).toEqual({ same: 1, replace: 1 });
    expect(replaced.id).not.toBe(first);
    expect(templateIds()).toEqual([replaced.id]);
    expect(emu.state.get("templates", first)).toBeUndefined();
    // The same trigger again is no change.
    expect(await previewCounts()).toEqual({ same: 2 });
    first = replaced.id;
  });

  test("ignoreChanges on headings keeps a changed heading from being applied; without it the change is applied", async () => {
    await stack.setAllConfig({ "opt:ignore": { value: "headings" }, "opt:heading": { value: "Changed" } });
    expect(await previewCounts()).toEqual({ same: 2 });
    const ignored = await up();
    expect(ignored.counts).toEqual({ same: 2 });
    expect(ignored.id).toBe(first);
    expect(headingOf(first)).toBe("Hello");

    // The control: the same program change, no longer ignored, is an update in place.
    await stack.removeConfig("opt:ignore");
    const applied = await up();
    expect(applied.counts).toEqual({ same: 1, update: 1 });
    expect(applied.id).toBe(first);
    expect(headingOf(first)).toBe("Changed");
  });

  test("replaceOnChanges does not replace: a change to the named input is an update in place", async () => {
    await stack.setAllConfig({ "opt:replaceOn": { value: "name" }, "opt:name": { value: "Renamed" } });
    const updated = await up();
    expect(updated.counts).toEqual({ same: 1, update: 1 });
    expect(updated.id).toBe(first);
    expect(templateIds()).toEqual([first]);
    expect(stored(first).name).toBe("Renamed");
  });

  test("renaming the resource with an alias keeps the template: no replace, same id", async () => {
    await stack.setAllConfig({ "opt:resource": { value: "greeting" }, "opt:aliasOf": { value: "welcome" } });
    const renamed = await up();
    expect(renamed.counts).toEqual({ same: 2 });
    expect(renamed.id).toBe(first);
    expect(templateIds()).toEqual([first]);
  });

  test("protect makes destroy fail and keeps the template in OneSignal and in state", async () => {
    await stack.setConfig("opt:protect", { value: "true" });
    expect((await up()).counts).toEqual({ same: 2 });
    output.length = 0;
    await expect(stack.destroy({ onOutput })).rejects.toThrow(/protect/);
    expect(templateIds()).toEqual([first]);
    const inState = ((await stack.exportStack()).deployment.resources ?? []).map(
      (r: { id?: string }) => r.id,
    );
    expect(inState).toContain(first);
  });

  test("retainOnDelete: destroy takes the template out of the stack and leaves it in OneSignal", async () => {
    await stack.setAllConfig({ "opt:protect": { value: "false" }, "opt:retain": { value: "true" } });
    expect((await up()).counts).toEqual({ same: 2 });
    const destroyed = await stack.destroy({ onOutput });
    expect(destroyed.summary.result).toBe("succeeded");
    expect(changeCounts(destroyed.summary.resourceChanges)).toEqual({ delete: 2 });
    expect(templateIds()).toEqual([first]);
    expect((await stack.exportStack()).deployment.resources ?? []).toEqual([]);
  });
});
