// Definitions every environment gets, kept apart from the per-environment wiring so that a change
// here (a filter, a template text) rolls out to staging and production the same way.
import type * as onesignal from "pulumi-onesignal";

/** A segment or template definition without the app-specific inputs. */
type Shared<T> = Omit<T, "appId" | "apiKey">;

export const segments: Record<string, Shared<onesignal.SegmentArgs>> = {
  active: {
    name: "Active this week",
    filters: [{ field: "last_session", relation: "<", hoursAgo: "168" }],
  },
  beta: {
    name: "Beta testers",
    description: "Opted into the beta programme, or staff",
    filters: [
      { field: "tag", key: "beta", relation: "=", value: "true" },
      { operator: "OR" },
      { field: "tag", key: "staff", relation: "exists" },
    ],
  },
};

export const templates: Record<string, Shared<onesignal.TemplateArgs>> = {
  "release-notes": {
    name: "Release notes",
    channel: "push",
    headings: { en: "What's new" },
    contents: { en: "Version {{ message.custom_data.version }} is out." },
  },
  "password-reset": {
    name: "Password reset",
    channel: "email",
    emailSubject: "Reset your password",
    emailBody: "<p>Reset it here: <a href='{{ message.custom_data.link }}'>reset password</a></p>",
  },
};
