import * as path from "node:path";
import { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { backendText, changeCounts, Sandbox, startEmulatorStack, stopEmulatorStack } from "./helpers/engine";
import { fakeCredentialMaterial } from "./helpers/secrets";

// The App under the real engine as OneSignal's current docs describe it: an organization where
// view-apps is switched off (over its app limit), apnsEnv's two names for one environment, the
// read-only members of view-an-app as outputs, and no credential in state, not even an echoed one.
// The test program is fixtures/apps/index.js.

const { apnsP8: APNS_P8, fcmJson: FCM_JSON } = fakeCredentialMaterial("apps-e2e");
const FCM_BASE64 = Buffer.from(FCM_JSON).toString("base64");

describe("App under the real engine", () => {
  let emu: RunningEmulator;
  let box: Sandbox;
  let stack: Stack;
  const output: string[] = [];
  const onOutput = (line: string) => output.push(line);

  beforeAll(async () => {
    ({ emu, box, stack } = await startEmulatorStack(path.join(__dirname, "fixtures/apps"), "apps", {
      // view-apps answers 400 above 2 apps here, as OneSignal does above 1000.
      emulator: { appListLimit: 2 },
      config: {
        "test:apnsP8": { value: APNS_P8, secret: true },
        "test:fcmJson": { value: FCM_JSON, secret: true },
        "test:apnsEnv": { value: "sandbox" },
      },
    }));
    for (const name of ["Existing 1", "Existing 2", "Existing 3"])
      emu.state.createApp({ name, organizationId: emu.organizationId });
  });
  afterAll(() => stopEmulatorStack({ emu, box }));

  test("up in an organization over view-apps' limit creates the app, with one warning that says why", async () => {
    const list = await viewAppsStatus();
    expect(list).toBe(400);
    const diagnostics: string[] = [];
    const onEvent = (e: EngineEvent) => {
      if (e.diagnosticEvent) diagnostics.push(e.diagnosticEvent.message);
    };
    const up = await stack.up({ onOutput, onEvent });
    expect(up.summary.result).toBe("succeeded");
    expect(changeCounts(up.summary.resourceChanges)).toEqual({ create: 2 });
    const id = up.outputs.appId.value as string;
    expect(emu.state.get("apps", id)?.name).toBe("E2E Apps");
    expect(emu.state.list("apps")).toHaveLength(4);
    // One diagnostic (the CLI prints it twice: under the resource and in the summary).
    const warnings = diagnostics.filter((m) => /OneSignal switches it off above 1000 apps/.test(m));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/disabled for organizations with over 1000 apps/);
  });

  test("the read-only members of view-an-app are outputs, credentials judged set", async () => {
    const outs = await stack.outputs();
    expect(outs.chromeWebKey.value).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect(outs.fcmSenderId.value).toMatch(/^\d{12}$/);
    expect(outs.safariPushId.value).toMatch(/^web\.onesignal\.auto\./);
    expect(outs.channels.value).toEqual({
      push: { enabled: true, platforms: ["ios", "android", "web", "safari"] },
      email: { enabled: false, platforms: [] },
      sms: { enabled: false, platforms: [] },
    });
    expect(outs.conversionAttributionWindowPush.value).toBe(1440);
    expect([outs.apnsConfigured.value, outs.fcmConfigured.value, outs.safariConfigured.value]).toEqual([
      true,
      true,
      true,
    ]);
    // What went to OneSignal: the docs' development, and the service account as its Base64.
    const app = emu.state.get("apps", outs.appId.value as string);
    expect(app).toMatchObject({ apns_env: "development", fcm_v1_service_account_json: FCM_BASE64 });
  });

  test("apnsEnv sandbox → development shows no diff in preview", async () => {
    await stack.setConfig("test:apnsEnv", { value: "development" });
    emu.resetCounters();
    const preview = await stack.preview({ onOutput });
    expect(changeCounts(preview.changeSummary)).toEqual({ same: 2 });
    const refreshed = await stack.preview({ onOutput, refresh: true });
    expect(changeCounts(refreshed.changeSummary)).toEqual({ same: 2 });
  });

  test("no credential is in the state, as given or as OneSignal echoes it", async () => {
    // The emulator echoes apns_p8 and the FCM JSON as view-an-app's docs show; refresh reads them.
    const refresh = await stack.refresh({ onOutput });
    expect(refresh.summary.result).toBe("succeeded");
    const stored = backendText(box);
    expect(stored).toContain("E2E Apps");
    for (const secret of [APNS_P8, FCM_JSON, FCM_BASE64, emu.organizationApiKey]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
    expect(stored).not.toMatch(/fcm-e2e|PRIVATE KEY/);
  });

  test("destroy leaves the app in OneSignal and says so", async () => {
    const destroy = await stack.destroy({ onOutput });
    expect(changeCounts(destroy.summary.resourceChanges)).toEqual({ delete: 2 });
    expect(emu.state.list("apps")).toHaveLength(4);
    expect(output.join("\n")).toMatch(/no API to delete apps/);
  });

  async function viewAppsStatus(): Promise<number> {
    const res = await fetch(`${emu.url}/apps`, {
      headers: { Authorization: `Key ${emu.organizationApiKey}` },
    });
    return res.status;
  }
});
