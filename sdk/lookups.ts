/**
 * Look-ups: read an app, segment, template or API key that this program does not manage, by id or
 * by name. They call OneSignal's API from the program itself, not through the engine: Pulumi's Node
 * dynamic provider answers every invoke with "unknown function", so a look-up cannot be an invoke.
 * They read the provider settings the resources use (stack config `onesignal:*`, else the
 * environment) and run in `pulumi preview` too, since they only read.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  type AppAuth,
  isBadRequest,
  isForbidden,
  isNotFound,
  isOneSignalApiError,
  OneSignalClient,
  redact,
} from "../provider/client";
import { settingsFrom, type ConfigLike, type Settings } from "../provider/config";
import { toIso } from "../provider/json";
import type { FilterRead } from "../provider/schemas/filter";
import {
  APP_READ_ONLY_OUTPUTS,
  type App as AppRecord,
  APP_READABLE_SETTINGS,
  credentialStatus,
} from "../provider/schemas/app";
import { readableContent, type TemplateChannel } from "../provider/schemas/template";
import type { SegmentFilter } from "./segment";

/** A look-up that found nothing, found several, lacked a setting, or whose request failed. */
export class LookupError extends Error {
  override readonly name = "LookupError";
  /** How many objects had the name, for a look-up by name that did not find exactly one. */
  readonly matches?: number;
  constructor(message: string, matches?: number) {
    super(redact(message));
    if (matches !== undefined) this.matches = matches;
  }
}

/** Which object: its id, or its exact name (exactly one object may have it). */
export type Selector = { id: string; name?: undefined } | { name: string; id?: undefined };

/** {@link Selector} with `pulumi.Input` members, for the `…Output` variants. */
export type SelectorInput =
  { id: pulumi.Input<string>; name?: undefined } | { name: pulumi.Input<string>; id?: undefined };

/** Arguments of {@link getApp}: the app's id or its exact dashboard name. */
export type GetAppArgs = Selector;
/** Arguments of {@link getAppOutput}. */
export type GetAppOutputArgs = SelectorInput;

/** Arguments of {@link getApiKey}: the app, and the key's token id or its exact label. */
export type GetApiKeyArgs = Selector & { appId: string };
/** Arguments of {@link getApiKeyOutput}. */
export type GetApiKeyOutputArgs = SelectorInput & { appId: pulumi.Input<string> };

/**
 * Arguments of {@link getSegment} and {@link getTemplate}: the app, the object's id or exact name,
 * and the app API key (else the provider setting `onesignal:appApiKey` / `ONESIGNAL_APP_API_KEY`).
 */
export type GetAppObjectArgs = Selector & { appId: string; apiKey?: string };
/** Arguments of {@link getSegmentOutput} and {@link getTemplateOutput}. */
export type GetAppObjectOutputArgs = SelectorInput & {
  appId: pulumi.Input<string>;
  apiKey?: pulumi.Input<string | undefined>;
};
export type GetSegmentArgs = GetAppObjectArgs;
export type GetSegmentOutputArgs = GetAppObjectOutputArgs;
export type GetTemplateArgs = GetAppObjectArgs;
export type GetTemplateOutputArgs = GetAppObjectOutputArgs;

/** An app as {@link getApp} finds it: the outputs of the `App` class that OneSignal returns. */
export interface GetAppResult {
  id: string;
  name: string;
  organizationId?: string;
  players?: number;
  messageablePlayers?: number;
  createdAt?: string;
  updatedAt?: string;
  apnsEnv?: string;
  apnsKeyId?: string;
  apnsTeamId?: string;
  apnsBundleId?: string;
  chromeWebOrigin?: string;
  chromeWebDefaultNotificationIcon?: string;
  chromeWebSubDomain?: string;
  safariSiteOrigin?: string;
  safariIcon256256?: string;
  siteName?: string;
  chromeWebKey?: string;
  fcmSenderId?: string;
  chromeWebGcmSenderId?: string;
  safariPushId?: string;
  channels?: Record<string, { enabled: boolean; platforms: string[] }>;
  conversionAttributionWindowPush?: number;
  conversionAttributionWindowIam?: number;
  conversionAttributionWindowEmail?: number;
  conversionAttributionWindowSms?: number;
  apnsConfigured: boolean;
  fcmConfigured: boolean;
  safariConfigured: boolean;
}

