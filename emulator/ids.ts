import { createHash, randomBytes, randomUUID } from "node:crypto";

/** OneSignal ids are UUID v4 strings (OneSignal's "Keys & IDs" page). */
export function newId(): string {
  return randomUUID();
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Any RFC 9562 UUID (versions 1–8). */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** Version nibble of a UUID, or undefined when `value` is not one. */
export function uuidVersion(value: string): number | undefined {
  return isUuid(value) ? Number.parseInt(value[14]!, 16) : undefined;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

function base32(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ""), "hex");
}

/**
 * An app API key secret shaped like OneSignal's Rich Authentication Tokens: `os_v2_app_` + base32
 * of the app id + base32 of 20 random bytes. Clients must treat it as opaque; the shape only makes
 * logs and demos look like the real thing.
 */
export function newAppKeyToken(appId: string): string {
  return `os_v2_app_${base32(uuidBytes(appId))}${base32(randomBytes(20))}`;
}

/** An organization API key secret: `os_v2_org_` + base32 of the org id + random bytes. */
export function newOrgKeyToken(orgId: string): string {
  return `os_v2_org_${base32(uuidBytes(orgId))}${base32(randomBytes(20))}`;
}

/**
 * OneSignal says it never stores app key secrets (its docs for `create_api_key`), and neither do
 * we: state (and the `--data` file) keeps only this digest.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
