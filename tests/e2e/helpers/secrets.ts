/**
 * A plaintext-credential scanner for end-to-end tests.
 *
 * Register every credential value a test uses (organization key, app keys / API key tokens, APNs p8
 * and FCM service-account material passed as inputs), then scan everything the user or CI can see:
 * the stored state (the file backend's checkpoints, history and backups), `pulumi stack export`
 * without `--show-secrets`, the Automation API's `exportStack()` (which decrypts: values inside
 * secret envelopes are allowed there, everything outside is scanned, `__provider` included), CLI
 * stdout/stderr and engine events of every operation (where dynamic-provider logs land), and error
 * messages. A single plaintext hit fails `assertClean()`.
 *
 * Besides registered values it flags credential *shapes* (`os_v2_app_…`/`os_v2_org_…` tokens and PEM
 * private-key headers), so a token the test never learnt (e.g. issued by a create whose response
 * was lost, then rotated away) still cannot slip through.
 *
 * Usage:
 * ```ts
 * const scan = new SecretScanner();
 * scan.add("organization API key", emu.organizationApiKey);
 * const io = scan.capture("up #1");               // { onOutput, onError, onEvent }
 * await stack.up({ ...io });
 * await scan.collectSecretsFromStack(stack);       // API key tokens etc. from secret outputs
 * await scan.scanStack(stack, box);                // state in every form
 * scan.scanCaptured();                             // CLI output and events
 * scan.assertClean();
 * ```
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { runPulumi } from "./engine";

/** The marker key of a Pulumi secret envelope in state and exports. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Values shorter than this are not credentials anyone could scan for meaningfully. */
const MIN_LENGTH = 8;

export interface SecretHit {
  /** Where the text came from (`up #1 stdout`, `state file …`, `exportStack …`). */
  where: string;
  /** Which credential (label given to `add`), or the shape that matched. */
  secret: string;
  /** The form found: raw, json-escaped, base64, url-encoded, fragment. */
  form: string;
  /** The surroundings, with the secret itself masked. */
  excerpt: string;
}

interface Form {
  form: string;
  text: string;
}

interface Registered {
  label: string;
  forms: Form[];
}

/** Credential shapes flagged even when their value was never registered. */
const SHAPES: readonly { label: string; re: RegExp }[] = [
  { label: "OneSignal key-shaped token (os_v2_app_/os_v2_org_)", re: /os_v2_(?:app|org)_[A-Za-z0-9]{8,}/g },
  { label: "PEM private key header", re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/g },
];

/** Number of checks run by every scanner in this process (for the suite's summary line). */
let processChecks = 0;
export function totalSecretChecks(): number {
  return processChecks;
}

function formsOf(value: string): Form[] {
  const forms: Form[] = [{ form: "raw", text: value }];
  const push = (form: string, text: string) => {
    if (text.length >= MIN_LENGTH && !forms.some((f) => f.text === text)) forms.push({ form, text });
  };
  push("json-escaped", JSON.stringify(value).slice(1, -1));
  push("json-escaped twice", JSON.stringify(JSON.stringify(value)).slice(2, -2));
  push("base64", Buffer.from(value, "utf8").toString("base64"));
  push("url-encoded", encodeURIComponent(value));
  return forms;
}

