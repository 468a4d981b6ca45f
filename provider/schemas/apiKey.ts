/**
 * App API keys ("auth tokens"; CONTRACT §3; SPEC `ApiKeyToken`, `CreateApiKeyRequest`,
 * `UpdateApiKeyRequest`, `CreateApiKeyResponse` L5762-5865). Org-key endpoints under
 * `/apps/{app_id}/auth/tokens`.
 */
import { z } from "zod";
import { field, inboundObject, outboundShape, timestampInbound, toWire, type FieldTable } from "./common";

/** IPv4 or IPv6 address with an optional prefix length (OneSignal stores CIDRs, e.g. `192.0.2.0/24`). */
export const cidrSchema = z
  .string()
  .refine(
    (s) =>
      z.cidrv4().safeParse(s).success ||
      z.cidrv6().safeParse(s).success ||
      z.ipv4().safeParse(s).success ||
      z.ipv6().safeParse(s).success,
    {
      message: "must be an IP address or CIDR range, e.g. 192.0.2.0/24",
    },
  );

export const IP_ALLOWLIST_MODES = ["disabled", "explicit"] as const;

export const API_KEY_FIELDS = {
  name: field(
    "name",
    z.string().trim().min(1, "must not be empty").max(128, "must be at most 128 characters"),
    { inbound: z.string() },
  ),
  ipAllowlistMode: field("ip_allowlist_mode", z.enum(IP_ALLOWLIST_MODES), { inbound: z.string() }),
  ipAllowlist: field("ip_allowlist", z.array(cidrSchema), { inbound: z.array(z.string()) }),
} as const satisfies FieldTable;

const apiKeyInputBase = z.strictObject(outboundShape(API_KEY_FIELDS));
type ApiKeyInputBase = z.output<typeof apiKeyInputBase>;

function allowlistRules(k: ApiKeyInputBase, ctx: z.RefinementCtx, creating: boolean): void {
  if (
    k.ipAllowlistMode === "explicit" &&
    (creating || k.ipAllowlist !== undefined) &&
    (k.ipAllowlist ?? []).length === 0
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["ipAllowlist"],
      message: 'must list at least one CIDR when ipAllowlistMode is "explicit"',
    });
  }
}

/** Outbound input of `POST /apps/{app_id}/auth/tokens` (create_api_key). `name` required per D-create-key. */
export const apiKeyCreateInputSchema = apiKeyInputBase
  .required({ name: true })
  .superRefine((k, ctx) => allowlistRules(k, ctx, true));
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateInputSchema>;

/** Outbound input of `PATCH /apps/{app_id}/auth/tokens/{token_id}` (update_api_key): partial, at least one field. */
export const apiKeyUpdateInputSchema = apiKeyInputBase.superRefine((k, ctx) => {
  if (Object.values(k).every((v) => v === undefined))
    ctx.addIssue({ code: "custom", message: "at least one field must be set" });
  allowlistRules(k, ctx, false);
});
export type ApiKeyUpdateInput = z.input<typeof apiKeyUpdateInputSchema>;

export function apiKeyInputToWire(input: ApiKeyUpdateInput): Record<string, unknown> {
  return toWire(API_KEY_FIELDS, input);
}

const apiKeyConfigInbound = inboundObject(API_KEY_FIELDS);

/** Inbound `ApiKeyToken`; `ip_allowlist` absent/null → `[]`, mode absent → `disabled` (CONTRACT §3.6). */
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
 * `CreateApiKeyResponse` of create and rotate. D-rotate-key says rotate may populate only
 * `formatted_token`, so `token_id` is optional here and the client fills in the known id.
 */
export const apiKeySecretWireSchema = z.looseObject({
  token_id: z.string().nullish(),
  formatted_token: z.string().min(1),
});

/** The secret of an API key, returned exactly once (create) or on rotation. */
export type ApiKeySecret = { tokenId: string; formattedToken: string };
