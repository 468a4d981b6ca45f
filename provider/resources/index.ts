/**
 * The registry of resource kinds. Keyed by {@link Kind}, so adding a kind without registering its
 * handlers (or registering an unknown one) is a compile error.
 */
import { apiKeyHandlers } from "./apiKey";
import { appHandlers } from "./app";
import type { Context, Kind, ResourceHandlers } from "./protocol";
import { segmentHandlers } from "./segment";
import { templateHandlers } from "./template";

export const HANDLER_FACTORIES: { readonly [K in Kind]: (ctx: Context) => ResourceHandlers } = {
  app: appHandlers,
  apiKey: apiKeyHandlers,
  segment: segmentHandlers,
  template: templateHandlers,
};

/** Builds every kind's handlers over one context. */
export function buildHandlers(ctx: Context): { readonly [K in Kind]: ResourceHandlers } {
  return {
    app: HANDLER_FACTORIES.app(ctx),
    apiKey: HANDLER_FACTORIES.apiKey(ctx),
    segment: HANDLER_FACTORIES.segment(ctx),
    template: HANDLER_FACTORIES.template(ctx),
  };
}

export type { Context, Kind, ResourceHandlers } from "./protocol";
