// The package's policy pack under the real engine: `pulumi preview --policy-pack` starts it through
// the language host's RunPlugin (engine >= 3.169), from the directory the guide tells users to
// pass (node_modules/pulumi-onesignal/policy-pack), with a --policy-pack-config file per case.
// A mandatory violation blocks the preview, an advisory one warns, a compliant program passes, and
// a rule limited to other stacks does not apply. Rules in detail: tests/unit/policy.test.ts.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  repoRoot,
  runPulumi,
  startEmulatorStack,
  stopEmulatorStack,
  type EmulatorStack,
} from "./helpers/engine";

const PROGRAM = path.join(__dirname, "fixtures/policy");
const STACK = "policy-prod";

let env: EmulatorStack;
let packDir: string;

beforeAll(async () => {
  env = await startEmulatorStack(PROGRAM, STACK);
  // Where a user's install puts it: the pack ships in the package (package.json "files").
  packDir = path.join(env.stack.workspace.workDir, "node_modules/pulumi-onesignal/policy-pack");
  fs.cpSync(path.join(repoRoot, "policy-pack"), packDir, { recursive: true });
});
afterAll(() => stopEmulatorStack(env ?? {}));

/** `pulumi preview --policy-pack` with the given policy config and test config (namespace "test"). */
async function preview(policyConfig: object, testConfig: Record<string, unknown> = {}) {
  for (const key of ["allowlist", "headings"]) {
    if (key in testConfig)
      await env.stack.setConfig(`test:${key}`, { value: JSON.stringify(testConfig[key]) });
    else await env.stack.removeConfig(`test:${key}`);
  }
  const file = path.join(env.box.dir, "policy-config.json");
  fs.writeFileSync(file, JSON.stringify(policyConfig));
  return runPulumi(["preview", "--stack", STACK, "--policy-pack", packDir, "--policy-pack-config", file], {
    cwd: env.stack.workspace.workDir,
    env: env.stack.workspace.envVars,
  });
}

test("a compliant program passes every rule", async () => {
  const run = await preview({});
  expect(run.output).toContain("onesignal-guardrails");
  expect(run.output).not.toMatch(/mandatory|advisory/);
  expect(run.code).toBe(0);
});

test("a mandatory violation blocks the preview, naming the resource and the value", async () => {
  const run = await preview(
    { "onesignal-api-key-ip-allowlist": { stacks: [STACK] } },
    { allowlist: ["0.0.0.0/0"] },
  );
  expect(run.output).toMatch(/\[mandatory\]\s+onesignal-api-key-ip-allowlist/);
  expect(run.output).toContain('ApiKey "ci" ipAllowlist has "0.0.0.0/0", which allows every address');
  expect(run.output).toContain("(pulumi-nodejs:dynamic/onesignal:ApiKey: ci)");
  expect(run.code).not.toBe(0);
});

test("an advisory violation warns and the preview succeeds", async () => {
  const run = await preview({}, { headings: { de: "Hallo" } });
  expect(run.output).toMatch(/\[advisory\]\s+onesignal-template-languages/);
  expect(run.output).toContain('Template "welcome" (push) headings has no "en" text (it has "de")');
  expect(run.code).toBe(0);
});

test("the policy config sets enforcement levels and limits a rule to chosen stacks", async () => {
  // The stack name reaches the pack through the language host's policy proxy (PULUMI_NODEJS_STACK).
  const elsewhere = await preview(
    { "onesignal-api-key-ip-allowlist": { stacks: ["other"] } },
    { allowlist: ["0.0.0.0/0"] },
  );
  expect(elsewhere.output).not.toContain("0.0.0.0/0");
  expect(elsewhere.code).toBe(0);

  // The stack policy too: the key's app is created in the same run, so it is known by its URN.
  const stricter = await preview(
    { "onesignal-template-languages": "mandatory", "onesignal-api-keys-per-app": { maxKeysPerApp: 0 } },
    { headings: { de: "Hallo" } },
  );
  expect(stricter.output).toMatch(/\[mandatory\]\s+onesignal-template-languages/);
  expect(stricter.output).toMatch(/\[mandatory\]\s+onesignal-api-keys-per-app/);
  expect(stricter.output).toContain(
    "the app of urn:pulumi:policy-prod::onesignal-policy::pulumi-nodejs:dynamic/onesignal:App::shop has 1 API key " +
      'in this stack (ApiKey "ci"); maxKeysPerApp is 0',
  );
  expect(stricter.code).not.toBe(0);
});
