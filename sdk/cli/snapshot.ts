/**
 * What the generator knows of an organization, already in the resources' input form: the client's
 * records (provider/client) turned into `App`, `ApiKey`, `Segment` and `Template` inputs, plus what
 * could not be carried over. Pure functions, so the tests can give them records directly.
 */
import { APP_READABLE_SETTINGS, type App } from "../../provider/schemas/app";
import { apiKeyFields, type ApiKey } from "../../provider/schemas/apiKey";
import { segmentFields } from "../../provider/schemas/segment";
import { readableContent, templateChannelRules, templateFields } from "../../provider/schemas/template";
import type { SegmentDetail } from "../../provider/schemas/segment";
import type { Template } from "../../provider/schemas/template";
import type { FilterRead } from "../../provider/schemas/filter";
import { checkWith } from "../../provider/resources/fields";
import { DOCUMENTED_FILTER_FIELDS } from "../../provider/schemas/filter";
import { isBlank } from "../../provider/json";

/** A credential OneSignal never returns, as a secret config placeholder. */
export interface CredentialSecret {
  /** Config key suffix after the app's identifier (`ApnsP8`). */
  suffix: string;
  /** The variable that holds it in the module. */
  ident: string;
  /** The App input it goes to. */
  input: string;
  /** What to put there. */
  what: string;
}

/** Settings that can be managed only together with credentials OneSignal does not return. */
export interface CredentialGroup {
  title: string;
  why: string;
  secrets: CredentialSecret[];
  /** The readable settings that go with them (sent together, or not at all). */
  settings: Record<string, unknown>;
}

export interface KeySnapshot {
  tokenId: string;
  name: string;
  ipAllowlistMode: string;
  ipAllowlist: string[];
}

export interface SegmentSnapshot {
  id: string;
  name: string;
  description?: string;
  filters: Record<string, unknown>[];
  /** Filter fields outside OneSignal's documented list that the segment uses (its escape input). */
  extraFilterFields?: string[];
}

export interface TemplateSnapshot {
  id: string;
  name: string;
  channel: string;
  /** Content inputs (camelCase), every readable member OneSignal returned. */
  content: Record<string, unknown>;
  /** What the template holds that the program cannot say, as comments above it. */
  notes: string[];
}

export interface AppSnapshot {
  id: string;
  name: string;
  organizationId?: string;
  /** Readable settings managed without any credential. */
  settings: Record<string, unknown>;
  credentialGroups: CredentialGroup[];
  keys: KeySnapshot[];
  segments: SegmentSnapshot[];
  templates: TemplateSnapshot[];
  /** What was left out, and why. */
  notes: string[];
}

export interface OrganizationSnapshot {
  organizationId: string;
  apps: AppSnapshot[];
  notes: string[];
}

const set = (v: unknown): boolean => !isBlank(v);
const WEB_PUSH = ["siteName", "chromeWebOrigin", "safariSiteOrigin"] as const;
const P8 = ["apnsKeyId", "apnsTeamId", "apnsBundleId"] as const;
/** OneSignal's name for its own Safari certificate (view-an-app `safari_apns_certificate`). */
const ONESIGNAL_SAFARI_CERTIFICATE = "OneSignal Provided Certificate";

