import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import type { RunningEmulator } from "../../emulator";
import { runPulumi, startEmulatorStack, stopEmulatorStack, type Sandbox } from "./helpers/engine";
import { fakeCredentialMaterial, SecretScanner } from "./helpers/secrets";

// Secrets of the wrong type (an FCM service-account object, a Buffer for apnsP8, a number for a
// password) under the real engine: `pulumi preview` fails at check, names each field and what it
// expected, and nothing the user or CI sees carries the secret. The engine prints a check failure
// with a property as "property <p> value <v>", <v> taken from the program's inputs, and some engine
// versions print a secret there in full: the provider's failures must not give it the chance.
// The program is fixtures/secrets-check/index.js.

const { apnsP8: APNS_P8, fcmJson: FCM_JSON } = fakeCredentialMaterial("secrets-check-e2e");
const APNS_P12 = Buffer.from("p12-certificate-bytes-for-secrets-check").toString("base64");
const PIN = "918273645546372819";

describe("wrong-typed secrets under the real engine", () => {
  let emu: RunningEmulator;
  let box: Sandbox;
  let stack: Stack;

  beforeAll(async () => {
    const program = path.join(__dirname, "fixtures/secrets-check");
    ({ emu, box, stack } = await startEmulatorStack(program, "secrets-check", {
      config: {
        "test:apnsP8": { value: APNS_P8, secret: true },
        "test:fcmJson": { value: FCM_JSON, secret: true },
        "test:apnsP12": { value: APNS_P12, secret: true },
        "test:pin": { value: PIN, secret: true },
      },
    }));
  });
  afterAll(() => stopEmulatorStack({ emu, box }));

  test.each([
    ["object", /fcmV1ServiceAccountJson: must be a string, not an object/],
    ["buffer", /apnsP8: must be a string, not (a Buffer|an object)/],
    ["number", /apnsP12Password: must be a string, not a number/],
  ])(
    "a %s secret: preview fails at check naming the field and type; its output holds no trace of the secrets",
    async (which, says) => {
      await stack.setConfig("test:case", { value: which });
      const run = await runPulumi(["preview", "--stack", stack.name], {
        cwd: stack.workspace.workDir,
        env: stack.workspace.envVars,
      });
      const out = run.output; // stdout and stderr, interleaved as a terminal shows them
      expect(run.code).not.toBe(0);
      expect(out).toMatch(says);
      expect(out).toMatch(/its value is not shown: it is secret/);

      const scan = new SecretScanner();
      scan.add("APNs p8", APNS_P8);
      scan.add("FCM service account", FCM_JSON);
      scan.add("FCM private key", (JSON.parse(FCM_JSON) as { private_key: string }).private_key);
      scan.add("APNs p12", APNS_P12);
      scan.add("certificate password", PIN);
      scan.add("organization API key", emu.organizationApiKey);
      scan.scanText(`preview (${which}) stdout+stderr`, out);
      // Fragments too: a private key's body lines, the password as a number.
      const bodies = [APNS_P8, (JSON.parse(FCM_JSON) as { private_key: string }).private_key]
        .flatMap((k) => k.split("\n"))
        .filter((l) => l.length >= 16 && !l.startsWith("-----"));
      for (const line of bodies) expect(out).not.toContain(line);
      expect(out).not.toContain(PIN);
      expect(out).not.toContain("PRIVATE KEY");
      expect(out).not.toContain("gserviceaccount");
      scan.assertClean();
      // Nothing was created: check failures stop the run before any create.
      expect(emu.state.list("apps")).toHaveLength(0);
    },
  );
});