/** Distinctive pieces of multi-line or structured material (PEM lines, JSON secret members). */
function fragmentsOf(value: string): string[] {
  const out = new Set<string>();
  const addPem = (text: string) => {
    for (const line of text.split(/\r?\n|\\n/)) {
      const t = line.trim();
      if (t.length >= 24 && !t.startsWith("-----")) out.add(t);
    }
  };
  if (/\r?\n|\\n/.test(value)) addPem(value);
  try {
    const parsed: unknown = JSON.parse(value);
    const walk = (v: unknown, key: string) => {
      if (typeof v === "string") {
        if (/key|secret|token|password/i.test(key) && v.length >= MIN_LENGTH) {
          out.add(v);
          addPem(v);
        }
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(parsed, "");
  } catch {
    // not JSON
  }
  out.delete(value);
  return [...out];
}

function isEnvelope(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && SECRET_SIG in v;
}

export class SecretScanner {
  private readonly secrets = new Map<string, Registered>();
  private readonly captured: { where: string; text: string; upstreamDebug?: boolean }[] = [];
  /** Every (text, credential) pair examined. */
  checks = 0;
  /** Every text examined. */
  texts = 0;
  readonly hits: SecretHit[] = [];
  /**
   * Hits in debug-severity diagnostics only: `@pulumi/pulumi`'s own `log.debug("RegisterResource RPC
   * finished: … resp: …")` (runtime/resource.js) stringifies every registration response, secret
   * outputs in plaintext. They reach the engine event stream and `pulumi up --debug`, not the default
   * CLI output. Reported, not failed (an upstream behaviour this package cannot change), unless
   * SECRET_SCANNER_STRICT_DEBUG=1.
   */
  readonly upstreamDebugHits: SecretHit[] = [];
  private readonly strictDebug = process.env.SECRET_SCANNER_STRICT_DEBUG === "1";

  /** Registers a credential value (ignored when shorter than 8 characters or not a string). */
  add(label: string, value: unknown): this {
    if (typeof value !== "string") return this;
    const v = value;
    if (v.trim().length < MIN_LENGTH || this.secrets.has(v)) return this;
    this.secrets.set(v, { label, forms: formsOf(v) });
    for (const frag of fragmentsOf(v)) {
      if (!this.secrets.has(frag))
        this.secrets.set(frag, { label: `${label} (fragment)`, forms: formsOf(frag) });
    }
    return this;
  }

  /** Labels of the registered credentials (fragments included). */
  registered(): string[] {
    return [...this.secrets.values()].map((r) => r.label);
  }

  // ------------------------------------------------------------------ scanning

  /** Scans one text for every registered credential (in every form) and for credential shapes. */
  scanText(where: string, text: unknown, opts: { upstreamDebug?: boolean } = {}): SecretHit[] {
    const found: SecretHit[] = [];
    if (typeof text !== "string" || text === "") return found;
    this.texts += 1;
    for (const reg of this.secrets.values()) {
      this.checks += 1;
      processChecks += 1;
      for (const f of reg.forms) {
        const i = text.indexOf(f.text);
        if (i >= 0) {
          found.push({ where, secret: reg.label, form: f.form, excerpt: excerpt(text, i, f.text.length) });
          break;
        }
      }
    }
    for (const shape of SHAPES) {
      this.checks += 1;
      processChecks += 1;
      shape.re.lastIndex = 0;
      const m = shape.re.exec(text);
      if (m)
        found.push({
          where,
          secret: shape.label,
          form: "shape",
          excerpt: excerpt(text, m.index, m[0].length),
        });
    }
    if (opts.upstreamDebug && !this.strictDebug) this.upstreamDebugHits.push(...found);
    else this.hits.push(...found);
    return found;
  }

  /**
   * Scans a deployment (state) object. Secret envelopes are skipped: in stored state they hold
   * ciphertext, and in a `--show-secrets` export (Automation's `exportStack()`) they hold the
   * decrypted value legitimately. Every other string (keys included), and each `__provider` text on
   * its own, is scanned.
   */
  scanDeployment(where: string, deployment: unknown): SecretHit[] {
    const strings: string[] = [];
    const providers: { where: string; text: string }[] = [];
    const walk = (v: unknown, at: string) => {
      if (typeof v === "string") strings.push(v);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
      else if (v && typeof v === "object") {
        if (isEnvelope(v)) return;
        for (const [k, x] of Object.entries(v)) {
          strings.push(k);
          if (k === "__provider" && typeof x === "string")
            providers.push({ where: `${at}.__provider`, text: x });
          walk(x, `${at}.${k}`);
        }
      }
    };
    walk(deployment, "");
    const hits = this.scanText(where, strings.join("\n"));
    for (const p of providers) hits.push(...this.scanText(`${where} ${p.where}`, p.text));
    return hits;
  }

  /** Scans an error: message, stack, and the CLI output a `CommandError` carries. */
  scanError(where: string, err: unknown): SecretHit[] {
    const e = err as {
      message?: unknown;
      stack?: unknown;
      commandResult?: { stdout?: unknown; stderr?: unknown };
    };
    const parts = [String(err), e?.message, e?.stack, e?.commandResult?.stdout, e?.commandResult?.stderr];
    return this.scanText(`${where} error`, parts.filter((p) => typeof p === "string").join("\n"));
  }

  // ------------------------------------------------------------------ CLI output capture

  /**
   * Options for an Automation operation (`up`, `preview`, `refresh`, `destroy`) that record its
   * stdout, stderr and engine events (diagnostics, resource outputs) for {@link scanCaptured}.
   */
  capture(label: string): {
    onOutput: (s: string) => void;
    onError: (s: string) => void;
    onEvent: (e: EngineEvent) => void;
  } {
    const out = { where: `${label} stdout`, text: "" };
    const err = { where: `${label} stderr`, text: "" };
    const ev = { where: `${label} engine events`, text: "" };
    const dbg = { where: `${label} engine events (debug diagnostics)`, text: "", upstreamDebug: true };
    this.captured.push(out, err, ev, dbg);
    return {
      onOutput: (s) => void (out.text += s),
      onError: (s) => void (err.text += s),
      onEvent: (e) => {
        const line = `${JSON.stringify(e)}\n`;
        if ((e.diagnosticEvent?.severity as string | undefined) === "debug") dbg.text += line;
        else ev.text += line;
      },
    };
  }

  /** Adds an already-collected text (e.g. an emulator's stderr) to the captured set. */
  captureText(where: string, text: string): void {
    this.captured.push({ where, text });
  }

  /** Scans every captured text; may be called repeatedly (each text is scanned once). */
  scanCaptured(): SecretHit[] {
    const hits: SecretHit[] = [];
    const dump = process.env.SECRET_SCANNER_DUMP_DIR;
    for (const c of this.captured.splice(0)) {
      if (dump) {
        fs.mkdirSync(dump, { recursive: true });
        fs.writeFileSync(path.join(dump, `${c.where.replace(/[^\w.-]+/g, "_")}.txt`), c.text);
      }
      hits.push(...this.scanText(c.where, c.text, { upstreamDebug: c.upstreamDebug === true }));
    }
    return hits;
  }

  // ------------------------------------------------------------------ state

  /**
   * Registers every secret value of a decrypted export (`stack.exportStack()` decrypts): API key
   * tokens, segment/template `apiKey`s, APNs/FCM material. Values that are only secret in one
   * place are therefore scanned for everywhere else.
   */
  collectSecretsFromDeployment(deployment: unknown, labelPrefix = "secret value"): number {
    let n = 0;
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
      else if (v && typeof v === "object") {
        if (isEnvelope(v)) {
          const plain = (v as { plaintext?: unknown }).plaintext;
          if (typeof plain === "string") {
            let value: unknown = plain;
            try {
              value = JSON.parse(plain);
            } catch {
              // plaintext is JSON text of the value; keep it raw otherwise
            }
            const leaves: string[] = [];
            const leaf = (x: unknown) => {
              if (typeof x === "string") leaves.push(x);
              else if (Array.isArray(x)) x.forEach(leaf);
              else if (x && typeof x === "object") Object.values(x).forEach(leaf);
            };
            leaf(value);
            for (const s of leaves) {
              if (
                s.length >= MIN_LENGTH &&
                !this.secrets.has(s) &&
                !s.startsWith("function") &&
                !s.includes("require(")
              ) {
                this.add(`${labelPrefix} ${at}`, s);
                n++;
              }
            }
          }
          return;
        }
        for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
      }
    };
    walk(deployment, "");
    return n;
  }

  /** Collects secrets from `stack.exportStack()` (decrypted); returns the number of new values. */
  async collectSecretsFromStack(stack: Stack): Promise<number> {
    const dep = await stack.exportStack();
    return this.collectSecretsFromDeployment(dep.deployment, `secret in ${stack.name}:`);
  }

  /**
   * Scans a stack's state in every form a user can reach: Automation's `exportStack()` outside
   * secret envelopes, `pulumi stack export` without `--show-secrets` (when the stack's `envVars`
   * are given), and the file backend's stored checkpoints, history and backups (when `backendDir` —
   * the directory behind the `file://` URL — is given).
   */
  async scanStack(
    stack: Stack,
    opts: { backendDir?: string; envVars?: Record<string, string> } = {},
  ): Promise<SecretHit[]> {
    const hits: SecretHit[] = [];
    const dep = await stack.exportStack();
    hits.push(...this.scanDeployment(`exportStack(${stack.name})`, dep));
    if (opts.envVars) {
      const run = await runPulumi(["stack", "export", "--stack", stack.name], {
        cwd: stack.workspace.workDir,
        env: opts.envVars,
      });
      if (run.code !== 0) throw new Error(`pulumi stack export exited ${run.code}: ${run.stderr}`);
      const stdout = run.stdout;
      hits.push(...this.scanText(`pulumi stack export (${stack.name})`, stdout));
      hits.push(...this.scanDeployment(`pulumi stack export (${stack.name}) parsed`, JSON.parse(stdout)));
    }
    if (opts.backendDir) {
      for (const file of listFiles(opts.backendDir)) {
        let text = fs.readFileSync(file);
        if (file.endsWith(".gz")) text = require("node:zlib").gunzipSync(text);
        hits.push(
          ...this.scanText(`state file ${path.relative(opts.backendDir, file)}`, text.toString("utf8")),
        );
      }
    }
    return hits;
  }

  // ------------------------------------------------------------------ results

  /** Throws with every hit listed (values masked) when anything was found. */
  assertClean(): void {
    if (this.hits.length === 0) return;
    const lines = this.hits
      .slice(0, 50)
      .map((h) => `- ${h.secret} (${h.form}) in ${h.where}: …${h.excerpt}…`)
      .join("\n");
    throw new Error(`${this.hits.length} plaintext credential hit(s):\n${lines}`);
  }

  summary(): string {
    return (
      `${this.checks} secret checks over ${this.texts} texts, ${this.secrets.size} credential values, ${this.hits.length} hits` +
      (this.upstreamDebugHits.length
        ? `; ${this.upstreamDebugHits.length} in @pulumi/pulumi debug diagnostics (upstream, reported only)`
        : "")
    );
  }
}

function excerpt(text: string, at: number, len: number): string {
  const before = text.slice(Math.max(0, at - 60), at);
  const after = text.slice(at + len, at + len + 60);
  return `${before}<CREDENTIAL ${len} chars>${after}`.replace(/\s+/g, " ");
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** A throw-away RSA-looking PEM and FCM service-account JSON for tests (not real keys). */
export function fakeCredentialMaterial(seed: string): { apnsP8: string; fcmJson: string } {
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  const body = (n: number) => {
    let s = "";
    for (let i = 0; s.length < n; i++) s += createHash("sha512").update(`${seed}:${i}`).digest("base64");
    return s.slice(0, n);
  };
  const pem = (b: string) =>
    `-----BEGIN PRIVATE KEY-----\n${b.match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;
  const apnsP8 = pem(body(200));
  const fcmJson = JSON.stringify({
    type: "service_account",
    project_id: `e2e-${seed
      .replace(/[^a-z0-9]/gi, "")
      .toLowerCase()
      .slice(0, 20)}`,
    private_key_id: createHash("sha1").update(`kid:${seed}`).digest("hex"),
    private_key: pem(body(300)),
    client_email: `e2e@${seed
      .replace(/[^a-z0-9]/gi, "")
      .toLowerCase()
      .slice(0, 20)}.iam.gserviceaccount.com`,
    client_id: "100000000000000000001",
    token_uri: "https://oauth2.googleapis.com/token",
  });
  return { apnsP8, fcmJson };
}
