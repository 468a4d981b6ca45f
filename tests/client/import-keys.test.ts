// `pulumi-onesignal import --temporary-keys`: a read key per app without one, deleted at the end
// whether the run succeeds, fails half-way, or is interrupted; and nothing else is written.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { OneSignalClient } from "../../provider/client";
import { TEMPORARY_KEY_NAME, TemporaryKeys } from "../../sdk/cli/collect";
import { parseArgs, runImport } from "../../sdk/cli/main";
import { findRepoRoot } from "../../scripts/lib/root";

const ENV = [
  "ONESIGNAL_ORGANIZATION_API_KEY",
  "ONESIGNAL_ORGANIZATION_ID",
  "ONESIGNAL_API_URL",
  "ONESIGNAL_APP_API_KEY",
];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

let emu: RunningEmulator;
let appId: string;
let out: string;

beforeEach(async () => {
  emu = await startEmulator();
  const app = emu.state.createApp({ name: "Shop" });
  appId = app.id;
  emu.state.issueApiKey(app.id, { name: "Server" });
  for (let i = 1; i <= 3; i++)
    emu.state.put("templates", {
      app_id: app.id,
      name: `push ${i}`,
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
      content: { contents: { en: `hello ${i}` } },
    });
  process.env.ONESIGNAL_API_URL = emu.url;
  process.env.ONESIGNAL_ORGANIZATION_API_KEY = emu.organizationApiKey;
  delete process.env.ONESIGNAL_APP_API_KEY;
  out = fs.mkdtempSync(path.join(os.tmpdir(), "import-keys-"));
});
afterEach(async () => {
  await emu.close();
  fs.rmSync(out, { recursive: true, force: true });
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

const keyNames = () => emu.state.list("apiKeys", { appId }).map((k) => k.name);
const client = () =>
  new OneSignalClient({
    apiUrl: emu.url,
    organizationApiKey: emu.organizationApiKey,
    pacing: false,
    retry: { maxRetries: 0 },
  });

test("without a key or --temporary-keys, segments and templates are not read and that is said", async () => {
  const r = await runImport(parseArgs(["--out", out, "--quiet"], {}), {
    progress: () => undefined,
    client: client(),
  });
  expect(keyNames()).toEqual(["Server"]);
  expect(r.notes.join("\n")).toMatch(/segments and templates were not read: no app API key/);
  expect(r.files["apps/shop.ts"]).not.toContain("new onesignal.Template(");
});

test("a temporary key reads the templates, is deleted at the end, and is not in the program", async () => {
  const r = await runImport(parseArgs(["--out", out, "--temporary-keys", "--quiet"], {}), {
    progress: () => undefined,
    client: client(),
  });
  expect(r.leftKeys).toEqual([]);
  expect(keyNames()).toEqual(["Server"]);
  const mod = r.files["apps/shop.ts"]!;
  expect(mod.match(/new onesignal\.Template\(/g)?.length).toBe(3);
  expect(mod.match(/new onesignal\.ApiKey\(/g)?.length).toBe(1);
  expect(mod).not.toContain(TEMPORARY_KEY_NAME);
  const routes = emu.counters().routes;
  expect(routes["POST /apps/{app_id}/auth/tokens"]?.count).toBe(1);
  expect(routes["DELETE /apps/{app_id}/auth/tokens/{token_id}"]?.count).toBe(1);
  // Reads only, besides that key: no other write reached OneSignal.
  const writes = Object.entries(routes).filter(([r, c]) => !r.startsWith("GET ") && c.count > 0);
  expect(writes.map(([r]) => r).sort()).toEqual([
    "DELETE /apps/{app_id}/auth/tokens/{token_id}",
    "POST /apps/{app_id}/auth/tokens",
  ]);
});

test("a failure half-way through still deletes the temporary key, and nothing is written", async () => {
  emu.faults.add({ route: "/templates/{template_id}", count: 100, kind: "status", status: 500 });
  await expect(
    runImport(parseArgs(["--out", out, "--temporary-keys", "--quiet"], {}), {
      progress: () => undefined,
      client: client(),
    }),
  ).rejects.toThrow(/500/);
  expect(keyNames()).toEqual(["Server"]);
  expect(fs.readdirSync(out)).toEqual([]);
});

test("an interrupted command (SIGINT) deletes its temporary key before it stops", async () => {
  // Each template view waits, so the command is still reading when the signal comes.
  emu.faults.add({ route: "/templates/{template_id}", count: 100, kind: "delay", delayMs: 2000 });
  const cli = path.join(findRepoRoot(__dirname), "dist/sdk/cli/main.js");
  const child = spawn(process.execPath, [cli, "import", "--out", out, "--temporary-keys"], {
    env: {
      PATH: process.env.PATH ?? "",
      ONESIGNAL_API_URL: emu.url,
      ONESIGNAL_ORGANIZATION_API_KEY: emu.organizationApiKey,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  await new Promise<void>((resolve) =>
    child.stderr.on("data", (b: Buffer) => {
      stderr += b.toString();
      if (/template 1\/3/.test(stderr)) resolve();
    }),
  );
  expect(keyNames()).toContain(TEMPORARY_KEY_NAME);
  child.kill("SIGINT");
  expect(await exited).toBe(130);
  expect(stderr).toMatch(/SIGINT: deleting the temporary keys/);
  expect(keyNames()).toEqual(["Server"]);
});

test("once the clean-up has begun, no temporary key is made any more (an app still being read)", async () => {
  const keys = new TemporaryKeys(client());
  const made = keys.create(appId);
  const left = await keys.deleteAll();
  await made;
  expect(left).toEqual([]);
  await expect(keys.create(appId)).rejects.toThrow(/no temporary key is created any more/);
  expect(keyNames()).toEqual(["Server"]);
});
