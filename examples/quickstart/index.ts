// Quickstart: one OneSignal app with what a product team needs to start messaging.
//
// Credentials are not resource inputs: the organization API key and id come from stack config
// (`onesignal:organizationApiKey` as a secret, `onesignal:organizationId`) or from the
// ONESIGNAL_ORGANIZATION_API_KEY / ONESIGNAL_ORGANIZATION_ID environment, so they never enter
// resource state. `npm run demo` runs this program against the embedded emulator.
import * as onesignal from "pulumi-onesignal";

// Apps are created with the organization key. OneSignal has no API to delete an app, so
// `pulumi destroy` removes it from the stack but leaves it in your organization.
const app = new onesignal.App("quickstart", {
  // Dashboard name; renaming is an in-place update.
  name: "Acme Quickstart",
  // Web push: OneSignal needs the site origin, the Safari origin and the site name together.
  chromeWebOrigin: "https://acme.example",
  safariSiteOrigin: "https://acme.example",
  siteName: "Acme",
  // Icon shown on Chrome notifications when a message sets none.
  chromeWebDefaultNotificationIcon: "https://acme.example/icon-256.png",
});

// An app API key for this app's segments and templates (and for your backend to send messages).
// OneSignal shows the secret once, at creation: it lives only in Pulumi state, as a secret.
const key = new onesignal.ApiKey("server", {
  // The owning app; changing it replaces the key.
  appId: app.id,
  // Label in the dashboard's Keys & IDs page.
  name: "quickstart-server",
  // Any new value rotates the secret (e.g. a date); dependents pick up the new token on the same `up`.
  rotationTrigger: "2026-11",
});

// Segments group subscriptions by filters. Adjacent filters are AND-ed; `{ operator: "OR" }`
// starts an alternative, so this reads: (tier = vip) OR (lifetime_value > 500 AND sessions > 10).
const vip = new onesignal.Segment("vip", {
  appId: app.id,
  // Segment and template calls need an app key: use the one managed above.
  apiKey: key.token,
  // Unique per app; messages target segments by this name.
  name: "VIP",
  description: "Tagged VIP, or high spend and engaged",
  filters: [
    { field: "tag", key: "tier", relation: "=", value: "vip" },
    { operator: "OR" },
    { field: "tag", key: "lifetime_value", relation: ">", value: "500" },
    { field: "session_count", relation: ">", value: "10" },
  ],
});

const lapsed = new onesignal.Segment("lapsed", {
  appId: app.id,
  apiKey: key.token,
  name: "Lapsed",
  description: "Returning users not seen for a week",
  // Numbers are strings on the wire: `hoursAgo` and `value` are decimal strings.
  filters: [
    { field: "last_session", relation: ">", hoursAgo: "168" },
    { field: "session_count", relation: ">", value: "3" },
  ],
});

// Templates hold reusable content; `channel` picks push, email or SMS and changing it replaces the template.
const pushWelcome = new onesignal.Template("welcome-push", {
  appId: app.id,
  apiKey: key.token,
  name: "Welcome (push)",
  channel: "push",
  // Language code -> text; `en` is required for push and is the fallback language.
  headings: { en: "Welcome to Acme" },
  contents: { en: "Hi {{ first_name | default: 'there' }}, thanks for joining!", es: "¡Gracias por unirte!" },
  // Opened when the notification is tapped.
  url: "https://acme.example/welcome",
});

const emailWelcome = new onesignal.Template("welcome-email", {
  appId: app.id,
  apiKey: key.token,
  name: "Welcome (email)",
  channel: "email",
  // Email templates need a subject and an HTML body.
  emailSubject: "Welcome to Acme",
  emailBody:
    "<h1>Welcome!</h1><p>Your account is ready: <a href='https://acme.example/start'>get started</a>.</p>",
});

const smsWelcome = new onesignal.Template("welcome-sms", {
  appId: app.id,
  apiKey: key.token,
  name: "Welcome (SMS)",
  channel: "sms",
  // `track_link` shortens the URL and counts clicks; keep SMS bodies near 160 characters.
  contents: { en: "Welcome to Acme! Start here: {{ 'https://acme.example/start' | track_link }}" },
});

export const appId = app.id;
export const apiKeyId = key.id;
// A secret output: `pulumi stack output appApiKey --show-secrets` reveals it to someone with the passphrase.
export const appApiKey = key.token;
export const segmentIds = { vip: vip.id, lapsed: lapsed.id };
export const templateIds = { push: pushWelcome.id, email: emailWelcome.id, sms: smsWelcome.id };
