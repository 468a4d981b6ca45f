/**
 * CIDR parsing and canonical form for API-key allowlists. OneSignal does not document how it
 * normalises `ip_allowlist` (`update_api_key`), so comparisons use a form that is equal whenever the
 * allowed address sets are: a bare address gets its full prefix, host bits are cleared, IPv6 is
 * lower-case and compressed (RFC 5952). The arithmetic is ipaddr.js's; Node's own `isIPv4`/`isIPv6`
 * decide what counts as an address, because ipaddr.js also accepts legacy IPv4 spellings (octal,
 * hex, fewer than four parts) that OneSignal's allowlist does not.
 */
import { isIPv4, isIPv6 } from "node:net";
import * as ipaddr from "ipaddr.js";

/** The canonical `address/prefix`, or `undefined` when `text` is not a CIDR or address. */
export function canonicalCidr(text: string): string | undefined {
  const [addr, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined || addr === undefined) return undefined;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const v4 = isIPv4(addr);
  if (!v4 && !(isIPv6(addr) && !addr.includes("%"))) return undefined;
  const max = v4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  const family = v4 ? ipaddr.IPv4 : ipaddr.IPv6;
  return `${family.networkAddressFromCIDR(`${addr}/${prefix}`).toString()}/${prefix}`;
}

/** Canonical, de-duplicated, sorted allowlist: order and spelling never cause a diff. */
export function normaliseAllowlist(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const set = new Set(value.map((v) => (typeof v === "string" ? (canonicalCidr(v) ?? v) : String(v))));
  return [...set].sort();
}
