/**
 * Process-wide redaction registry. Every key the transport sends and every secret it receives is
 * registered here, and every error message and log line passes through {@link redact}. It is
 * module-level on purpose: all dynamic resources share one provider process (Pulumi's Node
 * dynamic-provider host), so a key learnt by one client instance must be hidden in every other
 * one's output too.
 */

const secrets = new Set<string>();
// Compiled lazily and rebuilt only when the set changes; longest first so a secret that contains
// another is replaced whole.
let pattern: RegExp | undefined;

/** Shorter values would redact ordinary words (and are not credentials). */
const MIN_SECRET_LENGTH = 6;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Registers a credential so that it never appears in messages or logs produced afterwards. */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== "string") return;
  const v = value.trim();
  if (v.length < MIN_SECRET_LENGTH || secrets.has(v)) return;
  secrets.add(v);
  // The URL-encoded form can appear in paths or query strings.
  const enc = encodeURIComponent(v);
  if (enc !== v) secrets.add(enc);
  pattern = undefined;
}

/**
 * Shapes that are credentials whatever their value: an `Authorization` scheme followed by a
 * token, and OneSignal's `os_v2_app_…`/`os_v2_org_…` key format.
 */
const SHAPES: readonly RegExp[] = [
  // Token must be long and contain a digit, so prose such as "Key rotation" survives.
  /\b(Key|Basic|Bearer)\s+(?=[A-Za-z0-9._~+/=-]{12,})(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]+/gi,
  /\bos_v\d+_(app|org)_[A-Za-z0-9]{8,}/gi,
];

/** Replaces every registered secret and credential-shaped token in `text` with `[REDACTED]`. */
export function redact(text: string): string {
  if (typeof text !== "string" || text === "") return text;
  let out = text;
  if (secrets.size > 0) {
    pattern ??= new RegExp(
      [...secrets]
        .sort((a, b) => b.length - a.length)
        .map(escape)
        .join("|"),
      "g",
    );
    out = out.replace(pattern, "[REDACTED]");
  }
  for (const re of SHAPES)
    out = out.replace(re, (_m, scheme?: string) =>
      scheme && /^(Key|Basic|Bearer)$/i.test(scheme) ? `${scheme} [REDACTED]` : "[REDACTED]",
    );
  return out;
}
