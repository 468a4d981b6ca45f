// The ApiKey provider is this module's whole exports, so that an installed package serializes it as
// require("pulumi-onesignal/dist/sdk/providers/apiKey.js") (see ./thin.ts).
import { thinProvider } from "./thin";

export = thinProvider("apiKey");