/** An app's readable settings and the credential groups it needs. */
export function appSnapshot(app: App): Omit<AppSnapshot, "keys" | "segments" | "templates"> {
  const shown = app as unknown as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  const notes: string[] = [];
  const groups: CredentialGroup[] = [];
  for (const f of APP_READABLE_SETTINGS) {
    const v = shown[f];
    if (!set(v)) continue;
    if (f === "chromeWebSubDomain") {
      // Deprecated (check warns): carried as a note, not as an input.
      notes.push(`chromeWebSubDomain "${String(v)}" (legacy web push sub-domain, deprecated) is not managed`);
      continue;
    }
    settings[f] = v;
  }
  // Web push: OneSignal applies siteName, chromeWebOrigin and safariSiteOrigin only together, with
  // the Safari certificate (create-an-app, update-an-app). The resource sends an empty certificate
  // (OneSignal's own) with them, which would replace a certificate of the app's own.
  const web = WEB_PUSH.filter((k) => set(settings[k]));
  if (web.length > 0) {
    const webSettings = Object.fromEntries(WEB_PUSH.map((k) => [k, settings[k]]).filter(([, v]) => set(v)));
    for (const k of WEB_PUSH) delete settings[k];
    if (web.length < WEB_PUSH.length) {
      notes.push(
        `web push settings ${web.join(", ")} are not managed: OneSignal applies them only together with ` +
          `${WEB_PUSH.filter((k) => !web.includes(k)).join(", ")}, which the app does not have`,
      );
    } else if (set(app.safariApnsCertificate) && app.safariApnsCertificate !== ONESIGNAL_SAFARI_CERTIFICATE) {
      groups.push({
        title: "Safari web push certificate",
        why:
          `the app uses its own Safari certificate (${app.safariApnsCertificate}), which OneSignal does not return, ` +
          "and web push settings are applied only together with it.",
        secrets: [
          {
            suffix: "SafariApnsP12",
            ident: "safariApnsP12",
            input: "safariApnsP12",
            what: "the .p12, Base64",
          },
          {
            suffix: "SafariApnsP12Password",
            ident: "safariApnsP12Password",
            input: "safariApnsP12Password",
            what: "its password",
          },
        ],
        settings: webSettings,
      });
    } else Object.assign(settings, webSettings);
  }
  // iOS token auth: key id, team id and bundle id go with the .p8 key (create-an-app).
  if (P8.some((k) => set(settings[k]))) {
    const p8Settings = Object.fromEntries(P8.map((k) => [k, settings[k]]).filter(([, v]) => set(v)));
    for (const k of P8) delete settings[k];
    groups.push({
      title: "iOS token auth (p8)",
      why: "OneSignal does not return the .p8 key, and the key id, team id and bundle id are sent with it.",
      secrets: [{ suffix: "ApnsP8", ident: "apnsP8", input: "apnsP8", what: "the .p8 key, Base64" }],
      settings: p8Settings,
    });
  } else if (set(app.apnsCertificates)) {
    groups.push({
      title: "iOS certificate (p12)",
      why: "OneSignal does not return the .p12 certificate or its password.",
      secrets: [
        { suffix: "ApnsP12", ident: "apnsP12", input: "apnsP12", what: "the .p12, Base64" },
        {
          suffix: "ApnsP12Password",
          ident: "apnsP12Password",
          input: "apnsP12Password",
          what: "its password",
        },
      ],
      settings: {},
    });
  }
  if (set(app.fcmSenderId)) {
    groups.push({
      title: "Android (FCM v1)",
      why: "OneSignal does not return the Firebase service-account JSON.",
      secrets: [
        {
          suffix: "FcmV1ServiceAccountJson",
          ident: "fcmV1ServiceAccountJson",
          input: "fcmV1ServiceAccountJson",
          what: "the service-account JSON",
        },
      ],
      settings: {},
    });
  }
  for (const g of groups)
    notes.push(`${g.title}: ${g.why} A secret config placeholder is in the program (README.md).`);
  const out: Omit<AppSnapshot, "keys" | "segments" | "templates"> = {
    id: app.id,
    name: app.name,
    settings,
    credentialGroups: groups,
    notes,
  };
  if (set(app.organizationId)) out.organizationId = app.organizationId as string;
  return out;
}

/** An API key's inputs; `undefined` with a note when the resource's own checks refuse them. */
export function keySnapshot(key: ApiKey, notes: string[]): KeySnapshot | undefined {
  const inputs = {
    appId: "app",
    tokenId: key.tokenId,
    name: key.name,
    ipAllowlistMode: key.ipAllowlistMode,
    ...(key.ipAllowlist.length > 0 ? { ipAllowlist: key.ipAllowlist } : {}),
  };
  if (!passes(`API key "${key.name}" (${key.tokenId})`, checkWith(apiKeyFields, inputs).failures, notes))
    return undefined;
  return {
    tokenId: key.tokenId,
    name: key.name,
    ipAllowlistMode: key.ipAllowlistMode,
    ipAllowlist: [...key.ipAllowlist],
  };
}

/**
 * Filters in the resource's input form (camelCase members in a fixed order, numbers for the
 * location, strings for the rest), in the order OneSignal holds them: the adoption's update then
 * writes them back as they are, and the diff ignores order anyway.
 */
