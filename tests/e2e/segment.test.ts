import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { changeCounts, startEmulatorStack, stopEmulatorStack, type Sandbox } from "./helpers/engine";

// A managed segment that someone gives a message-event filter in the dashboard: OneSignal's
// view-segment then answers 400 for ever. Under the real engine, refresh and up must go on with a
// warning that quotes OneSignal and names the segment, and destroy must still delete it.
const REASON =
  "User-based segments (with message event or custom event filters) are not yet supported via the API";

describe("a segment OneSignal will not return, under the real engine", () => {
  let emu: RunningEmulator;
  let box: Sandbox;
  let stack: Stack;
  const counts = (r: { summary: { resourceChanges?: Record<string, number> } }) =>
    changeCounts(r.summary.resourceChanges);
  const segmentId = async () => (await stack.outputs()).segmentId.value as string;
  const markUserBased = async (id: string) => {
    // Through the admin API, as a test outside this process would.
    const res = await fetch(`${emu.url}/__emulator/state/segments/${id}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ user_based: true }),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    ({ emu, box, stack } = await startEmulatorStack(path.join(__dirname, "fixtures/segment"), "segment"));
    const up = await stack.up();
    expect(counts(up)).toEqual({ create: 4 });
  });
  afterAll(() => stopEmulatorStack({ emu, box }));

  test("refresh keeps the segment's last state, with a warning quoting OneSignal and naming it", async () => {
    const id = await segmentId();
    await markUserBased(id);
    const lines: string[] = [];
    const refresh = await stack.refresh({ onOutput: (l) => lines.push(l) });
    expect(refresh.summary.result).toBe("succeeded");
    expect(counts(refresh)).toEqual({ same: 4 });
    const out = lines.join("\n");
    expect(out).toContain(`OneSignal Segment "Engaged" (${id}`);
    expect(out).toContain(REASON);
    // State is unchanged: a preview plans nothing.
    const preview = await stack.preview();
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 4 });
  });

  test("up --refresh goes on: the warning again, and the update is sent", async () => {
    const id = await segmentId();
    await stack.setConfig("test:description", { value: "v2" });
    const lines: string[] = [];
    const up = await stack.up({ refresh: true, onOutput: (l) => lines.push(l) });
    expect(up.summary.result).toBe("succeeded");
    expect(counts(up)).toEqual({ same: 3, update: 1 });
    expect(lines.join("\n")).toContain(REASON);
    expect(emu.state.get("segments", id)).toMatchObject({ description: "v2" });
  });

  test("destroy still deletes it", async () => {
    const id = await segmentId();
    await markUserBased(id);
    const destroy = await stack.destroy();
    expect(destroy.summary.result).toBe("succeeded");
    expect(emu.state.get("segments", id)).toBeUndefined();
  });
});
