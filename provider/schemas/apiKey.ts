/**
 * App API keys ("auth tokens"; the 5.12 spec's `ApiKeyToken`, `CreateApiKeyRequest`,
 * `UpdateApiKeyRequest`, `CreateApiKeyResponse`). Org-key endpoints under
 * `/apps/{app_id}/auth/tokens`.
 */
import { z } from "zod";
import { canonicalCidr, normaliseAllowlist } from "./cidr";
import {
  field,
  inboundObject,
  input,
  outboundShape,
  timestampInbound,
  toWire,
  wireFields,
  type FieldTable,
} from "./common";

/**
 * IPv4 or IPv6 address with an optional prefix length (OneSignal stores CIDRs, e.g. `192.0.2.0/24`;
 * update_api_key). One check for the client and `check`: what {@link canonicalCidr} can compare.
 */
export const cidrSchema = z
  .string()
  .refine(
    (v) => canonicalCidr(v) !== undefined,
    "must be an IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.0/24",
  );

export const IP_ALLOWLIST_MODES = ["disabled", "explicit"] as const;

/** Every ApiKey input, declared once: the client's wire table and the resource's behaviour. */
export const apiKeyFields = {
  appId: input(z.string().min(1, "must not be empty"), { required: true, replaceOnChange: true }),
  name: field(
    "name",
    z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters"),
    { inbound: z.string(), required: true },
  ),
  ipAllowlistMode: field("ip_allowlist_mode", z.enum(IP_ALLOWLIST_MODES), {
    inbound: z.string(),
    default: "disabled",
  }),
  // Order and spelling (`/32`, IPv6 case) never cause a diff: the canonical set is compared.
  ipAllowlist: field("ip_allowlist", z.array(cidrSchema).max(1000), {
    inbound: z.array(z.string()),
    default: [],
    normalise: normaliseAllowlist,
  }),
  rotationTrigger: input(z.string().max(1024)),
  tokenId: input(z.string().min(1), { createOnly: true }),
} as const satisfies FieldTable;

/** What the client sends to and reads from `/apps/{app_id}/auth/tokens`. */
export const API_KEY_FIELDS = wireFields(apiKeyFields);

const apiKeyInputBase = z.strictObject(outboundShape(API_KEY_FIELDS));

/**
 * The allowlist rule of create_api_key and update_api_key, for the client and `check` alike: an
 * "explicit" allowlist needs at least one CIDR. `partial` (an update that leaves the list alone)
 * does not need the list.
 */
export function allowlistRules(
  k: { ipAllowlistMode?: unknown; ipAllowlist?: unknown },
  ctx: z.RefinementCtx,
  partial: boolean,
): void {
  if (k.ipAllowlistMode !== "explicit") return;
  if (k.ipAllowlist === undefined) {
    if (!partial)
      ctx.addIssue({
        code: "custom",
        path: ["ipAllowlist"],
        message: 'is required when ipAllowlistMode is "explicit"',
      });
  } else if (Array.isArray(k.ipAllowlist) && k.ipAllowlist.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["ipAllowlist"],
      message: 'must list at least one CIDR when ipAllowlistMode is "explicit"',
    });
  }
}

/**
 * Outbound input of `POST /apps/{app_id}/auth/tokens` (create_api_key). `name` required per
 * OneSignal's docs (the 5.12 spec: optional).
 */
export const apiKeyCreateInputSchema = apiKeyInputBase
  .required({ name: true })
  .superRefine((k, ctx) => allowlistRules(k, ctx, false));
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateInputSchema>;

/** Outbound input of `PATCH /apps/{app_id}/auth/tokens/{token_id}` (update_api_key): partial, at least one field. */
export const apiKeyUpdateInputSchema = apiKeyInputBase.superRefine((k, ctx) => {
  if (Object.values(k).every((v) => v === undefined))
    ctx.addIssue({ code: "custom", message: "at least one field must be set" });
  allowlistRules(k, ctx, true);
});
export type ApiKeyUpdateInput = z.input<typeof apiKeyUpdateInputSchema>;

export function apiKeyInputToWire(input: ApiKeyUpdateInput): Record<string, unknown> {
  return toWire(API_KEY_FIELDS, input);
}

const apiKeyConfigInbound = inboundObject(API_KEY_FIELDS);

/** Inbound `ApiKeyToken`; `ip_allowlist` absent/null → `[]`, mode absent → `disabled` (undocumented). */
export const apiKeySchema = z
  .looseObject({
    token_id: z.string().min(1),
    created_at: timestampInbound.nullish(),
    updated_at: timestampInbound.nullish(),
  })
  .transform((w) => {
    const c = apiKeyConfigInbound.parse(w);
    const key = {
      tokenId: w.token_id,
      name: c.name ?? "",
      ipAllowlistMode: (c.ipAllowlistMode === "explicit"
        ? "explicit"
        : "disabled") as (typeof IP_ALLOWLIST_MODES)[number],
      ipAllowlist: c.ipAllowlist ?? [],
    } as {
      tokenId: string;
      name: string;
      ipAllowlistMode: (typeof IP_ALLOWLIST_MODES)[number];
      ipAllowlist: string[];
      createdAt?: string;
      updatedAt?: string;
    };
    if (w.created_at != null) key.createdAt = w.created_at;
    if (w.updated_at != null) key.updatedAt = w.updated_at;
    return key;
  });
/** An API key's metadata; the secret is never readable after create/rotate. */
export type ApiKey = z.output<typeof apiKeySchema>;

/** `GET /apps/{app_id}/auth/tokens` → `{tokens: [...]}`. */
export const apiKeyListSchema = z
  .looseObject({ tokens: z.array(apiKeySchema).nullish() })
  .transform((w) => w.tokens ?? []);

/**
 * `CreateApiKeyResponse` of create and rotate. OneSignal's docs for `rotate_api_key` say it may populate only
 * `formatted_token`, so `token_id` is optional here and the client fills in the known id.
 */
export const apiKeySecretWireSchema = z.looseObject({
  token_id: z.string().nullish(),
  formatted_token: z.string().min(1),
});

/** The secret of an API key, returned exactly once (create) or on rotation. */
export type ApiKeySecret = { tokenId: string; formattedToken: string };
