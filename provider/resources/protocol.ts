/**
 * The handler protocol: what the runtime calls for each kind (check, diff, create, read, update,
 * delete), what it gets back, and the context the handlers run in. Runs only inside the dynamic
 * provider process (loaded through `pulumi-onesignal/runtime`): nothing here is ever serialized
 * into `__provider`.
 */
import type { Settings } from "../config";
import type { ErrorGuards, OneSignalApi } from "./api";

export type { Settings } from "../config";

/**
 * The value the engine sends for inputs that are not known yet (preview). Copied as a literal:
 * importing `@pulumi/pulumi` into provider code would pull the SDK into every serialized provider.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Property bag as it crosses the gRPC boundary. */
export type Props = Record<string, unknown>;

/** The resource kinds; the runtime table is keyed by this union so none can be forgotten. */
export type Kind = "app" | "apiKey" | "segment" | "template";

/** Public class name per kind, used in error messages and the type token. */
export const KIND_NAMES: Readonly<Record<Kind, string>> = {
  app: "App",
  apiKey: "ApiKey",
  segment: "Segment",
  template: "Template",
};

export interface CheckFailure {
  property: string;
  reason: string;
}
export interface CheckResult {
  inputs: Props;
  failures: CheckFailure[];
}
export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}
export interface CreateResult {
  id: string;
  outs: Props;
}
export interface ReadResult {
  id?: string;
  props?: Props;
  inputs?: Props;
}
export interface UpdateResult {
  outs: Props;
}

/** The handler object the runtime exposes per kind (mirrors `pulumi.dynamic.ResourceProvider`). */
export interface ResourceHandlers {
  check(olds: Props, news: Props): Promise<CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
  create(inputs: Props): Promise<CreateResult>;
  read(id: string, props: Props): Promise<ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/** What the handlers get from the runtime; tests pass their own. */
export interface Context {
  /** The client; constructed lazily, so `check` and `diff` never touch it. */
  api(): OneSignalApi;
  guards: ErrorGuards;
  settings(): Settings;
  /** A message the user must see in the CLI output. */
  warn(message: string): void;
  now(): number;
  /** Waits; injected beside `now` so that tests can run waits without real time. */
  sleep(ms: number): Promise<void>;
  uuid(): string;
  /**
   * False once the Pulumi engine that started this provider process is gone (the CLI was killed):
   * work in flight must then stop before it makes an object indistinguishable from someone else's.
   */
  engineAlive(): Promise<boolean>;
}
