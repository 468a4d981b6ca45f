/**
 * The benchmark programs, generated as plain JavaScript (no ts-node: its compile time would swamp
 * the provider's cost in every measurement).
 *
 * One `index.js` serves both variants, so the resource graph is identical:
 * - `bench:variant = ours`  → `require("pulumi-onesignal")` (the real providers, against the emulator);
 * - `bench:variant = floor` → `require("bench-floor")`: dynamic resources with the same type tokens,
 *   inputs, dependencies (`appId: app.id`, `apiKey: key.token`) and secret outputs, whose provider
 *   does no I/O. It is the floor the engine alone imposes: same engine, same N, same run. Its
 *   providers are module objects of a package in node_modules, which Pulumi's closure serializer
 *   captures by reference (`require("bench-floor/App.js")`): the smallest `__provider` the engine
 *   can carry (~270 bytes), so the floor is not inflated by serialized code.
 *
 * Shape per app (10 resources): 1 App, 2 ApiKeys, 3 Segments, 4 Templates (push, email, sms, push).
 * `bench:apps` apps give N = 10 × apps. `bench:rev` ≠ "0" changes exactly one resource per app (the
 * slot `app % 10`, so every kind is updated as apps grow): an in-place update of 10 % of N.
 * `bench:templatesOnly = <k>` makes the rate-limit program: one app, one key, k templates.
 */

export const RESOURCES_PER_APP = 10;

const INDEX_JS = String.raw`"use strict";
const pulumi = require("@pulumi/pulumi");
const cfg = new pulumi.Config("bench");
const variant = cfg.require("variant");
const os = variant === "floor" ? require("bench-floor") : require("pulumi-onesignal");
const apps = cfg.requireNumber("apps");
const rev = cfg.get("rev") || "0";
const templatesOnly = cfg.getNumber("templatesOnly") || 0;
// Suffix for the one resource per app that an update run changes.
const bump = (a, slot) => (rev !== "0" && a % 10 === slot ? " r" + rev : "");

const filters = [
  { field: "tag", key: "tier", relation: "=", value: "vip" },
  { operator: "OR" },
  { field: "session_count", relation: ">", value: "10" },
];

let count = 0;
for (let a = 0; a < apps; a++) {
  const p = "a" + a;
  const app = new os.App(p, { name: "bench app " + a + bump(a, 0) });
  const key = new os.ApiKey(p + "-key0", { appId: app.id, name: "bench key " + a + bump(a, 1) });
  count += 2;
  if (templatesOnly > 0) {
    for (let t = 0; t < templatesOnly; t++) {
      new os.Template(p + "-tpl" + t, {
        appId: app.id, apiKey: key.token, name: "bench push " + t, channel: "push",
        contents: { en: "Hello " + t }, headings: { en: "Bench" },
      });
      count++;
    }
    continue;
  }
  new os.ApiKey(p + "-key1", {
    appId: app.id, name: "bench ci " + a + bump(a, 2),
    ipAllowlistMode: "explicit", ipAllowlist: ["203.0.113.0/24", "198.51.100.7"],
  });
  for (let s = 0; s < 3; s++) {
    new os.Segment(p + "-seg" + s, {
      appId: app.id, apiKey: key.token, name: "bench segment " + s,
      description: "segment " + s + " of app " + a + bump(a, 3 + s), filters,
    });
  }
  new os.Template(p + "-push", {
    appId: app.id, apiKey: key.token, name: "bench push" + bump(a, 6), channel: "push",
    contents: { en: "Welcome {{ first_name | default: 'friend' }}" }, headings: { en: "Hi" },
    url: "https://acme.example/start",
  });
  new os.Template(p + "-email", {
    appId: app.id, apiKey: key.token, name: "bench email" + bump(a, 7), channel: "email",
    emailSubject: "Welcome", emailBody: "<p>Welcome to Acme</p>",
  });
  new os.Template(p + "-sms", {
    appId: app.id, apiKey: key.token, name: "bench sms" + bump(a, 8), channel: "sms",
    contents: { en: "Welcome! {{'https://acme.example/start' | track_link}}" },
  });
  new os.Template(p + "-push2", {
    appId: app.id, apiKey: key.token, name: "bench reminder" + bump(a, 9), channel: "push",
    contents: { en: "Come back" }, headings: { en: "Reminder" },
  });
  count += 8;
}
exports.resources = count;
`;

