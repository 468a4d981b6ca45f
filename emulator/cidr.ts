import { BlockList, isIP } from "node:net";

/** `::ffff:127.0.0.1` (how Node reports IPv4 peers on a dual-stack socket) → `127.0.0.1`. */
export function normalizeIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

interface ParsedCidr {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** Parses `a.b.c.d/n`, `v6::/n`, or a bare address (taken as a single host). */
export function parseCidr(text: string): ParsedCidr | undefined {
  const [addr, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined || addr === undefined) return undefined;
  const v = isIP(addr);
  if (v === 0) return undefined;
  const max = v === 4 ? 32 : 128;
  let prefix = max;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > max) return undefined;
  }
  return { address: addr, prefix, family: v === 4 ? "ipv4" : "ipv6" };
}

/** True when `ip` lies inside one of `cidrs` (invalid entries never match). */
export function ipAllowed(ip: string, cidrs: readonly string[]): boolean {
  const addr = normalizeIp(ip);
  const fam = isIP(addr);
  if (fam === 0) return false;
  const list = new BlockList();
  for (const c of cidrs) {
    const p = parseCidr(c);
    if (p) list.addSubnet(p.address, p.prefix, p.family);
  }
  return list.check(addr, fam === 4 ? "ipv4" : "ipv6");
}
