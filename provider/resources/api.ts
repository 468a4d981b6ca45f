/**
 * The slice of the OneSignal client that the resource handlers use, written structurally so that
 * the handlers can be unit-tested with a stub and the real `OneSignalClient` (provider/client) is
 * checked against it by the compiler where the runtime constructs it.
 */

/** App key scope for segment and template calls. */
export interface AppAuth {
  appId: string;
  apiKey: string;
}

/** An app as the client returns it (camelCase; unset fields `null` or absent). */
export interface AppRecord {
  id: string;
  name: string;
  organizationId?: string | null;
  players?: number | null;
  messageablePlayers?: number | null;
  createdAt?: string | null;
  updatedAt?: string | null;
}

/** An API key record (never carries the secret). */
export interface ApiKeyRecord {
  tokenId: string;
  name?: string | null;
  ipAllowlistMode?: string | null;
  ipAllowlist?: readonly string[] | null;
  createdAt?: string | null;
  updatedAt?: string | null;
}

/** The create/rotate answer: the only time the secret is visible. */
export interface ApiKeySecret {
  tokenId?: string | null;
  formattedToken: string;
}

/** One entry of a segment's filter list, camelCase. */
export interface FilterEntry {
  field?: string;
  relation?: string;
  key?: string;
  value?: string;
  hoursAgo?: string;
  radius?: number | string;
  lat?: number | string;
  long?: number | string;
  operator?: string;
}

export interface SegmentSummary {
  id: string;
  name: string;
  createdAt?: string | number | null;
}

export interface SegmentDetail {
  id: string;
  name: string;
  description?: string | null;
  createdAt?: string | number | null;
  source?: string | null;
  filters?: readonly FilterEntry[] | null;
  subscriberCount?: number | null;
}

export interface TemplateSummary {
  id: string;
  name: string;
  createdAt?: string | number | null;
  updatedAt?: string | number | null;
}

export interface TemplateRecord {
  id: string;
  name: string;
  channel?: string | null;
  createdAt?: string | number | null;
  updatedAt?: string | number | null;
  content?: Record<string, unknown> | null;
}

/** The client surface the handlers depend on. */
export interface OneSignalApi {
  apps: {
    list(): Promise<readonly AppRecord[]>;
    get(appId: string): Promise<AppRecord>;
    create(input: Record<string, unknown>): Promise<AppRecord>;
    update(appId: string, input: Record<string, unknown>): Promise<AppRecord>;
  };
  apiKeys: {
    list(appId: string): Promise<readonly ApiKeyRecord[]>;
    get(appId: string, tokenId: string): Promise<ApiKeyRecord>;
    create(appId: string, input: Record<string, unknown>): Promise<ApiKeySecret>;
    update(appId: string, tokenId: string, input: Record<string, unknown>): Promise<unknown>;
    delete(appId: string, tokenId: string): Promise<unknown>;
    rotate(appId: string, tokenId: string): Promise<ApiKeySecret>;
  };
  segments: {
    listAll(auth: AppAuth): Promise<readonly SegmentSummary[]>;
    get(auth: AppAuth, id: string): Promise<SegmentDetail>;
    create(auth: AppAuth, input: Record<string, unknown>): Promise<{ id: string }>;
    update(auth: AppAuth, id: string, input: Record<string, unknown>): Promise<unknown>;
    delete(auth: AppAuth, id: string): Promise<unknown>;
  };
  templates: {
    listAll(auth: AppAuth): Promise<readonly TemplateSummary[]>;
    get(auth: AppAuth, id: string): Promise<TemplateRecord>;
    create(auth: AppAuth, input: Record<string, unknown>): Promise<TemplateRecord | { id: string }>;
    /** update_template answers with the updated template. */
    update(auth: AppAuth, id: string, input: Record<string, unknown>): Promise<TemplateRecord>;
    delete(auth: AppAuth, id: string): Promise<unknown>;
  };
}

/** Error classification the handlers need; the runtime wires these to the client's guards. */
export interface ErrorGuards {
  isNotFound(err: unknown): boolean;
  isConflict(err: unknown): boolean;
  isBadRequest(err: unknown): boolean;
  isAmbiguous(err: unknown): boolean;
  isForbidden(err: unknown): boolean;
}
