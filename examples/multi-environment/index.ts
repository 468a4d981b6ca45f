// One OneSignal app per environment, laid out the way a platform team runs it: the environments
// are data (stack config), the segments and templates are shared definitions (catalog.ts), and
// each app gets an IP-restricted key for its backend plus a key for this deployment.
import * as pulumi from "@pulumi/pulumi";
import * as onesignal from "pulumi-onesignal";
import * as catalog from "./catalog";

/** One entry of the `environments` config map (see Pulumi.platform.yaml). */
interface Environment {
  /** Dashboard name of the environment's app. */
  appName: string;
  /** Origin of the environment's website, for web push. */
  webOrigin: string;
  /** CIDRs the environment's backend sends from; its key is refused from anywhere else. */
  backendCidrs: string[];
}

const config = new pulumi.Config();
const environments = config.requireObject<Record<string, Environment>>("environments");

// Fail at preview with a message naming the entry, rather than half-way through an `up`.
for (const [env, e] of Object.entries(environments)) {
  if (!e.appName || !e.webOrigin || !Array.isArray(e.backendCidrs) || e.backendCidrs.length === 0) {
    throw new Error(`environments.${env} needs appName, webOrigin and a non-empty backendCidrs list`);
  }
}

function environment(env: string, e: Environment) {
  const app = new onesignal.App(env, {
    name: e.appName,
    chromeWebOrigin: e.webOrigin,
    safariSiteOrigin: e.webOrigin,
    siteName: e.appName,
  });

  // The backend's key only works from its own network: a leaked token is useless elsewhere.
  const backend = new onesignal.ApiKey(`${env}-backend`, {
    appId: app.id,
    name: `${env}-backend`,
    ipAllowlistMode: "explicit",
    ipAllowlist: e.backendCidrs,
  });

  // The key this program manages segments and templates with. CI runners have no fixed address,
  // so it has no allowlist; it stays in Pulumi state only, and rotating it is one config change.
  const deploy = new onesignal.ApiKey(`${env}-deploy`, {
    appId: app.id,
    name: `${env}-pulumi`,
    rotationTrigger: config.get("deployKeyRotation") ?? "initial",
  });

  const segmentIds: Record<string, pulumi.Output<string>> = {};
  for (const [id, def] of Object.entries(catalog.segments)) {
    segmentIds[id] = new onesignal.Segment(`${env}-${id}`, {
      ...def,
      appId: app.id,
      apiKey: deploy.token,
    }).id;
  }
  const templateIds: Record<string, pulumi.Output<string>> = {};
  for (const [id, def] of Object.entries(catalog.templates)) {
    templateIds[id] = new onesignal.Template(`${env}-${id}`, {
      ...def,
      appId: app.id,
      apiKey: deploy.token,
    }).id;
  }

  return { appId: app.id, backendKeyId: backend.id, backendKey: backend.token, segmentIds, templateIds };
}

/** Per environment: app id, the backend key (a secret) and the ids of the shared objects. */
export const apps = Object.fromEntries(
  Object.entries(environments).map(([env, e]) => [env, environment(env, e)]),
);