/** An API key as {@link getApiKey} finds it. Never its secret: OneSignal shows that only once. */
export interface GetApiKeyResult {
  /** The token id. */
  id: string;
  tokenId: string;
  appId: string;
  name: string;
  ipAllowlistMode: "disabled" | "explicit";
  ipAllowlist: string[];
  createdAt?: string;
  updatedAt?: string;
}

/** A segment as {@link getSegment} finds it. */
export interface GetSegmentResult {
  id: string;
  appId: string;
  name: string;
  description?: string;
  filters: SegmentFilter[];
  createdAt?: string;
  /** `default`, `custom` or `quickstart`. */
  source?: string;
}

/**
 * A template as {@link getTemplate} finds it: name, channel, times, and every content member
 * OneSignal returns, under the `Template` class's output names (`contents`, `headings`,
 * `emailSubject`, …); members it does not model are in `unmodelledContent`.
 */
export interface GetTemplateResult {
  id: string;
  appId: string;
  name: string;
  channel: TemplateChannel;
  createdAt?: string;
  updatedAt?: string;
  contents?: Record<string, string>;
  headings?: Record<string, string>;
  subtitle?: Record<string, string>;
  isIos?: boolean;
  isAndroid?: boolean;
  isHuawei?: boolean;
  isChromeWeb?: boolean;
  isSafari?: boolean;
  isFirefox?: boolean;
  isEdge?: boolean;
  isChrome?: boolean;
  isWp?: boolean;
  isAdm?: boolean;
  isMacOsx?: boolean;
  isAlexa?: boolean;
  isWpWns?: boolean;
  url?: string;
  globalImage?: string;
  data?: Record<string, unknown>;
  huaweiBadgeClass?: string;
  huaweiBadgeAddNum?: number;
  huaweiBadgeSetNum?: number;
  isEmail?: boolean;
  emailSubject?: string;
  emailBody?: string;
  emailBcc?: string[];
  emailPreheader?: string;
  emailFromName?: string;
  emailFromAddress?: string;
  emailReplyToAddress?: string;
  disableEmailClickTracking?: boolean;
  includeUnsubscribed?: boolean;
  isSms?: boolean;
  smsFrom?: string;
  smsMediaUrls?: string[];
  unmodelledContent?: Record<string, unknown>;
}

/** The stack config of the program (`onesignal:*`), in the shape the provider's settings read. */
function programConfig(): ConfigLike {
  const cfg = new pulumi.Config("onesignal");
  return { get: (key) => cfg.get(key.replace(/^onesignal:/, "")) };
}

function settings(): Settings {
  return settingsFrom(programConfig());
}

function clientFor(s: Settings): OneSignalClient {
  const opts: ConstructorParameters<typeof OneSignalClient>[0] = {
    apiUrl: s.apiUrl,
    timeoutMs: s.requestTimeoutMs,
  };
  if (s.organizationApiKey) opts.organizationApiKey = s.organizationApiKey;
  return new OneSignalClient(opts);
}

/** How a look-up names itself in errors: `getTemplate({ name: "Welcome" })`. */
function callName(fn: string, sel: Selector): string {
  return sel.id !== undefined
    ? `${fn}({ id: ${JSON.stringify(sel.id)} })`
    : `${fn}({ name: ${JSON.stringify(sel.name)} })`;
}

