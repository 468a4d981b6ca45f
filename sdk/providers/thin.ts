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
 * 2. When it is loaded from outside node_modules (a linked checkout: npm, pnpm or yarn workspaces,
 *    `file:` dependencies), the serializer copies it by value, and every function costs the
 *    serializer's wrapper (about 250 bytes). So the provider is one function: `configure`, which
 *    the engine's host calls before any other method of a provider it has loaded (`getProvider` in
 *    `@pulumi/pulumi/cmd/dynamic-provider`: load, cache, `await provider.configure(...)`, then the
 *    call), and which installs the kind's methods from `pulumi-onesignal/runtime` on the provider
 *    object itself. The installation is synchronous, before the first `await`, so a call that finds
 *    the provider in the host's cache while the first `configure` is still running sees the methods.
 *    No fields, no captured module, no `@pulumi/pulumi` value (type-only import); the runtime is
 *    resolved by package name from the program directory by the provider process.
 */
import type * as pulumi from "@pulumi/pulumi";

type Kind = "app" | "apiKey" | "segment" | "template";

/** The provider for one kind: its `configure` installs the kind's methods (see the file's top). */
export function thinProvider(kind: Kind): pulumi.dynamic.ResourceProvider {
  // A non-arrow function: the host calls provider.configure(...), so `this` is the provider object.
  return {
    configure: async function (this: object, req: pulumi.dynamic.ConfigureRequest) {
      require("pulumi-onesignal/runtime").provide(this, kind, req.config);
    },
  } as unknown as pulumi.dynamic.ResourceProvider;
}
