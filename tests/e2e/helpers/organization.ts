/**
 * Seeds an emulator, through its admin API, with an organization as OneSignal's dashboard leaves
 * it: web push apps, keys with and without IP allowlists, segments with OR groups, location and
 * session filters, one user-based segment, and push, email and SMS templates with their content.
 * Records are wire-like (emulator/state.ts), as the dashboard would store them.
 */

export interface SeededApp {
  id: string;
  name: string;
  /** A key of the app without an allowlist, for the segment and template calls. */
  appKey: string;
}

export interface SeededOrganization {
  apps: SeededApp[];
  segments: number;
  userBasedSegmentId: string;
  templates: number;
  keys: number;
}

async function admin(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}/__emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${text}`);
  return text === "" ? undefined : JSON.parse(text);
}

/** The emulator's whole state (admin `GET /__emulator/state`). */
export async function adminState(url: string): Promise<Record<string, Record<string, unknown>[]>> {
  return (await admin(url, "GET", "/state")) as Record<string, Record<string, unknown>[]>;
}

const T0 = "2026-01-05T09:00:00.000Z";

/** Ten segments of one app: every filter shape the dashboard makes. */
function segmentsFor(prefix: string): { name: string; description: string | null; filters: unknown[] }[] {
  return [
    {
      name: `${prefix} Active last week`,
      description: "Opened the app in the last 7 days",
      filters: [{ field: "last_session", relation: "<", hours_ago: "168" }],
    },
    {
      name: `${prefix} Lapsed`,
      description: null,
      filters: [
        { field: "last_session", relation: ">", hours_ago: "720" },
        { field: "session_count", relation: ">", value: "3" },
      ],
    },
    {
      name: `${prefix} Pro or trial`,
      description: "Paying or trying",
      filters: [
        { field: "tag", key: "plan", relation: "=", value: "pro" },
        { operator: "OR" },
        { field: "tag", key: "plan", relation: "=", value: "trial" },
        { field: "first_session", relation: "<", hours_ago: "336" },
      ],
    },
    {
      name: `${prefix} Near Berlin office`,
      description: "Within 5 km",
      filters: [{ field: "location", relation: "<", radius: 5000, lat: 52.52, long: 13.405 }],
    },
    {
      name: `${prefix} German speakers`,
      description: null,
      filters: [{ field: "language", relation: "in_array", value: "de,at,ch" }],
    },
    {
      name: `${prefix} US or Canada`,
      description: null,
      filters: [
        { field: "country", relation: "=", value: "US" },
        { operator: "OR" },
        { field: "country", relation: "=", value: "CA" },
      ],
    },
    {
      name: `${prefix} Has newsletter tag`,
      description: null,
      filters: [{ field: "tag", key: "newsletter", relation: "exists" }],
    },
    {
      name: `${prefix} Old app version`,
      description: "Before the 2.x redesign",
      filters: [
        { field: "app_version", relation: "<", value: "2.0" },
        { operator: "AND" },
        { field: "session_time", relation: ">", value: "600" },
      ],
    },
    {
      name: `${prefix} Big spenders (EU)`,
      description: null,
      filters: [
        { field: "tag", key: "ltv", relation: ">", value: "500" },
        { field: "country", relation: "!=", value: "US" },
        { operator: "OR" },
        { field: "tag", key: "vip", relation: "=", value: "true" },
      ],
    },
    {
      name: `${prefix} 🎉 Beta testers!`,
      description: null,
      filters: [{ field: "tag", key: "beta", relation: "=", value: "1" }],
    },
  ];
}

/** Templates of one app: `push` push, `email` email and `sms` SMS templates. */
function templatesFor(
  prefix: string,
  host: string,
  counts: { push: number; email: number; sms: number },
): { name: string; content: Record<string, unknown> }[] {
  const out: { name: string; content: Record<string, unknown> }[] = [];
  for (let i = 1; i <= counts.push; i++)
    out.push({
      name: `${prefix} push ${i}`,
      content: {
        contents: { en: `Hello number ${i}`, de: `Hallo Nummer ${i}` },
        headings: { en: `Offer ${i}`, de: `Angebot ${i}` },
        url: `https://${host}/offers/${i}?utm_source=push`,
        ...(i % 2 === 0 ? { isIos: true, isAndroid: true } : {}),
        ...(i === 1 ? { global_image: `https://${host}/img/${i}.png`, data: { offer: i } } : {}),
      },
    });
  for (let i = 1; i <= counts.email; i++)
    out.push({
      name: `${prefix} email ${i}`,
      content: {
        isEmail: true,
        email_subject: `Your ${prefix} digest #${i}`,
        email_body: `<html><body><h1>Digest ${i}</h1><p>Hi {{ first_name | default: "there" }},</p><a href="https://${host}/d/${i}">Read</a></body></html>`,
        email_from_name: `${prefix} Team`,
        email_from_address: `news@${host}`,
        email_preheader: `Digest ${i} is here`,
      },
    });
  for (let i = 1; i <= counts.sms; i++)
    out.push({
      name: `${prefix} sms ${i}`,
      content: {
        isSMS: true,
        contents: { en: `Your code ${i}: see https://${host}/s/${i}` },
        sms_from: "+15555550100",
        ...(i === 1 ? { sms_media_urls: [`https://${host}/mms/${i}.jpg`] } : {}),
      },
    });
  return out;
}

