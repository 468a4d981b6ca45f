// Bring objects that were created in the OneSignal dashboard under Pulumi management, without
// recreating them (their ids, and every message and journey that points at them, stay the same).
//
// Pulumi's `import` option does not work for dynamic resources (pulumi/pulumi#16175), so each
// resource takes an `adoptExistingId` input instead: on the first `up`, `create` looks the object up
// by that id, brings it to the settings declared here and records it in state. Later changes to
// `adoptExistingId` are ignored; from then on the resource is managed like any other.
import * as pulumi from "@pulumi/pulumi";
import * as onesignal from "pulumi-onesignal";

// Ids copied from the dashboard (Settings > Keys & IDs; the segment and template pages' URLs).
const config = new pulumi.Config();
const existingAppId = config.require("appId");
const existingSegmentId = config.require("segmentId");
const existingTemplateId = config.require("templateId");

// Declare the app as it is today: adoption applies the declared settings, so anything left out
// here is simply not managed.
const app = new onesignal.App("legacy", {
  name: "Acme Legacy",
  adoptExistingId: existingAppId,
});

// A new key, owned by this stack, for the segment and template calls: the dashboard's own keys'
// secrets cannot be read back. (An existing key can be adopted with `tokenId`, but it has no
// token in state until it is rotated with `rotationTrigger`.)
const key = new onesignal.ApiKey("pulumi", { appId: app.id, name: "pulumi-managed" });

// retainOnDelete: these objects predate the stack, so `pulumi destroy` (or deleting these lines)
// only stops managing them; it leaves them in OneSignal. Drop the option to let Pulumi delete them.
const newsletter = new onesignal.Segment(
  "newsletter",
  {
    appId: app.id,
    apiKey: key.token,
    adoptExistingId: existingSegmentId,
    name: "Newsletter",
    filters: [{ field: "tag", key: "newsletter", relation: "=", value: "yes" }],
  },
  { retainOnDelete: true },
);

const shipped = new onesignal.Template(
  "order-shipped",
  {
    appId: app.id,
    apiKey: key.token,
    adoptExistingId: existingTemplateId,
    name: "Order shipped",
    channel: "push",
    contents: { en: "Your order is on its way." },
  },
  { retainOnDelete: true },
);

export const appId = app.id;
export const segmentId = newsletter.id;
export const templateId = shipped.id;
