/**
 * Issue 8, load: a 300-resource `up` with `--parallel 32` against the emulator enforcing OneSignal's
 * documented rate limits (`rateLimits: "onesignal"`: template views 1 req/s/app, notifications
 * 150 req/s/app) finishes with zero failed operations, zero duplicates and nothing lost. Its wall
 * time, request count and the emulator's 429 count are printed and written to
 * .pulumi-local/load-report.md. The secrets scanner runs over its state and output too.
 *
 * Shape: 10 apps × (1 API key + 14 segments + 14 templates) = 300 resources (+ the stack).
 */
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { changeCounts, localStack, sandbox, type Sandbox } from "./helpers/engine";
import { convergence, writeTable, type Kind } from "./helpers/convergence";
import { fakeCredentialMaterial, SecretScanner } from "./helpers/secrets";

const PROGRAM = path.join(__dirname, "fixtures/faults/program");
const APPS = 10;
const SEGMENTS = 14;
const TEMPLATES = 14;
const DECLARED: Record<Kind, number> = {
  app: APPS,
  apiKey: APPS,
  segment: APPS * SEGMENTS,
  template: APPS * TEMPLATES,
};
const TOTAL = Object.values(DECLARED).reduce((a, b) => a + b, 0);

describe("load (issue 8)", () => {
  let emu: RunningEmulator;
  let box: Sandbox;

  beforeAll(async () => {
    emu = await startEmulator({ rateLimits: "onesignal" });
    box = sandbox();
  });
  afterAll(async () => {
    await emu?.close();
    box?.cleanup();
  });

  test(`${TOTAL}-resource up with --parallel 32 at OneSignal's documented limits: zero failed operations`, async () => {
    expect(TOTAL).toBe(300);
    const scanner = new SecretScanner();
    const creds = fakeCredentialMaterial("load");
    scanner.add("organization API key", emu.organizationApiKey);
    scanner.add("APNs p8", creds.apnsP8);
    scanner.add("FCM service account JSON", creds.fcmJson);

    const stack = await localStack(PROGRAM, box, "load");
    await stack.setAllConfig({
      "onesignal:organizationApiKey": { value: emu.organizationApiKey, secret: true },
      "onesignal:organizationId": { value: emu.organizationId },
      "onesignal:apiUrl": { value: emu.url },
      "faults:prefix": { value: "load" },
      "faults:apps": { value: String(APPS) },
      "faults:segments": { value: String(SEGMENTS) },
      "faults:templates": { value: String(TEMPLATES) },
      "faults:apnsP8": { value: creds.apnsP8, secret: true },
      "faults:fcmJson": { value: creds.fcmJson, secret: true },
    });

    const io = scanner.capture("load up");
    let failedOps = 0;
    let errorDiagnostics = 0;
    const onEvent = (e: EngineEvent) => {
      io.onEvent(e);
      if (e.resOpFailedEvent) failedOps += 1;
      if (e.diagnosticEvent?.severity === "error") errorDiagnostics += 1;
    };
    emu.resetCounters();
    const started = Date.now();
    let result = "succeeded";
    let counts: Record<string, number> = {};
    try {
      const up = await stack.up({ parallel: 32, onOutput: io.onOutput, onError: io.onError, onEvent });
      result = up.summary.result;
      counts = changeCounts(up.summary.resourceChanges);
    } catch (err) {
      scanner.scanError("load up", err);
      result = `failed: ${
        String((err as Error).message)
          .split("\n")
          .find((l) => /error/i.test(l)) ?? ""
      }`;
    }
    const seconds = (Date.now() - started) / 1000;
    const counters = emu.counters();
    const rateLimited = counters.byStatus["429"] ?? 0;
    const conv = await convergence(emu.url, stack, DECLARED);

    await scanner.collectSecretsFromStack(stack);
    await scanner.scanStack(stack, {
      backendDir: path.join(box.dir, "state"),
      envVars: box.envVars,
    });
    scanner.scanCaptured();

    const templateViews = Object.entries(counters.routes)
      .filter(([k]) => k.startsWith("GET /templates"))
      .reduce((n, [, r]) => n + r.count, 0);
    const report = writeTable(
      "load-report.md",
      `Load: ${TOTAL} resources, --parallel 32, rateLimits "onesignal" (issue 8)`,
      [
        {
          scenario: `${TOTAL} resources / parallel 32`,
          outcome: `${result} ${JSON.stringify(counts)}`,
          rerun: "n/a",
          duplicates: conv.duplicates,
          lost: conv.lost,
          notes: `${seconds.toFixed(1)} s wall; ${counters.total} API requests (${templateViews} template views); emulator 429s: ${rateLimited}; failed operations: ${failedOps}; error diagnostics: ${errorDiagnostics}`,
        },
      ],
      [`Status counts: ${JSON.stringify(counters.byStatus)}.`, `Secrets: ${scanner.summary()}.`],
    );

    console.log(report);

    expect(result).toBe("succeeded");
    expect(counts).toEqual({ create: TOTAL + 1 });
    expect(failedOps).toBe(0);
    expect(errorDiagnostics).toBe(0);
    expect({ duplicates: conv.duplicates, lost: conv.lost, details: conv.details.slice(0, 10) }).toEqual({
      duplicates: 0,
      lost: 0,
      details: [],
    });
    scanner.assertClean();
  });
});