/**
 * Seeds three web push apps (10 segments each, one of them user-based besides), two keys per app
 * (one with an explicit allowlist) and templates: 20 in all by default, or `templatesPerApp` push
 * templates per app (for timing runs).
 */
export async function seedOrganization(
  url: string,
  opts: { templatesPerApp?: number } = {},
): Promise<SeededOrganization> {
  const defs = [
    {
      name: "Acme Web (Production)",
      prefix: "Prod",
      host: "acme.example",
      tpl: { push: 4, email: 2, sms: 2 },
    },
    {
      name: "Acme Web (Staging)",
      prefix: "Stg",
      host: "staging.acme.example",
      tpl: { push: 3, email: 2, sms: 1 },
    },
    { name: "Acme Shop", prefix: "Shop", host: "shop.acme.example", tpl: { push: 3, email: 2, sms: 1 } },
  ];
  const apps: SeededApp[] = [];
  let segments = 0;
  let templates = 0;
  let keys = 0;
  let userBasedSegmentId = "";
  for (const d of defs) {
    const app = (await admin(url, "POST", "/apps", {
      name: d.name,
      chrome_web_origin: `https://${d.host}`,
      site_name: d.name,
      safari_site_origin: `https://${d.host}`,
      safari_apns_p12: "",
      chrome_web_default_notification_icon: `https://${d.host}/icon-256.png`,
      safari_icon_256_256: `https://${d.host}/safari-256.png`,
    })) as { id: string };
    const server = (await admin(url, "POST", `/apps/${app.id}/api-keys`, {
      name: "Server",
      ip_allowlist_mode: "disabled",
    })) as { formatted_token: string };
    await admin(url, "POST", `/apps/${app.id}/api-keys`, {
      name: "CI runners",
      ip_allowlist_mode: "explicit",
      ip_allowlist: ["203.0.113.0/24", "2001:db8::/32"],
    });
    keys += 2;
    apps.push({ id: app.id, name: d.name, appKey: server.formatted_token });
    for (const s of segmentsFor(d.prefix)) {
      await admin(url, "POST", "/state/segments", {
        app_id: app.id,
        ...s,
        created_at: T0,
        updated_at: T0,
        read_only: false,
        is_active: true,
        source: "custom",
      });
      segments++;
    }
    if (apps.length === 1) {
      const ub = (await admin(url, "POST", "/state/segments", {
        app_id: app.id,
        name: `${d.prefix} Clicked last campaign`,
        description: null,
        filters: [{ field: "tag", key: "plan", relation: "exists" }],
        created_at: T0,
        updated_at: T0,
        read_only: false,
        is_active: true,
        source: "custom",
        user_based: true,
      })) as { id: string };
      userBasedSegmentId = ub.id;
    }
    const counts =
      opts.templatesPerApp !== undefined ? { push: opts.templatesPerApp, email: 0, sms: 0 } : d.tpl;
    for (const t of templatesFor(d.prefix, d.host, counts)) {
      await admin(url, "POST", "/state/templates", {
        app_id: app.id,
        name: t.name,
        created_at: T0,
        updated_at: T0,
        content: t.content,
      });
      templates++;
    }
  }
  return { apps, segments, userBasedSegmentId, templates, keys };
}
