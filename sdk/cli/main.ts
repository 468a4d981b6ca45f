#!/usr/bin/env node
/**
 * `pulumi-onesignal import`: writes a TypeScript Pulumi project that adopts an existing OneSignal
 * organization (docs/guides/from-dashboard-to-code.md). The organization key, id and API URL come
 * from the environment variables the provider reads (provider/config.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { OneSignalClient } from "../../provider/client";
import { resolveSettings, SETTINGS_KEYS } from "../../provider/config";
import { collect, TemporaryKeys } from "./collect";
import { renderProject, type ProjectFiles } from "./render";
import { slug } from "./names";

export const USAGE = `Usage: pulumi-onesignal import [options]

Writes a TypeScript Pulumi project that adopts every app of the OneSignal organization, with their
API keys (metadata), segments and templates. Reads only: nothing in OneSignal is changed, except
the temporary read keys of --temporary-keys, which are deleted before it ends.

Settings (as the provider reads them):
  ${SETTINGS_KEYS.organizationApiKey.env}   organization API key (required)
  ${SETTINGS_KEYS.organizationId.env}       organization id (default: the apps' own)
  ${SETTINGS_KEYS.apiUrl.env}               API URL (default https://api.onesignal.com)
  ${SETTINGS_KEYS.appApiKey.env}            app API key used for every app without its own
  ONESIGNAL_APP_API_KEYS               app keys, "<app id>=<key>,<app id>=<key>"

Options:
  --out DIR              where to write the project (default ./onesignal-program); must be empty
                         unless --force
  --app APP_ID           only this app (repeatable); needed above 1000 apps
  --app-key APP_ID=KEY   the app API key for an app's segments and templates (repeatable; prefer
                         ONESIGNAL_APP_API_KEYS: command lines are visible to other users)
  --temporary-keys       for apps without a key, create a temporary read key and delete it at the end
  --project-name NAME    the Pulumi project name (default: derived from --out)
  --force                write into a non-empty directory (files of the same name are replaced)
  --quiet                no progress lines
  -h, --help             this text
`;

export interface ImportArgs {
  out: string;
  appIds: string[];
  appKeys: Record<string, string>;
  temporaryKeys: boolean;
  projectName?: string;
  force: boolean;
  quiet: boolean;
}

/** Parses the arguments after `import`; throws a usage error naming the flag. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ImportArgs {
  const args: ImportArgs = {
    out: "onesignal-program",
    appIds: [],
    appKeys: {},
    temporaryKeys: false,
    force: false,
    quiet: false,
  };
  const addKey = (pair: string, where: string) => {
    const i = pair.indexOf("=");
    if (i <= 0 || i === pair.length - 1)
      throw new UsageError(`${where} takes <app id>=<key>, got a value without "=" or with an empty side`);
    args.appKeys[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  };
  for (const pair of (env.ONESIGNAL_APP_API_KEYS ?? "").split(",").filter((p) => p.trim() !== ""))
    addKey(pair, "ONESIGNAL_APP_API_KEYS");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case "--out":
        args.out = value();
        break;
      case "--app":
        args.appIds.push(value());
        break;
      case "--app-key":
        addKey(value(), "--app-key");
        break;
      case "--temporary-keys":
        args.temporaryKeys = true;
        break;
      case "--project-name":
        args.projectName = value();
        break;
      case "--force":
        args.force = true;
        break;
      case "--quiet":
        args.quiet = true;
        break;
      default:
        throw new UsageError(`unknown option "${a}"`);
    }
  }
  return args;
}

export class UsageError extends Error {}

/** What a run did: the files written, the notes, and temporary keys that could not be deleted. */
export interface ImportResult {
  files: ProjectFiles;
  notes: string[];
  leftKeys: { appId: string; tokenId: string; error: string }[];
}

