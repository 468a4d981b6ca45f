/**
 * Two OneSignal organizations in one program under the real engine: the default provider (stack
 * config) manages the emulator's primary organization, an explicit `onesignal.Provider` a second
 * one. Create, update, refresh after drift and destroy each reach the right organization; the second
 * organization's key stays encrypted in state; a provider whose key and id belong to different
 * organizations stops before it sends anything.
 */
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import {
  backendText,
  changeCounts,
  startEmulatorStack,
  stopEmulatorStack,
  type Sandbox,
} from "./helpers/engine";

const PROGRAM = path.join(__dirname, "fixtures/orgs");

let emu: RunningEmulator;
let box: Sandbox;
let stack: Stack;
let org2: { id: string; api_key: string };

beforeAll(async () => {
  ({ emu, box, stack } = await startEmulatorStack(PROGRAM, "orgs"));
  org2 = emu.state.createOrganization({ name: "second" }) as { id: string; api_key: string };
  await stack.setAllConfig({
    "orgs:org2Key": { value: org2.api_key, secret: true },
    "orgs:org2Id": { value: org2.id },
  });
});

afterAll(() => stopEmulatorStack({ emu, box }));

/** What each organization holds in the emulator: its apps, and their keys, segments and templates by name. */
function holdings(orgId: string) {
  const apps = emu.state.list("apps").filter((a) => a.organization_id === orgId);
  const of = (kind: "apiKeys" | "segments" | "templates") =>
    apps.flatMap((a) => emu.state.list(kind, { appId: String(a.id) }).map((o) => String(o.name)));
  return {
    apps: apps.map((a) => String(a.name)),
    apiKeys: of("apiKeys"),
    // The emulator's default segments are not the program's.
    segments: of("segments").filter((n) => n.includes("segment")),
    templates: of("templates"),
  };
}

const expected = (label: string, suffix = "") => ({
  apps: [`${label} app${suffix}`],
  apiKeys: [`${label} key${suffix}`],
  segments: [`${label} segment${suffix}`],
  templates: [`${label} template${suffix}`],
});

test("create: each organization gets its own app, key, segment and template; the second key stays secret", async () => {
  const up = await stack.up();
  console.log(`up: ${JSON.stringify(changeCounts(up.summary.resourceChanges))}`);
  expect(holdings(emu.organizationId)).toEqual(expected("org1"));
  expect(holdings(org2.id)).toEqual(expected("org2"));
  const outs = await stack.outputs();
  expect(emu.state.get("apps", String(outs.org2App!.value))).toMatchObject({ organization_id: org2.id });
  expect(emu.state.get("apps", String(outs.org1App!.value))).toMatchObject({
    organization_id: emu.organizationId,
  });
  // The explicit provider's inputs are in state; its key only encrypted.
  const state = backendText(box);
  expect(state).toContain("pulumi:providers:pulumi-nodejs::org2");
  expect(state).not.toContain(org2.api_key);
  expect(state).not.toContain(emu.organizationApiKey);
  const preview = await stack.preview({ expectNoChanges: true });
  expect(Object.keys(changeCounts(preview.changeSummary))).toEqual(["same"]);
});

test("update and refresh after drift reach the right organization", async () => {
  await stack.setConfig("orgs:suffix", { value: " v2" });
  await stack.up();
  expect(holdings(emu.organizationId)).toEqual(expected("org1", " v2"));
  expect(holdings(org2.id)).toEqual(expected("org2", " v2"));

  // Drift in the second organization: refresh reads it through the explicit provider, up restores it.
  const outs = await stack.outputs();
  const appId = String(outs.org2App!.value);
  const [tpl] = emu.state.list("templates", { appId });
  emu.state.patch("templates", String(tpl!.id), { name: "renamed in the dashboard" });
  await stack.refresh();
  const preview = await stack.preview();
  expect(changeCounts(preview.changeSummary)).toMatchObject({ update: 1 });
  await stack.up();
  expect(holdings(org2.id)).toEqual(expected("org2", " v2"));
  const again = await stack.preview({ expectNoChanges: true });
  expect(Object.keys(changeCounts(again.changeSummary))).toEqual(["same"]);
});

test("a provider whose key belongs to another organization than its id stops before sending anything", async () => {
  // The second organization's id with the first organization's key (which has apps there).
  await stack.setAllConfig({
    "orgs:org2Key": { value: emu.organizationApiKey, secret: true },
    "orgs:suffix": { value: " v3" },
  });
  const before = JSON.stringify([holdings(emu.organizationId), holdings(org2.id)]);
  emu.resetCounters();
  let message = "";
  try {
    await stack.up();
  } catch (err) {
    message = String((err as Error).message);
  }
  const line = message.split("\n").find((l) => /onesignal\.Provider:/.test(l)) ?? "";
  console.log(`what the user sees: ${line.trim()}`);
  expect(line).toMatch(
    new RegExp(
      `its organizationApiKey belongs to organization ${emu.organizationId}, not to the organizationId it was given \\(${org2.id}\\); nothing was sent`,
    ),
  );
  // No write reached OneSignal from the misconfigured provider (org1's resources did update).
  const writes = Object.entries(emu.counters().routes).filter(([k]) => !k.startsWith("GET"));
  console.log(`writes during the refused up: ${writes.map(([k, v]) => `${k}×${v.count}`).join(", ")}`);
  expect(holdings(org2.id)).toEqual(JSON.parse(before)[1]);
  expect(message).not.toContain(emu.organizationApiKey);

  await stack.setAllConfig({
    "orgs:org2Key": { value: org2.api_key, secret: true },
    "orgs:suffix": { value: " v2" },
  });
  await stack.up();
  expect(holdings(emu.organizationId)).toEqual(expected("org1", " v2"));
  expect(holdings(org2.id)).toEqual(expected("org2", " v2"));
});

test("an organization key set without --secret is warned about at preview, never printed", async () => {
  await stack.setConfig("onesignal:organizationApiKey", { value: emu.organizationApiKey, secret: false });
  const preview = await stack.preview();
  await stack.setConfig("onesignal:organizationApiKey", { value: emu.organizationApiKey, secret: true });
  const out = preview.stdout + preview.stderr;
  const line = out.split("\n").find((l) => /in plain text/.test(l)) ?? "";
  console.log(`what the user sees: ${line.trim()}`);
  expect(line).toMatch(
    /onesignal:organizationApiKey is set in stack config in plain text.*pulumi config set --secret/,
  );
  expect(out).not.toContain(emu.organizationApiKey);
  const secretAgain = await stack.preview();
  expect(secretAgain.stdout + secretAgain.stderr).not.toMatch(/in plain text/);
});

test("destroy removes the keys, segments and templates of both organizations (apps stay: OneSignal cannot delete them)", async () => {
  await stack.destroy();
  for (const org of [emu.organizationId, org2.id])
    expect(holdings(org)).toMatchObject({ apiKeys: [], segments: [], templates: [] });
});