/** OneSignal's own words for a failed request, never the request line. */
function why(err: unknown): string {
  if (isOneSignalApiError(err)) {
    if (err.kind === "http")
      return `OneSignal answered ${err.status ?? "?"}${err.messages.length > 0 ? `: ${err.messages.join("; ")}` : ""}`;
    return err.messages.length > 0 ? `${err.kind}: ${err.messages.join("; ")}` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

function selector(fn: string, args: Partial<Selector> | undefined): Selector {
  const id = args?.id;
  const name = args?.name;
  const given = (v: unknown) => typeof v === "string" && v.trim() !== "";
  if (given(id) && given(name)) throw new LookupError(`${fn}: give either id or name, not both`);
  if (given(id)) return { id: id as string };
  if (given(name)) return { name: name as string };
  throw new LookupError(`${fn}: id or name is required (a non-empty string)`);
}

function requireAppId(fn: string, appId: unknown): string {
  if (typeof appId !== "string" || appId.trim() === "")
    throw new LookupError(`${fn}: appId is required (a non-empty string)`);
  return appId;
}

function requireOrgKey(fn: string, s: Settings): void {
  if (!s.organizationApiKey)
    throw new LookupError(
      `${fn} needs the organization API key: set \`pulumi config set --secret onesignal:organizationApiKey <key>\` ` +
        "or the environment variable ONESIGNAL_ORGANIZATION_API_KEY",
    );
}

function appKeyOf(fn: string, apiKey: unknown, s: Settings): string {
  if (typeof apiKey === "string" && apiKey.trim() !== "") return apiKey;
  if (s.appApiKey) return s.appApiKey;
  throw new LookupError(
    `${fn} needs an app API key: pass apiKey (for example an ApiKey's token), or set ` +
      "`pulumi config set --secret onesignal:appApiKey <key>` or the environment variable ONESIGNAL_APP_API_KEY",
  );
}

/** The one object of `all` named `name`; anything else is an error saying how many there were. */
function theOne<T extends { id: string; name: string }>(
  call: string,
  what: string,
  all: readonly T[],
  name: string,
): T {
  const found = all.filter((o) => o.name === name);
  if (found.length === 1) return found[0]!;
  if (found.length === 0)
    throw new LookupError(`${call}: no ${what} is named ${JSON.stringify(name)} (0 matches)`, 0);
  throw new LookupError(
    `${call}: ${found.length} ${what}s are named ${JSON.stringify(name)} (${found.map((o) => o.id).join(", ")}); ` +
      "look it up by id instead",
    found.length,
  );
}

/** What a 403 on an organization-key look-up usually means (view-an-app, view-api-keys). */
const ORG_KEY_REFUSED =
  "OneSignal refused the organization key of onesignal:organizationApiKey / ONESIGNAL_ORGANIZATION_API_KEY: " +
  "usually an app's key instead of an organization key, a key of another organization, or an app of another organization";

/** What a 403 on an app-key look-up usually means, naming where the key came from. */
function appKeyRefused(source: string): string {
  return (
    `OneSignal refused the app key of ${source}: usually a key of another app, or a key whose IP ` +
    "allowlist leaves out the machine running Pulumi"
  );
}

/** Runs a look-up's requests; a failure says which look-up, OneSignal's reason, and for a 403 why. */
async function reading<T>(call: string, what: string, refused: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw failure(call, what, refused, err);
  }
}

function failure(call: string, what: string, refused: string, err: unknown): LookupError {
  if (err instanceof LookupError) return err;
  if (isNotFound(err)) return new LookupError(`${call}: ${what} not found (${why(err)})`, 0);
  if (isForbidden(err)) return new LookupError(`${call} failed: ${why(err)}; ${refused}`);
  return new LookupError(`${call} failed: ${why(err)}`);
}

function appResult(app: AppRecord, s: Settings): GetAppResult {
  const src = { ...app, ...credentialStatus(app) } as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {
    id: app.id,
    name: app.name,
    organizationId: app.organizationId ?? s.organizationId,
    players: app.players,
    messageablePlayers: app.messageablePlayers,
    createdAt: toIso(app.createdAt),
    updatedAt: toIso(app.updatedAt),
  };
  for (const f of [...APP_READABLE_SETTINGS, ...APP_READ_ONLY_OUTPUTS]) {
    const v = src[f];
    if (v !== undefined && v !== null && v !== "") out[f] = v;
  }
  return defined(out) as unknown as GetAppResult;
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * Finds an app by id or by its exact dashboard name (organization API key). By name it lists the
 * organization's apps (OneSignal's view-apps), which OneSignal switches off for organizations with
 * more than 1000 apps: there, look apps up by id. Runs in `pulumi preview` too (a read).
 *
 * Arguments: `{ id }` or `{ name }`.
 */
export async function getApp(args: GetAppArgs): Promise<GetAppResult> {
  const sel = selector("getApp", args);
  const call = callName("getApp", sel);
  const s = settings();
  requireOrgKey(call, s);
  const api = clientFor(s);
  if (sel.id !== undefined) {
    const app = await reading(call, `app ${sel.id}`, ORG_KEY_REFUSED, () => api.apps.get(sel.id));
    return appResult(app, s);
  }
  let all: AppRecord[];
  try {
    all = await api.apps.list();
  } catch (err) {
    if (isBadRequest(err))
      throw new LookupError(
        `${call} failed: finding an app by name lists the organization's apps (OneSignal's view-apps), ` +
          `which OneSignal switches off for organizations with more than 1000 apps (${why(err)}); look the app up by id instead`,
      );
    throw failure(call, "the organization's apps", ORG_KEY_REFUSED, err);
  }
  const one = theOne(call, "app", all, sel.name);
  return appResult(await reading(call, `app ${one.id}`, ORG_KEY_REFUSED, () => api.apps.get(one.id)), s);
}

/**
 * Finds an app API key by token id or by its exact label (organization API key). The result never
 * holds the key's secret, which OneSignal shows only when a key is created or rotated. Runs in
 * `pulumi preview` too (a read).
 *
 * Arguments: `appId`, and `id` (the token id) or `name` (the label).
 */
export async function getApiKey(args: GetApiKeyArgs): Promise<GetApiKeyResult> {
  const sel = selector("getApiKey", args);
  const call = callName("getApiKey", sel);
  const appId = requireAppId(call, args.appId);
  const s = settings();
  requireOrgKey(call, s);
  const api = clientFor(s);
  const keys = await reading(call, `app ${appId}`, ORG_KEY_REFUSED, () => api.apiKeys.list(appId));
  const key =
    sel.id !== undefined
      ? keys.find((k) => k.tokenId === sel.id)
      : theOne(
          call,
          "API key",
          keys.map((k) => ({ ...k, id: k.tokenId })),
          sel.name,
        );
  if (!key) throw new LookupError(`${call}: app ${appId} has no API key with token id ${sel.id}`, 0);
  return defined({
    id: key.tokenId,
    tokenId: key.tokenId,
    appId,
    name: key.name,
    ipAllowlistMode: key.ipAllowlistMode,
    ipAllowlist: key.ipAllowlist,
    createdAt: toIso(key.createdAt),
    updatedAt: toIso(key.updatedAt),
  }) as unknown as GetApiKeyResult;
}

/**
 * What the app-key look-ups share: the app, its key (`apiKey`, else `onesignal:appApiKey`), a
 * client, and the object's id, found by name in `list` when no id is given.
 */
async function inApp(
  fn: string,
  what: string,
  args: GetAppObjectArgs,
  list: (api: OneSignalClient, auth: AppAuth) => Promise<readonly { id: string; name: string }[]>,
): Promise<{
  call: string;
  appId: string;
  auth: AppAuth;
  api: OneSignalClient;
  id: string;
  refused: string;
}> {
  const sel = selector(fn, args);
  const call = callName(fn, sel);
  const appId = requireAppId(call, args.appId);
  const s = settings();
  const auth = { appId, apiKey: appKeyOf(call, args.apiKey, s) };
  const refused = appKeyRefused(
    auth.apiKey === args.apiKey ? "the apiKey argument" : "onesignal:appApiKey / ONESIGNAL_APP_API_KEY",
  );
  const api = clientFor(s);
  const id =
    sel.id ??
    theOne(call, what, await reading(call, `app ${appId}`, refused, () => list(api, auth)), sel.name).id;
  return { call, appId, auth, api, id, refused };
}

/**
 * Finds a segment of an app by id or by its exact name (app API key: `apiKey`, else the provider
 * setting `onesignal:appApiKey`). Runs in `pulumi preview` too (a read).
 *
 * Arguments: `appId`, `id` or `name`, and optionally `apiKey`.
 */
export async function getSegment(args: GetSegmentArgs): Promise<GetSegmentResult> {
  const { call, appId, auth, api, id, refused } = await inApp("getSegment", "segment", args, (api, auth) =>
    api.segments.listAll(auth),
  );
  const seg = await reading(call, `segment ${id} of app ${appId}`, refused, () => api.segments.get(auth, id));
  return defined({
    id: seg.id,
    appId,
    name: seg.name,
    description: seg.description,
    filters: seg.filters as FilterRead[] as unknown as SegmentFilter[],
    createdAt: toIso(seg.createdAt),
    source: seg.source,
  }) as unknown as GetSegmentResult;
}

/**
 * Finds a template of an app by id or by its exact name (app API key: `apiKey`, else the provider
 * setting `onesignal:appApiKey`), with every content member OneSignal returns. Runs in
 * `pulumi preview` too (a read).
 *
 * Arguments: `appId`, `id` or `name`, and optionally `apiKey`.
 */
export async function getTemplate(args: GetTemplateArgs): Promise<GetTemplateResult> {
  const { call, appId, auth, api, id, refused } = await inApp("getTemplate", "template", args, (api, auth) =>
    api.templates.listAll(auth),
  );
  const t = await reading(call, `template ${id} of app ${appId}`, refused, () => api.templates.get(auth, id));
  return defined({
    id: t.id,
    appId,
    name: t.name,
    channel: t.channel,
    createdAt: toIso(t.createdAt),
    updatedAt: toIso(t.updatedAt),
    ...readableContent(t.content),
    unmodelledContent: t.unmodelledContent,
  }) as unknown as GetTemplateResult;
}

/**
 * The `Output` form of a look-up: waits for the arguments, then looks up. The app key is only a
 * credential (no result holds it), so its secretness does not make the result secret; the other
 * arguments' does.
 */
function lookupOutput<A, R>(args: Record<string, unknown>, fn: (a: A) => Promise<R>): pulumi.Output<R> {
  const { apiKey, ...rest } = args;
  return pulumi
    .all([pulumi.output(rest), pulumi.unsecret(pulumi.output(apiKey as pulumi.Input<string | undefined>))])
    .apply(([r, k]) => fn({ ...(r as object), ...(k !== undefined ? { apiKey: k } : {}) } as A));
}

/** {@link getApp} with `pulumi.Input` arguments and an `Output` result. */
export function getAppOutput(args: GetAppOutputArgs): pulumi.Output<GetAppResult> {
  return lookupOutput(args as Record<string, unknown>, getApp);
}
/** {@link getApiKey} with `pulumi.Input` arguments and an `Output` result. */
export function getApiKeyOutput(args: GetApiKeyOutputArgs): pulumi.Output<GetApiKeyResult> {
  return lookupOutput(args as Record<string, unknown>, getApiKey);
}
/** {@link getSegment} with `pulumi.Input` arguments and an `Output` result. */
export function getSegmentOutput(args: GetSegmentOutputArgs): pulumi.Output<GetSegmentResult> {
  return lookupOutput(args as Record<string, unknown>, getSegment);
}
/** {@link getTemplate} with `pulumi.Input` arguments and an `Output` result. */
export function getTemplateOutput(args: GetTemplateOutputArgs): pulumi.Output<GetTemplateResult> {
  return lookupOutput(args as Record<string, unknown>, getTemplate);
}
