// Entry point of the ready-to-run pack: the engine starts it through the language host (RunPlugin).
// The rules live in dist/policy (the `pulumi-onesignal/policy` export), which resolves @pulumi/policy
// and @pulumi/pulumi from the project that installed this package.
require("../dist/policy").createPolicyPack();