export function canonicalFilters(filters: readonly FilterRead[]): Record<string, unknown>[] {
  return filters.map((f) => {
    if ("operator" in f) return { operator: f.operator };
    const out: Record<string, unknown> = { field: f.field, relation: f.relation };
    for (const m of ["key", "value", "hoursAgo"] as const) if (f[m] !== undefined) out[m] = String(f[m]);
    for (const m of ["radius", "lat", "long"] as const) if (f[m] !== undefined) out[m] = Number(f[m]);
    if (f.relation === "exists" || f.relation === "not_exists") delete out.value;
    return out;
  });
}

/** A segment's inputs; `undefined` with a note when they cannot be carried over. */
export function segmentSnapshot(seg: SegmentDetail, notes: string[]): SegmentSnapshot | undefined {
  const label = `segment "${seg.name}" (${seg.id})`;
  if (seg.filters.some((f) => !("operator" in f) && f.unsupportedInApi === true)) {
    notes.push(`${label} has filters OneSignal's API cannot take back (event filters): left out`);
    return undefined;
  }
  const filters = canonicalFilters(seg.filters);
  const out: SegmentSnapshot = { id: seg.id, name: seg.name, filters };
  if (set(seg.description)) out.description = seg.description;
  // OneSignal holds it, so OneSignal takes it: the Segment's check would refuse a field outside
  // the documented list unless the program lets it through.
  const extra = [
    ...new Set(filters.map((f) => f.field).filter((f): f is string => typeof f === "string")),
  ].filter((f) => !DOCUMENTED_FILTER_FIELDS.includes(f));
  if (extra.length > 0) out.extraFilterFields = extra.sort();
  const inputs = { appId: "app", apiKey: "key", adoptExistingId: seg.id, ...out };
  delete (inputs as { id?: string }).id;
  if (!passes(label, checkWith(segmentFields, inputs).failures, notes)) return undefined;
  return out;
}

/** A template's inputs; `undefined` with a note when the resource's checks refuse them. */
export function templateSnapshot(t: Template, notes: string[]): TemplateSnapshot | undefined {
  const label = `template "${t.name}" (${t.id})`;
  const content = readableContent(t.content);
  // The channel says it; the flags would only repeat it.
  delete content.isEmail;
  delete content.isSms;
  if (t.channel !== "push") {
    for (const f of Object.keys(content)) {
      const ch = (templateFields as Record<string, { channel?: string }>)[f]?.channel;
      if (ch !== undefined && ch !== t.channel) delete content[f];
    }
  }
  if (t.channel === "push") {
    // OneSignal shows every platform flag true when none was named ("all platforms"); naming some
    // turns the others off (create-template), so only the ones that are on are written, and none at
    // all when every one is.
    const flags = Object.keys(templateFields).filter(
      (f) => /^is[A-Z]/.test(f) && f !== "isEmail" && f !== "isSms",
    );
    const shown = flags.filter((f) => content[f] !== undefined);
    const on = shown.filter((f) => content[f] === true);
    for (const f of flags) delete content[f];
    if (on.length < shown.length) for (const f of on) content[f] = true;
  }
  const notesHere: string[] = [];
  if (t.unmodelledContent !== undefined)
    notesHere.push(
      `OneSignal also holds ${Object.keys(t.unmodelledContent).sort().join(", ")} for this template, which the ` +
        "Template resource does not model: left as they are (see its unmodelledContent output).",
    );
  const inputs = {
    appId: "app",
    apiKey: "key",
    adoptExistingId: t.id,
    name: t.name,
    channel: t.channel,
    ...content,
  };
  const check = checkWith(templateFields, inputs, (v, c) =>
    templateChannelRules(v, t.channel as "push" | "email" | "sms", c),
  );
  if (!passes(label, check.failures, notes)) return undefined;
  return { id: t.id, name: t.name, channel: t.channel, content, notes: notesHere };
}

/** Records a refusal by the resource's own checks as a note; true when there is none. */
function passes(label: string, failures: readonly { property: string; reason: string }[], notes: string[]) {
  if (failures.length === 0) return true;
  notes.push(
    `${label} is left out: the resource's checks refuse it (${failures
      .map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason))
      .join("; ")}), e.g. over a documented limit`,
  );
  return false;
}
