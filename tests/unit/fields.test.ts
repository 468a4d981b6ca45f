/**
 * What a read hands the engine as inputs (provider/resources/fields.ts `refreshedInputs`): none
 * while the object holds what state said, so the engine keeps the program's stored inputs (with
 * `__owner` and without the defaults the program left out); the outputs' values once a field
 * drifted, so the next preview shows it.
 */
import { refreshedInputs } from "../../provider/resources/fields";
import { apiKeyFields, templateFields } from "../../provider/schemas";

const APP = "6f9b0c2e-8d4b-4a5e-9c1d-2b3a4c5d6e7f";
const key = {
  appId: APP,
  name: "ci",
  ipAllowlistMode: "disabled",
  ipAllowlist: [],
  token: "tok",
  updatedAt: "t1",
};

describe("refreshedInputs", () => {
  it("gives no inputs when every input field holds what state said", () => {
    expect(refreshedInputs(apiKeyFields, key, { ...key })).toBeUndefined();
    // Outputs that are no inputs may move (times, tokenRefused): still none.
    expect(
      refreshedInputs(apiKeyFields, key, { ...key, updatedAt: "t2", tokenRefused: true }),
    ).toBeUndefined();
  });

  it("gives the outputs' inputs once a field drifted, or was cleared outside Pulumi", () => {
    expect(refreshedInputs(apiKeyFields, key, { ...key, name: "renamed" })).toEqual({
      appId: APP,
      name: "renamed",
      ipAllowlistMode: "disabled",
      ipAllowlist: [],
    });
    const tpl = { appId: APP, name: "t", channel: "push", contents: { en: "Hi" }, url: "https://a.example" };
    const { url: _cleared, ...withoutUrl } = tpl;
    void _cleared;
    expect(refreshedInputs(templateFields, tpl, withoutUrl)).toEqual(withoutUrl);
  });

  it("leaves out what only restates a default, in both the comparison and the result", () => {
    const tpl = { appId: APP, name: "t", channel: "push", contents: { en: "Hi" } };
    expect(refreshedInputs(templateFields, tpl, { ...tpl }, { channel: "push" })).toBeUndefined();
    expect(refreshedInputs(templateFields, tpl, { ...tpl, name: "t2" }, { channel: "push" })).toEqual({
      appId: APP,
      name: "t2",
      contents: { en: "Hi" },
    });
  });
});
