/**
 * The emulator's in-memory state and its on-disk form.
 *
 * Records are stored in a wire-like snake_case shape so that the admin API and the `--data` file show
 * what OneSignal would show, and so that out-of-band edits (drift tests) read naturally.
 */

/** An organization. The emulator can hold several so tests can prove cross-org refusals. */
export interface OrganizationRecord {
  id: string;
  name: string;
  /** Plain text: the emulator must print it at start-up, and it is the emulator's own config. */
  api_key: string;
}

/** An app. Every App field OneSignal accepts is kept (write-only ones too, never echoed). */
export interface AppRecord {
  id: string;
  organization_id: string;
  name: string;
  players: number;
  messageable_players: number;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

export type IpAllowlistMode = "disabled" | "explicit";

/** An app API key ("auth token"). The secret is stored only as a SHA-256 digest. */
export interface ApiKeyRecord {
  token_id: string;
  app_id: string;
  name: string;
  ip_allowlist_mode: IpAllowlistMode;
  ip_allowlist: string[];
  created_at: string;
  updated_at: string;
  token_hash: string;
}

/** One entry of a `filters` array (the 5.12 spec's `FilterExpression`). */
export type FilterEntry = Record<string, unknown>;

export interface SegmentRecord {
  id: string;
  app_id: string;
  name: string;
  description: string | null;
  filters: FilterEntry[];
  created_at: string;
  updated_at: string;
  read_only: boolean;
  is_active: boolean;
  source: "default" | "custom" | "quickstart";
  /**
   * Stands for message-event or custom-event filters added in the dashboard: `view-segment` then
   * answers OneSignal's user-based-segment 400 (set it through the admin state API).
   */
  user_based?: boolean;
}

/**
 * A template. `content` holds the properties the client sent at top level (`contents`, `isEmail`,
 * `email_subject`, extra channel properties…); reads nest them under `content` and add `channel`
 * (the 5.12 spec's `TemplateResource`).
 */
export interface TemplateRecord {
  id: string;
  app_id: string;
  name: string;
  created_at: string;
  updated_at: string;
  content: Record<string, unknown>;
  /**
   * A Journey uses it, so `delete_template` answers 400 (OneSignal's docs). Journeys are not emulated;
   * set it through the admin API (`PATCH /__emulator/state/templates/{id}` `{"in_journey": true}`).
   */
  in_journey?: boolean;
}

export type Channel = "push" | "email" | "sms";

/** A simulated recipient, so Create message can tell "sent" from "nobody to send to". */
export interface SubscriptionRecord {
  id: string;
  app_id: string;
  type: Channel;
  /** Phone number (E.164) for SMS, address for email, push token otherwise. */
  token: string | null;
  external_id: string | null;
  /** Data tags, matched by `tag` filters of segments and of Create message. */
  tags?: Record<string, string>;
}

/** A message accepted by `POST /notifications`. */
export interface MessageRecord {
  id: string;
  app_id: string;
  channel: Channel;
  recipients: number;
  created_at: string;
  send_after: string | null;
  idempotency_key: string | null;
  external_id: string | null;
  template_id: string | null;
  request: Record<string, unknown>;
}

/**
 * The original response of an idempotent Create message, replayed for 30 days (OneSignal's "Idempotent
 * notification requests" page).
 */
export interface IdempotencyRecord {
  key: string;
  app_id: string;
  created_at_ms: number;
  response: Record<string, unknown>;
}

export interface StateData {
  organizations: OrganizationRecord[];
  apps: AppRecord[];
  apiKeys: ApiKeyRecord[];
  segments: SegmentRecord[];
  templates: TemplateRecord[];
  subscriptions: SubscriptionRecord[];
  messages: MessageRecord[];
  idempotency: IdempotencyRecord[];
  /** Added to the wall clock, so tests can jump past the 30-day idempotency window. */
  clockOffsetMs: number;
}

/** The kinds the admin API and `RunningEmulator.state` can list/get/put/patch/delete. */
export type StateKind =
  "organizations" | "apps" | "apiKeys" | "segments" | "templates" | "subscriptions" | "messages";

export interface KindRecordMap {
  organizations: OrganizationRecord;
  apps: AppRecord;
  apiKeys: ApiKeyRecord;
  segments: SegmentRecord;
  templates: TemplateRecord;
  subscriptions: SubscriptionRecord;
  messages: MessageRecord;
}

export const STATE_KINDS: readonly StateKind[] = [
  "organizations",
  "apps",
  "apiKeys",
  "segments",
  "templates",
  "subscriptions",
  "messages",
];

/** Name of each kind's id member. */
export const ID_FIELD: { [K in StateKind]: keyof KindRecordMap[K] & string } = {
  organizations: "id",
  apps: "id",
  apiKeys: "token_id",
  segments: "id",
  templates: "id",
  subscriptions: "id",
  messages: "id",
};

export function emptyState(): StateData {
  return {
    organizations: [],
    apps: [],
    apiKeys: [],
    segments: [],
    templates: [],
    subscriptions: [],
    messages: [],
    idempotency: [],
    clockOffsetMs: 0,
  };
}

export const STATE_FILE_VERSION = 1;

/** Checks a parsed `--data` file; throws with a readable reason when it is not one of ours. */
export function parseStateFile(raw: unknown): StateData {
  if (typeof raw !== "object" || raw === null) throw new Error("state file is not a JSON object");
  const obj = raw as Record<string, unknown>;
  if (obj.version !== STATE_FILE_VERSION)
    throw new Error(`unsupported state file version ${String(obj.version)}`);
  const data = obj.data as Record<string, unknown> | undefined;
  if (typeof data !== "object" || data === null) throw new Error("state file has no data");
  const out = emptyState();
  for (const kind of STATE_KINDS) {
    const list = data[kind];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw new Error(`state file member ${kind} is not an array`);
    (out[kind] as unknown[]) = list;
  }
  if (Array.isArray(data.idempotency)) out.idempotency = data.idempotency as IdempotencyRecord[];
  if (typeof data.clockOffsetMs === "number") out.clockOffsetMs = data.clockOffsetMs;
  return out;
}
