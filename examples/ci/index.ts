// The program the workflow in .github/workflows/onesignal.yml deploys: previewed on every pull
// request, applied on merge to main, and run end to end against the OneSignal emulator as a
// hermetic check that needs no OneSignal account or secret.
import * as pulumi from "@pulumi/pulumi";
import * as onesignal from "pulumi-onesignal";

const config = new pulumi.Config();
// Per-stack app name, so the same program serves a `ci` stack and a `production` stack.
const appName = config.get("appName") ?? `Acme (${pulumi.getStack()})`;

const app = new onesignal.App("app", { name: appName });

const key = new onesignal.ApiKey("deploy", { appId: app.id, name: "github-actions" });

const subscribers = new onesignal.Segment("engaged", {
  appId: app.id,
  apiKey: key.token,
  name: "Engaged",
  filters: [
    { field: "session_count", relation: ">", value: "5" },
    { operator: "OR" },
    { field: "tag", key: "plan", relation: "=", value: "pro" },
  ],
});

const outage = new onesignal.Template("incident", {
  appId: app.id,
  apiKey: key.token,
  name: "Incident notice",
  channel: "sms",
  contents: { en: "Acme is investigating an incident: {{ 'https://status.acme.example' | track_link }}" },
});

export const appId = app.id;
export const segmentId = subscribers.id;
export const templateId = outage.id;
