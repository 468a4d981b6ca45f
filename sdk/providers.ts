/**
 * The serialized providers. Each class is copied into `__provider` by Pulumi's closure
 * serializer, so it is deliberately empty: no fields, no constructor, no captured module, no
 * `@pulumi/pulumi` value (type-only import). Every method loads the real implementation by package
 * name at call time (resolved from the program directory by the provider process), which keeps
 * `__provider` small, credential-free and stable across package upgrades (DYNAMIC_PROVIDERS
 * rules 2–5).
 */
import type * as pulumi from "@pulumi/pulumi";

type In = Record<string, unknown>;

/** Provider for {@link App}. */
export class AppProvider implements pulumi.dynamic.ResourceProvider {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    require("pulumi-onesignal/runtime").configure(req.config);
  }
  async check(olds: In, news: In) {
    return require("pulumi-onesignal/runtime").app.check(olds, news);
  }
  async diff(id: string, olds: In, news: In) {
    return require("pulumi-onesignal/runtime").app.diff(id, olds, news);
  }
  async create(inputs: In) {
    return require("pulumi-onesignal/runtime").app.create(inputs);
  }
  async read(id: string, props: In) {
    return require("pulumi-onesignal/runtime").app.read(id, props);
  }
  async update(id: string, olds: In, news: In) {
    return require("pulumi-onesignal/runtime").app.update(id, olds, news);
  }
  async delete(id: string, props: In) {
    return require("pulumi-onesignal/runtime").app.delete(id, props);
  }
}

/** Provider for {@link ApiKey}. */
export class ApiKeyProvider implements pulumi.dynamic.ResourceProvider {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    require("pulumi-onesignal/runtime").configure(req.config);
  }
  async check(olds: In, news: In) {
    return require("pulumi-onesignal/runtime").apiKey.check(olds, news);
  }
  async diff(id: string, olds: In, news: In) {
    return require("pulumi-onesignal/runtime").apiKey.diff(id, olds, news);
  }
  async create(inputs: In) {
    return require("pulumi-onesignal/runtime").apiKey.create(inputs);
  }
  async read(id: string, props: In) {
    return require("pulumi-onesignal/runtime").apiKey.read(id, props);
  }
  async update(id: string, olds: In, news: In) {
    return require("pulumi-onesignal/runtime").apiKey.update(id, olds, news);
  }
  async delete(id: string, props: In) {
    return require("pulumi-onesignal/runtime").apiKey.delete(id, props);
  }
}

/** Provider for {@link Segment}. */
export class SegmentProvider implements pulumi.dynamic.ResourceProvider {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    require("pulumi-onesignal/runtime").configure(req.config);
  }
  async check(olds: In, news: In) {
    return require("pulumi-onesignal/runtime").segment.check(olds, news);
  }
  async diff(id: string, olds: In, news: In) {
    return require("pulumi-onesignal/runtime").segment.diff(id, olds, news);
  }
  async create(inputs: In) {
    return require("pulumi-onesignal/runtime").segment.create(inputs);
  }
  async read(id: string, props: In) {
    return require("pulumi-onesignal/runtime").segment.read(id, props);
  }
  async update(id: string, olds: In, news: In) {
    return require("pulumi-onesignal/runtime").segment.update(id, olds, news);
  }
  async delete(id: string, props: In) {
    return require("pulumi-onesignal/runtime").segment.delete(id, props);
  }
}

/** Provider for {@link Template}. */
export class TemplateProvider implements pulumi.dynamic.ResourceProvider {
  async configure(req: pulumi.dynamic.ConfigureRequest) {
    require("pulumi-onesignal/runtime").configure(req.config);
  }
  async check(olds: In, news: In) {
    return require("pulumi-onesignal/runtime").template.check(olds, news);
  }
  async diff(id: string, olds: In, news: In) {
    return require("pulumi-onesignal/runtime").template.diff(id, olds, news);
  }
  async create(inputs: In) {
    return require("pulumi-onesignal/runtime").template.create(inputs);
  }
  async read(id: string, props: In) {
    return require("pulumi-onesignal/runtime").template.read(id, props);
  }
  async update(id: string, olds: In, news: In) {
    return require("pulumi-onesignal/runtime").template.update(id, olds, news);
  }
  async delete(id: string, props: In) {
    return require("pulumi-onesignal/runtime").template.delete(id, props);
  }
}

/** One shared instance per kind: Pulumi caches the serialized text per provider object. */
export const appProvider = new AppProvider();
export const apiKeyProvider = new ApiKeyProvider();
export const segmentProvider = new SegmentProvider();
export const templateProvider = new TemplateProvider();
