/**
 * The `onesignal-emulator` CLI: flag parsing in-process, and the real process (spawned from a
 * transpiled copy of emulator/) for the stdout line, signals, `--data` and kill -9.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main, parseCli, UsageError } from "../../emulator/cli";
import { startEmulator } from "../../emulator";
import { buildEmulatorForSpawn, call, nodeEnv } from "./helpers";

let cli: string;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  cli = buildEmulatorForSpawn();
});
afterAll(() => fs.rmSync(path.dirname(path.dirname(cli)), { recursive: true, force: true }));
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-cli-"));
});
afterEach(() => {
  for (const ch of children.splice(0)) if (ch.exitCode === null && ch.signalCode === null) ch.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  info: { url: string; organizationId: string; organizationApiKey: string };
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startCli(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: nodeEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d.toString()));
  child.stderr!.on("data", (d) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out} ${err}`)), 15000);
    child.stdout!.on("data", () => {
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      resolve({ child, info: JSON.parse(out.slice(0, nl)), stdout: () => out, exited });
    });
    void exited.then(({ code }) => reject(new Error(`CLI exited early (${code}): ${err}`)));
  });
}

describe("parseCli", () => {
  test("maps every flag to an option", () => {
    const { options, faults, help } = parseCli([
      "--host",
      "0.0.0.0",
      "--port",
      "8080",
      "--organization-id",
      "org",
      "--organization-api-key",
      "k",
      "--data",
      "f.json",
      "--rate-limits",
      "onesignal",
      "--latency-ms",
      "25",
      "--sms-channel-case",
      "sms",
      "--copy-template-response",
      "success",
      "--max-body-bytes",
      "2048",
      "--trust-client-ip-header",
      "--accept-bearer",
      "--no-default-segments",
      "--fault",
      '{"route":"segment","count":1,"kind":"status","status":503}',
    ]);
    expect(help).toBe(false);
    expect(options).toEqual({
      host: "0.0.0.0",
      port: 8080,
      organizationId: "org",
      organizationApiKey: "k",
      dataFile: "f.json",
      rateLimits: "onesignal",
      latencyMs: 25,
      smsChannelCase: "sms",
      copyTemplateResponse: "success",
      maxBodyBytes: 2048,
      trustClientIpHeader: true,
      acceptBearer: true,
      defaultSegments: false,
    });
    expect(faults).toEqual([{ route: "segment", count: 1, kind: "status", status: 503 }]);
    expect(parseCli(["--rate-limits", '{"segments":{"perSecond":2}}']).options.rateLimits).toEqual({
      segments: { perSecond: 2 },
    });
  });

  test.each([
    [["--port", "abc"]],
    [["--port", "70000"]],
    [["--latency-ms", "-1"]],
    [["--sms-channel-case", "Sms"]],
    [["--rate-limits", "fast"]],
    [["--fault", "{"]],
    [["--unknown"]],
    [["positional"]],
  ])("%j → UsageError", (argv) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
  });

  test("main() prints exactly one JSON line and returns a running emulator", async () => {
    const lines: string[] = [];
    const emu = await main(["--port", "0", "--organization-id", "11111111-1111-4111-8111-111111111111"], {
      stdout: (l) => lines.push(l),
      stderr: () => undefined,
    });
    try {
      expect(lines).toHaveLength(1);
      expect(lines[0]!.endsWith("\n")).toBe(true);
      const info = JSON.parse(lines[0]!);
      expect(Object.keys(info)).toEqual(["url", "organizationId", "organizationApiKey"]);
      expect(info.organizationId).toBe("11111111-1111-4111-8111-111111111111");
      expect(info.organizationApiKey).toMatch(/^os_v2_org_/);
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await call(info.url, { path: "/apps", key: info.organizationApiKey })).status).toBe(200);
    } finally {
      await emu?.close();
    }
  });

  test("main() with a bad --fault closes the emulator and throws UsageError", async () => {
    await expect(
      main(["--fault", '{"count":0,"kind":"status"}'], { stdout: () => undefined, stderr: () => undefined }),
    ).rejects.toThrow(UsageError);
  });
});

describe("onesignal-emulator process", () => {
  test("starts with #!/usr/bin/env node", () => {
    expect(
      fs
        .readFileSync(path.join(__dirname, "../../emulator/cli.ts"), "utf8")
        .startsWith("#!/usr/bin/env node\n"),
    ).toBe(true);
  });

  test.each(["SIGTERM", "SIGINT"] as const)(
    "prints one JSON line, serves, and exits 0 on %s",
    async (signal) => {
      const s = await startCli(["--port", "0"]);
      expect((await call(s.info.url, { path: "/apps", key: s.info.organizationApiKey })).status).toBe(200);
      s.child.kill(signal);
      expect(await s.exited).toEqual({ code: 0, signal: null });
      expect(s.stdout().trim().split("\n")).toHaveLength(1);
    },
  );

  test("--help exits 0; a bad flag exits 2", async () => {
    const help = spawn(process.execPath, [cli, "--help"], { env: nodeEnv() });
    let out = "";
    help.stdout.on("data", (d) => (out += d));
    expect(await new Promise((r) => help.on("exit", r))).toBe(0);
    expect(out).toContain("--organization-api-key");
    const bad = spawn(process.execPath, [cli, "--port", "nope"], { env: nodeEnv() });
    expect(await new Promise((r) => bad.on("exit", r))).toBe(2);
  });

  test("--data: state survives a restart", async () => {
    const file = path.join(dir, "state.json");
    const a = await startCli(["--data", file]);
    const app = await call(a.info.url, {
      method: "POST",
      path: "/apps",
      key: a.info.organizationApiKey,
      body: { name: "survivor", organization_id: a.info.organizationId },
    });
    expect(app.status).toBe(200);
    a.child.kill("SIGTERM");
    await a.exited;
    const b = await startCli(["--data", file]);
    expect(b.info.organizationId).toBe(a.info.organizationId);
    expect(b.info.organizationApiKey).toBe(a.info.organizationApiKey);
    const got = await call(b.info.url, { path: `/apps/${app.body.id}`, key: b.info.organizationApiKey });
    expect(got.status).toBe(200);
    expect(got.body.name).toBe("survivor");
    b.child.kill("SIGTERM");
    await b.exited;
  });

  test("kill -9 in the middle of writes leaves a loadable file with every acknowledged write", async () => {
    const file = path.join(dir, "state.json");
    const s = await startCli(["--data", file, "--no-default-segments"]);
    const org = s.info.organizationApiKey;
    const app = (
      await call(s.info.url, {
        method: "POST",
        path: "/apps",
        key: org,
        body: { name: "busy", organization_id: s.info.organizationId },
      })
    ).body;
    const key = (
      await call(s.info.url, {
        method: "POST",
        path: `/apps/${app.id}/auth/tokens`,
        key: org,
        body: { name: "k" },
      })
    ).body.formatted_token;
    const acked: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await call(s.info.url, {
            method: "POST",
            path: `/apps/${app.id}/segments`,
            key,
            body: { name: `w${w}-${i}`, filters: [{ field: "tag", key: "k", relation: "exists" }] },
          });
          if (res.status === 201) acked.push(res.body.id);
        } catch {
          return; // the process is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((r) => setTimeout(r, 400));
    s.child.kill("SIGKILL");
    await s.exited;
    stop = true;
    await Promise.all(writers);
    expect(acked.length).toBeGreaterThan(5);
    const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(parsed.version).toBe(1);
    const emu = await startEmulator({ dataFile: file });
    try {
      const ids = new Set(emu.state.list("segments", { appId: app.id }).map((x) => x.id));
      for (const id of acked) expect(ids.has(id)).toBe(true);
    } finally {
      await emu.close();
    }
  });
});
