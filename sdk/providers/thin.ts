/**
 * The serialized providers. Pulumi's closure serializer copies the provider object of every dynamic
 * resource into `__provider`, in state, twice per resource (inputs and outputs). Two rules keep that
 * text small, credential-free and stable across upgrades (docs/design.md, "Thin serialized providers"):
 *
 * 1. Each kind's provider is the whole `module.exports` of its own module (`./app`, `./apiKey`, …),
 *    reachable through package.json `exports` ("./dist/*"). When the package is
 *    installed under node_modules, the serializer finds that module in `require.cache` and writes a
 *    `require("pulumi-onesignal/dist/sdk/providers/<kind>.js")` reference instead of the code. The
 *    serializer maps a file back to a package subpath only when it can find the package from where
 *    @pulumi/pulumi really lives; in linked layouts it writes the file path, hence "./dist/*" rather
 *    than a prettier alias that only some layouts would produce.
 * 2. When it is loaded from outside node_modules (a linked checkout), the serializer copies the
 *    methods by value, so they stay thin: no fields, no captured module, no `@pulumi/pulumi` value
 *    (type-only import), and the real implementation is loaded by package name at call time,
 *    resolved from the program directory by the provider process.
 */
import type * as pulumi from "@pulumi/pulumi";

type Kind = "app" | "apiKey" | "segment" | "template";
type In = Record<string, unknown>;

/** The provider for one kind: every method delegates to `pulumi-onesignal/runtime`. */
export function thinProvider(kind: Kind): pulumi.dynamic.ResourceProvider {
  return {
    configure: async (req: pulumi.dynamic.ConfigureRequest) => {
      require("pulumi-onesignal/runtime").configure(req.config);
    },
    check: async (olds: In, news: In) => require("pulumi-onesignal/runtime")[kind].check(olds, news),
    diff: async (id: string, olds: In, news: In) =>
      require("pulumi-onesignal/runtime")[kind].diff(id, olds, news),
    create: async (inputs: In) => require("pulumi-onesignal/runtime")[kind].create(inputs),
    read: async (id: string, props: In) => require("pulumi-onesignal/runtime")[kind].read(id, props),
    update: async (id: string, olds: In, news: In) =>
      require("pulumi-onesignal/runtime")[kind].update(id, olds, news),
    delete: async (id: string, props: In) => require("pulumi-onesignal/runtime")[kind].delete(id, props),
  };
}
