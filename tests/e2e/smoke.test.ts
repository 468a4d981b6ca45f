import * as path from "node:path";
import { Stack } from "@pulumi/pulumi/automation";
import { changeCounts, localStack, sandbox, Sandbox } from "./helpers/engine";

// Proves the whole chain under the real CLI: pulumi -> pulumi-language-nodejs -> Node program ->
// pulumi-resource-pulumi-nodejs shim -> @pulumi/pulumi dynamic-provider host. Assertions read what the
// engine reports (change summaries, outputs, exported state), not exit codes.
describe("engine smoke test", () => {
  let box: Sandbox;
  let stack: Stack;

  beforeAll(async () => {
    box = sandbox();
    stack = await localStack(path.join(__dirname, "fixtures/smoke"), box, "smoke");
  });
  afterAll(() => box?.cleanup());

  test("preview plans the stack and one Echo resource", async () => {
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ create: 2 }); // the stack + the Echo resource
  });

  test("up creates it and exports its outputs", async () => {
    const up = await stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 2 });
    expect(up.outputs.value.value).toBe("hello");
    expect(up.outputs.length.value).toBe(5);
  });

  test("a second preview reports no changes", async () => {
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 2 });
  });

  test("a config change is an in-place update", async () => {
    await stack.setConfig("value", { value: "hi" });
    const up = await stack.up();
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ same: 1, update: 1 });
    expect(up.outputs.length.value).toBe(2);
    const state = await stack.exportStack();
    const echo = state.deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi-nodejs:dynamic/smoke:Echo",
    );
    expect(echo.outputs.value).toBe("hi");
  });

  test("destroy removes it", async () => {
    const destroy = await stack.destroy();
    expect(changeCounts(destroy.summary.resourceChanges)).toEqual({ delete: 2 });
    const state = await stack.exportStack();
    expect(state.deployment.resources ?? []).toHaveLength(0);
  });
});
