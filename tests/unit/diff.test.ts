/**
 * diff decisions, table-driven: which keys replace, what counts as a change (write-only fields
 * against the last inputs, unknowns, normalised spellings), and deleteBeforeReplace for segments.
 */
import { UNKNOWN } from "../../provider/resources/protocol";
import { normaliseFilters } from "../../provider/schemas/segment";
import { canonicalCidr } from "../../provider/schemas/cidr";
import { offlineHandlers, PROVIDER } from "../provider/helpers";

const h = offlineHandlers();
const P = { __provider: PROVIDER };
const APP = "5a6f3e0e-7a6e-4f3c-9d2b-0a3c1b2d4e5f";
const APP2 = "6b7f3e0e-7a6e-4f3c-9d2b-0a3c1b2d4e5f";

type Kind = "app" | "apiKey" | "segment" | "template";
interface Row {
  title: string;
  kind: Kind;
  olds: Record<string, unknown>;
  news: Record<string, unknown>;
  changes: boolean;
  replaces?: string[];
  deleteBeforeReplace?: boolean;
}

const appOld = {
  ...P,
  name: "Acme",
  organizationId: APP,
  apnsP8: "P8-OLD",
  players: 3,
  createdAt: "2026-01-01T00:00:00.000Z",
  chromeWebOrigin: "https://acme.example",
};
const keyOld = {
  ...P,
  appId: APP,
  name: "ci",
  ipAllowlistMode: "explicit",
  ipAllowlist: ["203.0.113.0/24", "198.51.100.7/32"],
  tokenId: "t1",
  token: "os_v2_app_secret",
  rotationTrigger: "2026-10",
};
const filters = [
  { field: "tag", key: "tier", relation: "=", value: "vip" },
  { operator: "OR" },
  { field: "session_count", relation: ">", value: "10" },
  { field: "tag", key: "beta", relation: "exists" },
];
const segOld = {
  ...P,
  appId: APP,
  apiKey: "KEY-1",
  name: "VIP",
  description: "",
  filters,
  createdAt: "2026-01-01T00:00:00.000Z",
};
const tplOld = {
  ...P,
  appId: APP,
  apiKey: "KEY-1",
  name: "Welcome",
  channel: "sms",
  contents: { en: "Hi" },
  dynamicContent: '{"a":1}',
};

