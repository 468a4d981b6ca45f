/**
 * Every output a handler returns is declared, with a type, by its SDK class (sdk/<kind>.ts): the
 * outputs of a create with every kind of input, of a managed read and of a read with nothing to go
 * by (`X.get`), plus every input of the kind's field table (outputs echo the inputs given).
 */
import { useWorld } from "../helpers/world";
import { apiKeyFields } from "../../provider/schemas/apiKey";
import { appFields } from "../../provider/schemas/app";
import { segmentFields } from "../../provider/schemas/segment";
import { templateFields } from "../../provider/schemas/template";
import { KINDS, parseSdk, type DocKind } from "../../scripts/docs";
import { PROVIDER, ROOT } from "./helpers";

const w = useWorld({ fresh: "each", app: { via: "state", name: "Outputs", key: "k" } });
const P = { __provider: PROVIDER, __owner: "organization/urn:pulumi:test::outputs::t::r" };
const FIELDS: Record<DocKind, Record<string, unknown>> = {
  app: appFields,
  apiKey: apiKeyFields,
  segment: segmentFields,
  template: templateFields,
};

/** The output names of each kind's handler runs against the emulator. */
async function handlerOutputs(kind: DocKind): Promise<string[]> {
  const h = w.h;
  const runs: Record<string, unknown>[] = [];
  const record = (p: Record<string, unknown> | undefined) => p && runs.push(p);
  if (kind === "app") {
    const c = await h.app.create({
      ...P,
      name: "All",
      apnsEnv: "production",
      apnsKeyId: "K",
      apnsTeamId: "T",
      apnsBundleId: "com.acme",
      apnsP8: "cDg=",
      chromeWebOrigin: "https://acme.example",
      safariSiteOrigin: "https://acme.example",
      siteName: "Acme",
      additionalDataIsRootPayload: true,
    });
    record(c.outs);
    record((await h.app.read(c.id, { ...c.outs, ...P })).props);
    record((await h.app.read(c.id, { ...P, name: "got" })).props);
  } else if (kind === "apiKey") {
    const c = await h.apiKey.create({
      ...P,
      appId: w.appId,
      name: "All",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24"],
      rotationTrigger: "1",
    });
    record(c.outs);
    record((await h.apiKey.read(c.id, { ...c.outs, ...P })).props);
  } else if (kind === "segment") {
    const c = await h.segment.create({
      ...P,
      appId: w.appId,
      apiKey: w.key,
      name: "All",
      description: "d",
      filters: [{ field: "tag", key: "t", relation: "exists" }],
    });
    record(c.outs);
    record(
      (await h.segment.read(c.id, { ...P, appId: w.appId, apiKey: w.key, name: "got", filters: [] })).props,
    );
  } else {
    const c = await h.template.create({
      ...P,
      appId: w.appId,
      apiKey: w.key,
      name: "All",
      channel: "push",
      contents: { en: "Hi" },
      headings: { en: "H" },
      dynamicContent: { campaign_id: { A: { title: "T" } } },
    });
    record(c.outs);
    record((await h.template.read(c.id, { ...P, appId: w.appId, apiKey: w.key, name: "got" })).props);
  }
  return [...new Set(runs.flatMap((r) => Object.keys(r)))];
}

describe.each(KINDS)("%s", (kind) => {
  it("declares every output its handler returns and every input it echoes", async () => {
    const declared = new Set(parseSdk(ROOT, kind).outputs.map((o) => o.name));
    const produced = [...new Set([...(await handlerOutputs(kind)), ...Object.keys(FIELDS[kind])])];
    expect(produced.length).toBeGreaterThan(5);
    expect(produced.filter((n) => !declared.has(n)).sort()).toEqual([]);
    // Each declaration has a type (the reference prints it).
    expect(parseSdk(ROOT, kind).outputs.filter((o) => o.type === "")).toEqual([]);
  });
});