/** The package's own version, for the generated package.json. */
function packageVersion(): { own: string; pulumi: string } {
  for (const rel of ["../../package.json", "../../../package.json"]) {
    const p = path.join(__dirname, rel);
    if (fs.existsSync(p)) {
      const pkg = JSON.parse(fs.readFileSync(p, "utf8")) as {
        version: string;
        devDependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      const peer = pkg.peerDependencies?.["@pulumi/pulumi"]?.split("||")[0]?.trim();
      return { own: `^${pkg.version}`, pulumi: pkg.devDependencies?.["@pulumi/pulumi"] ?? peer ?? "^3" };
    }
  }
  return { own: "*", pulumi: "^3" };
}

/**
 * Runs the import: reads, renders, writes. Temporary keys are deleted in `finally` and by
 * `onSignal` (SIGINT/SIGTERM), so a failure or an interrupt leaves none behind.
 */
export async function runImport(
  args: ImportArgs,
  io: {
    progress: (line: string) => void;
    /** A client of the caller's (tests); by default one from the settings. */
    client?: OneSignalClient;
  },
): Promise<ImportResult> {
  const settings = resolveSettings();
  if (!settings.organizationApiKey)
    throw new UsageError(
      `the organization API key is required: set ${SETTINGS_KEYS.organizationApiKey.env} (OneSignal: Organization > Keys & IDs)`,
    );
  const out = path.resolve(args.out);
  if (!args.force && fs.existsSync(out) && fs.readdirSync(out).length > 0)
    throw new UsageError(`${out} is not empty: choose another --out or pass --force`);
  const client =
    io.client ??
    new OneSignalClient({
      apiUrl: settings.apiUrl,
      organizationApiKey: settings.organizationApiKey,
      timeoutMs: settings.requestTimeoutMs,
    });
  const temporary = args.temporaryKeys ? new TemporaryKeys(client) : undefined;
  let cleanup: Promise<ImportResult["leftKeys"]> | undefined;
  const removeKeys = () => (cleanup ??= temporary ? temporary.deleteAll() : Promise.resolve([]));
  const onSignal = (signal: NodeJS.Signals) => {
    io.progress(`${signal}: deleting the temporary keys before stopping`);
    void removeKeys().then((left) => {
      for (const k of left)
        io.progress(`could not delete temporary key ${k.tokenId} of app ${k.appId}: ${k.error}`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const started = Date.now();
  try {
    const snapshot = await collect({
      client,
      ...(settings.organizationId ? { organizationId: settings.organizationId } : {}),
      appIds: args.appIds,
      appKeys: args.appKeys,
      ...(settings.appApiKey ? { defaultAppKey: settings.appApiKey } : {}),
      ...(temporary ? { temporaryKeys: temporary } : {}),
      progress: args.quiet ? () => undefined : io.progress,
    });
    const versions = packageVersion();
    const files = renderProject(snapshot, {
      projectName: args.projectName ?? (slug(path.basename(out)) || "onesignal"),
      packageVersion: versions.own,
      pulumiVersion: versions.pulumi,
    });
    for (const [rel, text] of Object.entries(files)) {
      const p = path.join(out, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
    const notes = [...snapshot.notes, ...snapshot.apps.flatMap((a) => a.notes.map((n) => `${a.name}: ${n}`))];
    const counts = snapshot.apps.reduce(
      (c, a) => ({
        keys: c.keys + a.keys.length,
        segments: c.segments + a.segments.length,
        templates: c.templates + a.templates.length,
      }),
      { keys: 0, segments: 0, templates: 0 },
    );
    io.progress(
      `wrote ${out}: ${snapshot.apps.length} app(s), ${counts.keys} API key(s), ${counts.segments} segment(s), ` +
        `${counts.templates} template(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return { files, notes, leftKeys: await removeKeys() };
  } finally {
    const left = await removeKeys();
    for (const k of left)
      io.progress(
        `could not delete temporary key ${k.tokenId} of app ${k.appId}: ${k.error}; delete it under Settings > Keys & IDs`,
      );
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** The `pulumi-onesignal` command. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help" || rest.includes("--help")) {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== "import") {
    process.stderr.write(`pulumi-onesignal: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const result = await runImport(parseArgs(rest), { progress: (l) => process.stderr.write(`${l}\n`) });
    if (result.notes.length > 0) {
      process.stderr.write("\nNot carried over (also in README.md and the app modules):\n");
      for (const n of result.notes) process.stderr.write(`  - ${n}\n`);
    }
    return result.leftKeys.length > 0 ? 1 : 0;
  } catch (err) {
    process.stderr.write(`pulumi-onesignal import: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
