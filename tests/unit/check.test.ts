/**
 * check across kinds: whatever the input, it answers with failures instead of throwing. The
 * per-kind rules (failures name the offending property, unknown values computed by other
 * resources pass, no HTTP request is ever made): app/apiKey/segment/template.test.ts.
 */
import { PROVIDER } from "../provider/helpers";
import { APP, checkMakesNoRequest, h } from "./helpers";

checkMakesNoRequest();

describe("check never throws", () => {
  it.each([null, 5, "x", [1], { a: { b: [null] } }])("survives a filters value of %j", async (filters) => {
    const r = await h.segment.check({}, { appId: APP, name: "s", filters, __provider: PROVIDER });
    expect(r.failures.length).toBeGreaterThan(0);
    expect(r.failures.every((f) => typeof f.property === "string" && f.reason.length > 0)).toBe(true);
  });

  it("keeps __provider in the checked inputs", async () => {
    const r = await h.app.check({}, { name: "Acme", __provider: PROVIDER });
    expect(r.inputs.__provider).toBe(PROVIDER);
  });
});
