/**
 * CIDR parsing and canonical form for API-key allowlists. OneSignal's normalisation is undocumented
 * (CONTRACT §3.6), so comparisons use a form that is equal whenever the allowed address sets are:
 * a bare address gets its full prefix, host bits are cleared, IPv6 is lower-case and compressed.
 */
import { isIPv4, isIPv6 } from "node:net";

/** The canonical `address/prefix`, or `undefined` when `text` is not a CIDR or address. */
export function canonicalCidr(text: string): string | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  const addr = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const prefixText = slash < 0 ? undefined : trimmed.slice(slash + 1);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  if (isIPv4(addr)) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (prefix > 32) return undefined;
    const n = addr.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const net = (n & mask) >>> 0;
    const octets = [24, 16, 8, 0].map((s) => (net >>> s) & 255);
    return `${octets.join(".")}/${prefix}`;
  }
  if (isIPv6(addr) && !addr.includes("%")) {
    const prefix = prefixText === undefined ? 128 : Number(prefixText);
    if (prefix > 128) return undefined;
    const groups = expandIPv6(addr);
    if (!groups) return undefined;
    let bits = prefix;
    const masked = groups.map((g) => {
      const keep = Math.max(0, Math.min(16, bits));
      bits -= 16;
      const mask = keep === 0 ? 0 : (0xffff << (16 - keep)) & 0xffff;
      return g & mask;
    });
    const host = new URL(`http://[${masked.map((g) => g.toString(16)).join(":")}]`).hostname;
    return `${host.slice(1, -1)}/${prefix}`;
  }
  return undefined;
}

function expandIPv6(addr: string): number[] | undefined {
  let text = addr.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const o = v4[1].split(".").map(Number);
    text =
      text.slice(0, -v4[1].length) +
      `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill = text.includes("::") ? 8 - h.length - t.length : 0;
  const all = [...h, ...Array(fill).fill("0"), ...t];
  if (all.length !== 8) return undefined;
  return all.map((g) => parseInt(g, 16));
}

/** Canonical, de-duplicated, sorted allowlist: order and spelling never cause a diff. */
export function normaliseAllowlist(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const set = new Set(value.map((v) => (typeof v === "string" ? (canonicalCidr(v) ?? v) : String(v))));
  return [...set].sort();
}
