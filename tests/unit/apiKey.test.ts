/** ApiKey: check (offline, no HTTP request) and the ApiKey schemas of provider/schemas (no I/O). */
import { apiKeyCreateInputSchema, apiKeySchema, apiKeyUpdateInputSchema } from "../../provider/schemas";
import { UNKNOWN } from "../../provider/resources/protocol";
import { APP, checkMakesNoRequest, failures, paths, properties } from "./helpers";

checkMakesNoRequest();

describe("check", () => {
  it("accepts a key with an allowlist", async () => {
    expect(
      await failures("apiKey", {
        appId: APP,
        name: "ci",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"],
      }),
    ).toEqual([]);
  });

  it.each(
    [
      [{ name: "ci" }, "appId"],
      [{ appId: APP }, "name"],
      [{ appId: APP, name: "ci", ipAllowlistMode: "open" }, "ipAllowlistMode"],
      [{ appId: APP, name: "ci", ipAllowlist: ["203.0.113.0/24", "300.1.1.1/8"] }, "ipAllowlist[1]"],
      [{ appId: APP, name: "ci", ipAllowlistMode: "explicit", ipAllowlist: [] }, "ipAllowlist"],
      [{ appId: APP, name: "ci", ipAllowlistMode: "explicit" }, "ipAllowlist"],
      [{ appId: APP, name: "ci", rotationTrigger: 5 }, "rotationTrigger"],
    ].map(([n, p]) => [p, n] as [string, Record<string, unknown>]),
  )("rejects input naming %s", async (prop, news) => {
    expect(await properties("apiKey", news)).toContain(prop);
  });

  it("lets an unknown appId and allowlist entry through", async () => {
    expect(
      await failures("apiKey", {
        appId: UNKNOWN,
        name: "ci",
        ipAllowlistMode: "explicit",
        ipAllowlist: [UNKNOWN],
      }),
    ).toEqual([]);
  });
});

describe("schemas (CONTRACT §3)", () => {
  it("validates allowlists", () => {
    expect(apiKeyCreateInputSchema.safeParse({ name: "k" }).success).toBe(true);
    expect(paths(apiKeyCreateInputSchema, { name: "k", ipAllowlistMode: "explicit" })).toEqual([
      "ipAllowlist",
    ]);
    expect(
      paths(apiKeyCreateInputSchema, {
        name: "k",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["192.0.2.0/24", "300.1.1.1/8"],
      }),
    ).toEqual(["ipAllowlist[1]"]);
    expect(
      apiKeyCreateInputSchema.safeParse({
        name: "k",
        ipAllowlistMode: "explicit",
        ipAllowlist: ["2001:db8::/32", "192.0.2.1"],
      }).success,
    ).toBe(true);
    expect(paths(apiKeyCreateInputSchema, {})).toEqual(["name"]);
    expect(apiKeyUpdateInputSchema.safeParse({ ipAllowlistMode: "explicit" }).success).toBe(true);
    expect(paths(apiKeyUpdateInputSchema, {})).toEqual([""]);
  });

  it("reads records with absent allowlist as [] and mode as disabled", () => {
    expect(
      apiKeySchema.parse({
        token_id: "t",
        name: "k",
        created_at: "2023-11-07T05:31:56Z",
        formatted_token: null,
      }),
    ).toEqual({
      tokenId: "t",
      name: "k",
      ipAllowlistMode: "disabled",
      ipAllowlist: [],
      createdAt: "2023-11-07T05:31:56.000Z",
    });
  });
});
