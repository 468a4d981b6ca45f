/**
 * Pulumi dynamic resources for OneSignal: apps, API keys, segments and templates.
 *
 * Provider settings come from stack config, else the environment:
 * `onesignal:organizationApiKey` / `ONESIGNAL_ORGANIZATION_API_KEY` (secret),
 * `onesignal:organizationId` / `ONESIGNAL_ORGANIZATION_ID`,
 * `onesignal:apiUrl` / `ONESIGNAL_API_URL` (default `https://api.onesignal.com`),
 * `onesignal:appApiKey` / `ONESIGNAL_APP_API_KEY` (fallback app key for segments and templates),
 * `onesignal:requestTimeoutSeconds` / `ONESIGNAL_REQUEST_TIMEOUT_SECONDS` (default 30),
 * `onesignal:refreshFromLists` / `ONESIGNAL_REFRESH_FROM_LISTS` (default true; `false`: refresh views
 * every object instead of trusting one list per app where `updated_at` has not moved).
 * For several organizations in one program, give resources an explicit {@link Provider}.
 */
export { Provider, type ProviderArgs } from "./provider";
export { App, type AppArgs } from "./app";
export { ApiKey, type ApiKeyArgs } from "./apiKey";
export { Segment, type SegmentArgs, type SegmentFilter } from "./segment";
export { Template, type TemplateArgs, type LanguageMap } from "./template";
export {
  getApp,
  getAppOutput,
  getApiKey,
  getApiKeyOutput,
  getSegment,
  getSegmentOutput,
  getTemplate,
  getTemplateOutput,
  LookupError,
  type GetAppArgs,
  type GetAppOutputArgs,
  type GetAppResult,
  type GetApiKeyArgs,
  type GetApiKeyOutputArgs,
  type GetApiKeyResult,
  type GetSegmentArgs,
  type GetSegmentOutputArgs,
  type GetSegmentResult,
  type GetTemplateArgs,
  type GetTemplateOutputArgs,
  type GetTemplateResult,
} from "./lookups";