/**
 * The floor: a dynamic provider per kind that echoes its inputs. Same calls from the engine as ours
 * (check, diff, create, read, update, delete), no HTTP, no validation. Its outputs mirror ours in
 * shape (ids, timestamps, a secret token for keys) so state handling costs are comparable.
 */
const FLOOR_MAKE_JS = String.raw`"use strict";
const crypto = require("crypto");
module.exports = function makeProvider(kind) {
  return {
    async check(_olds, news) {
      return { inputs: news };
    },
    async diff(_id, olds, news) {
      for (const k of Object.keys(news)) {
        if (k === "__provider") continue;
        if (JSON.stringify(olds[k]) !== JSON.stringify(news[k])) return { changes: true };
      }
      return { changes: false };
    },
    async create(inputs) {
      const id = crypto.randomUUID();
      const now = new Date().toISOString();
      const outs = Object.assign({}, inputs, { createdAt: now, updatedAt: now });
      delete outs.__provider;
      if (kind === "ApiKey") Object.assign(outs, { tokenId: id, token: "tok-" + crypto.randomUUID() });
      if (kind === "App") Object.assign(outs, { players: 0, messageablePlayers: 0 });
      return { id, outs };
    },
    async read(id, props) {
      return { id, props };
    },
    async update(_id, olds, news) {
      const outs = Object.assign({}, olds, news, { updatedAt: new Date().toISOString() });
      delete outs.__provider;
      return { outs };
    },
    async delete() {},
  };
};
`;

const FLOOR_INDEX_JS = String.raw`"use strict";
const pulumi = require("@pulumi/pulumi");
const outs = (args, extra) => Object.assign({}, args, { createdAt: undefined, updatedAt: undefined }, extra);

class App extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(require("./App.js"), name, outs(args, { players: undefined, messageablePlayers: undefined }), opts,
      "onesignal", "App");
  }
}
class ApiKey extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(require("./ApiKey.js"), name, outs(args, { tokenId: undefined, token: undefined }),
      Object.assign({}, opts, { additionalSecretOutputs: ["token"] }), "onesignal", "ApiKey");
  }
}
class Segment extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(require("./Segment.js"), name, outs(args), opts, "onesignal", "Segment");
  }
}
class Template extends pulumi.dynamic.Resource {
  constructor(name, args, opts) {
    super(require("./Template.js"), name, outs(args), opts, "onesignal", "Template");
  }
}
module.exports = { App, ApiKey, Segment, Template };
`;

/** The floor package, installed as a real directory `node_modules/bench-floor`. */
export function floorPackageFiles(): Record<string, string> {
  const files: Record<string, string> = {
    "package.json":
      JSON.stringify({ name: "bench-floor", version: "0.0.0", private: true, main: "index.js" }, null, 2) +
      "\n",
    "index.js": FLOOR_INDEX_JS,
    "make.js": FLOOR_MAKE_JS,
  };
  for (const kind of ["App", "ApiKey", "Segment", "Template"]) {
    files[`${kind}.js`] = `"use strict";\nmodule.exports = require("./make.js")(${JSON.stringify(kind)});\n`;
  }
  return files;
}

export function programFiles(): Record<string, string> {
  return {
    "Pulumi.yaml":
      "name: onesignal-bench\nruntime: nodejs\ndescription: pulumi-onesignal benchmark program\n",
    "package.json":
      JSON.stringify({ name: "onesignal-bench", private: true, main: "index.js" }, null, 2) + "\n",
    "index.js": INDEX_JS,
  };
}
