/**
 * Names in a generated program: Pulumi resource names and TypeScript identifiers derived from the
 * names objects have in OneSignal, unique and stable (the same organization gives the same names).
 */

/** Words TypeScript does not take as a `const` name. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false " +
    "finally for function if import in instanceof new null return super switch this throw true try " +
    "typeof var void while with as implements interface let package private protected public static " +
    "yield any boolean number string symbol type from of await async"
  ).split(" "),
);

/** A name as lower-case words joined by `-` (`"Prod – Web (EU)"` → `"prod-web-eu"`); "" when none. */
export function slug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** camelCase identifier of dash-separated words; a leading digit or a reserved word gets `_`. */
export function identifier(words: string): string {
  const parts = words.split("-").filter((p) => p !== "");
  const id = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join("");
  if (id === "") return "_";
  return /^[0-9]/.test(id) || RESERVED.has(id) ? `_${id}` : id;
}

/** Hands out names that are unique within one scope, in the order they are asked for. */
export class NameScope {
  private readonly used = new Set<string>();

  constructor(reserved: readonly string[] = []) {
    for (const r of reserved) this.used.add(r);
  }

  /**
   * A slug for `name` (or `fallback` when it has no letters or digits), suffixed `-2`, `-3`… when
   * taken, together with its identifier (`prefix` words first); both are unique in this scope.
   */
  take(name: string, fallback: string, prefix = ""): { slug: string; ident: string } {
    const base = slug(name) || fallback;
    for (let n = 1; ; n++) {
      const s = n === 1 ? base : `${base}-${n}`;
      const ident = identifier(prefix ? `${prefix}-${s}` : s);
      if (this.used.has(s) || this.used.has(`ident:${ident}`)) continue;
      this.used.add(s);
      this.used.add(`ident:${ident}`);
      return { slug: s, ident };
    }
  }
}

/** Stable order: by name (code-point order, so it does not depend on the locale), then by id. */
export function byNameThenId<T extends { name: string; id: string }>(a: T, b: T): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