const rows: Row[] = [
  // App
  {
    title: "app: identical inputs",
    kind: "app",
    olds: appOld,
    news: {
      ...P,
      name: "Acme",
      organizationId: APP,
      apnsP8: "P8-OLD",
      chromeWebOrigin: "https://acme.example",
    },
    changes: false,
  },
  {
    title: "app: rename is in place",
    kind: "app",
    olds: appOld,
    news: { ...P, name: "Acme 2" },
    changes: true,
    replaces: [],
  },
  {
    title: "app: organization move is in place",
    kind: "app",
    olds: appOld,
    news: { ...P, name: "Acme", organizationId: APP2 },
    changes: true,
    replaces: [],
  },
  {
    title: "app: write-only apnsP8 compared with last input",
    kind: "app",
    olds: appOld,
    news: { ...P, name: "Acme", apnsP8: "P8-NEW" },
    changes: true,
  },
  {
    title: "app: absent optional setting is unmanaged",
    kind: "app",
    olds: { ...appOld, apnsEnv: "sandbox" },
    news: { ...P, name: "Acme" },
    changes: false,
  },
  {
    title: "app: origin spelling (trailing slash, case)",
    kind: "app",
    olds: appOld,
    news: { ...P, name: "Acme", chromeWebOrigin: "HTTPS://Acme.example/" },
    changes: false,
  },
  {
    title: "app: unknown name is a change",
    kind: "app",
    olds: appOld,
    news: { ...P, name: UNKNOWN },
    changes: true,
  },
  {
    title: "app: adoptExistingId change ignored",
    kind: "app",
    olds: appOld,
    news: { ...P, name: "Acme", adoptExistingId: APP2 },
    changes: false,
  },
  {
    title: "app: new provider code is a change",
    kind: "app",
    olds: appOld,
    news: { name: "Acme", __provider: "other" },
    changes: true,
  },
  // ApiKey
  {
    title: "key: identical",
    kind: "apiKey",
    olds: keyOld,
    news: {
      ...P,
      appId: APP,
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["203.0.113.0/24", "198.51.100.7/32"],
      rotationTrigger: "2026-10",
    },
    changes: false,
  },
  {
    title: "key: allowlist order and /32 spelling",
    kind: "apiKey",
    olds: keyOld,
    news: {
      ...P,
      appId: APP,
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["198.51.100.7", "203.0.113.9/24"],
      rotationTrigger: "2026-10",
    },
    changes: false,
  },
  {
    title: "key: allowlist entry added",
    kind: "apiKey",
    olds: keyOld,
    news: {
      ...P,
      appId: APP,
      name: "ci",
      ipAllowlistMode: "explicit",
      ipAllowlist: ["198.51.100.7", "203.0.113.0/24", "192.0.2.1"],
      rotationTrigger: "2026-10",
    },
    changes: true,
    replaces: [],
  },
  {
    title: "key: appId replaces",
    kind: "apiKey",
    olds: keyOld,
    news: { ...keyOld, appId: APP2 },
    changes: true,
    replaces: ["appId"],
    deleteBeforeReplace: false,
  },
  {
    title: "key: unknown appId replaces",
    kind: "apiKey",
    olds: keyOld,
    news: { ...keyOld, appId: UNKNOWN },
    changes: true,
    replaces: ["appId"],
  },
  {
    title: "key: rotationTrigger change is in place",
    kind: "apiKey",
    olds: keyOld,
    news: { ...keyOld, rotationTrigger: "2026-11" },
    changes: true,
    replaces: [],
  },
  {
    title: "key: absent mode equals disabled/[]",
    kind: "apiKey",
    olds: { ...P, appId: APP, name: "ci", ipAllowlistMode: "disabled", ipAllowlist: [] },
    news: { ...P, appId: APP, name: "ci" },
    changes: false,
  },
  {
    title: "key: token output does not affect diff",
    kind: "apiKey",
    olds: { ...keyOld, token: "other" },
    news: { ...keyOld, token: undefined },
    changes: false,
  },
  // Segment
  {
    title: "segment: identical",
    kind: "segment",
    olds: segOld,
    news: { ...P, appId: APP, apiKey: "KEY-1", name: "VIP", filters },
    changes: false,
  },
  {
    title: "segment: order inside AND group, OR groups, explicit AND",
    kind: "segment",
    olds: segOld,
    news: {
      ...P,
      appId: APP,
      apiKey: "KEY-1",
      name: "VIP",
      description: "",
      filters: [filters[3], { operator: "AND" }, filters[2], { operator: "OR" }, filters[0]],
    },
    changes: false,
  },
  {
    title: "segment: null description equals absent",
    kind: "segment",
    olds: { ...segOld, description: null },
    news: { ...P, appId: APP, apiKey: "KEY-1", name: "VIP", filters },
    changes: false,
  },
  {
    title: "segment: moving a filter across OR is a change",
    kind: "segment",
    olds: segOld,
    news: { ...segOld, filters: [filters[0], filters[3], { operator: "OR" }, filters[2]] },
    changes: true,
    replaces: [],
  },
  {
    title: "segment: rotated apiKey is an in-place change",
    kind: "segment",
    olds: segOld,
    news: { ...segOld, apiKey: "KEY-2" },
    changes: true,
    replaces: [],
  },
  {
    title: "segment: appId replaces, delete first",
    kind: "segment",
    olds: segOld,
    news: { ...segOld, appId: APP2 },
    changes: true,
    replaces: ["appId"],
    deleteBeforeReplace: true,
  },
  {
    title: "segment: unknown filters is a change",
    kind: "segment",
    olds: segOld,
    news: { ...segOld, filters: UNKNOWN },
    changes: true,
    replaces: [],
  },
  {
    title: "segment: numeric radius equals string",
    kind: "segment",
    olds: { ...segOld, filters: [{ field: "location", relation: "=", radius: "10", lat: "1.5", long: "2" }] },
    news: { ...segOld, filters: [{ field: "location", relation: "=", radius: 10, lat: 1.5, long: 2 }] },
    changes: false,
  },
  // Template
  {
    title: "template: identical",
    kind: "template",
    olds: tplOld,
    news: {
      ...P,
      appId: APP,
      apiKey: "KEY-1",
      name: "Welcome",
      channel: "sms",
      contents: { en: "Hi" },
      dynamicContent: '{"a":1}',
    },
    changes: false,
  },
  {
    title: "template: channel read as SMS",
    kind: "template",
    olds: { ...tplOld, channel: "SMS" },
    news: { ...tplOld, channel: "sms" },
    changes: false,
  },
  {
    title: "template: channel change replaces",
    kind: "template",
    olds: tplOld,
    news: { ...tplOld, channel: "push" },
    changes: true,
    replaces: ["channel"],
    deleteBeforeReplace: false,
  },
  {
    title: "template: channel derived from isEmail",
    kind: "template",
    olds: { ...tplOld, channel: "email", isEmail: true, contents: undefined },
    news: { ...P, appId: APP, apiKey: "KEY-1", name: "Welcome", isEmail: true, dynamicContent: '{"a":1}' },
    changes: false,
  },
  {
    title: "template: absent channel means push",
    kind: "template",
    olds: tplOld,
    news: {
      ...P,
      appId: APP,
      apiKey: "KEY-1",
      name: "Welcome",
      contents: { en: "Hi" },
      dynamicContent: '{"a":1}',
    },
    changes: true,
    replaces: ["channel"],
  },
  {
    title: "template: unknown channel replaces",
    kind: "template",
    olds: tplOld,
    news: { ...tplOld, channel: UNKNOWN },
    changes: true,
    replaces: ["channel"],
  },
  {
    title: "template: appId replaces",
    kind: "template",
    olds: tplOld,
    news: { ...tplOld, appId: APP2 },
    changes: true,
    replaces: ["appId"],
  },
  {
    title: "template: contents change in place",
    kind: "template",
    olds: tplOld,
    news: { ...tplOld, contents: { en: "Hello" } },
    changes: true,
    replaces: [],
  },
  {
    title: "template: write-only dynamicContent against last input",
    kind: "template",
    olds: tplOld,
    news: { ...tplOld, dynamicContent: '{"a":2}' },
    changes: true,
  },
  {
    title: "template: language order irrelevant",
    kind: "template",
    olds: { ...tplOld, contents: { en: "Hi", es: "Hola" } },
    news: { ...tplOld, contents: { es: "Hola", en: "Hi" } },
    changes: false,
  },
  {
    title: "template: server platform flags unmanaged",
    kind: "template",
    olds: { ...tplOld, channel: "push", isIos: true },
    news: { ...tplOld, channel: "push" },
    changes: false,
  },
];

