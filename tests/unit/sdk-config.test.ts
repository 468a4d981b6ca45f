/**
 * The program-side warning about credentials set in stack config without `--secret`. It relies on
 * the SDK's internal `isConfigSecret`; these tests pin that, so an SDK release without it fails here
 * instead of silently dropping the warning.
 */
import * as pulumi from "@pulumi/pulumi";
import { forgetCredentialCheck, warnPlainCredentials } from "../../sdk/common";

type Warn = (msg: string) => Promise<void>;

function runCheck(config: Record<string, string>, secretKeys: string[]): string[] {
  const warned: string[] = [];
  (pulumi.runtime as unknown as { setAllConfig(c: Record<string, string>, s: string[]): void }).setAllConfig(
    config,
    secretKeys,
  );
  const spy = jest.spyOn(pulumi.log, "warn").mockImplementation(((m: string) => {
    warned.push(m);
    return Promise.resolve();
  }) as unknown as Warn);
  try {
    forgetCredentialCheck();
    warnPlainCredentials();
  } finally {
    spy.mockRestore();
  }
  return warned;
}

describe("credentials in plain stack config", () => {
  it("the SDK still has isConfigSecret", () => {
    expect(typeof require("@pulumi/pulumi/runtime/config").isConfigSecret).toBe("function");
  });

  it("warns, naming the key and never its value, when the organization key is not secret", () => {
    const warned = runCheck({ "onesignal:organizationApiKey": "os_v2_org_plainplainplainplain" }, []);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(
      /onesignal:organizationApiKey is set in stack config in plain text.*pulumi config set --secret onesignal:organizationApiKey/,
    );
    expect(warned[0]).not.toContain("os_v2_org_plainplainplainplain");
  });

  it("says nothing when the credentials are secret or not in stack config", () => {
    expect(
      runCheck({ "onesignal:organizationApiKey": "k1", "onesignal:appApiKey": "k2" }, [
        "onesignal:organizationApiKey",
        "onesignal:appApiKey",
      ]),
    ).toEqual([]);
    expect(runCheck({ "onesignal:organizationId": "org" }, [])).toEqual([]);
  });
});