describe.each(rows)("$title", (row) => {
  it("decides as expected", async () => {
    const d = await h[row.kind].diff("id-1", row.olds, row.news);
    expect(d.changes).toBe(row.changes);
    if (row.replaces) expect(d.replaces).toEqual(row.replaces);
    if (row.deleteBeforeReplace !== undefined) expect(d.deleteBeforeReplace).toBe(row.deleteBeforeReplace);
  });
});

it("makes no HTTP request", () => {
  expect(h.ctx.apiCalls).toBe(0);
});

describe("normalisers", () => {
  it.each([
    ["198.51.100.7", "198.51.100.7/32"],
    ["203.0.113.9/24", "203.0.113.0/24"],
    ["2001:DB8:0:0::1", "2001:db8::1/128"],
    ["2001:db8::ffff/32", "2001:db8::/32"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["::ffff:198.51.100.7", "::ffff:c633:6407/128"],
    [" 10.1.2.3/8 ", "10.0.0.0/8"],
  ])("canonicalCidr(%s) = %s", (input, expected) => {
    expect(canonicalCidr(input)).toBe(expected);
  });

  it.each([
    "300.1.1.1",
    "1.2.3.4/33",
    "abc",
    "::1/129",
    "1.2.3.4/x",
    "127.1",
    "0x7f.0.0.1",
    "1.2.3.4/24/1",
    "fe80::1%eth0",
  ])("canonicalCidr rejects %s", (input) => {
    expect(canonicalCidr(input)).toBeUndefined();
  });

  it("normaliseFilters drops AND, sorts groups, keeps OR structure", () => {
    const a = normaliseFilters([filters[2], { operator: "AND" }, filters[3], { operator: "OR" }, filters[0]]);
    const b = normaliseFilters(filters);
    expect(a).toEqual(b);
    expect((b as unknown[]).filter((e) => (e as { operator?: string }).operator === "OR")).toHaveLength(1);
    expect(JSON.stringify(b)).not.toContain("AND");
  });

  it("normaliseFilters ignores read-only extras and value on exists", () => {
    expect(
      normaliseFilters([{ field: "tag", key: "a", relation: "exists", value: "", unsupportedInApi: false }]),
    ).toEqual([{ field: "tag", key: "a", relation: "exists" }]);
  });
});
