/**
 * Templates: app-key endpoints under `/templates` with `app_id` in the query (`view_templates`,
 * `create_template`, `view_template`, `update_template`, `delete_template`); copy
 * (`copy_template_to_app`) uses the org key.
 */
import { z } from "zod";
import {
  TEMPLATE_CHANNELS,
  templateCopyInputSchema,
  templateCopyResponseSchema,
  templateCreateInputSchema,
  templateInputToWire,
  templatePageSchema,
  templateSchema,
  templateUpdateInputSchema,
  type Template,
  type TemplateChannel,
  type TemplateCreateInput,
  type TemplatePage,
  type TemplateSummary,
  type TemplateUpdateInput,
} from "../schemas/template";
import { isOneSignalApiError, OneSignalApiError, validate } from "./errors";
import { checkAuth, parseResponse, pathId, type AppAuth, type ClientContext } from "./context";
import type { RequestSpec, TransportResponse } from "./transport";

/** OneSignal's maximum (and default) page size for `view_templates`. */
export const TEMPLATE_PAGE_LIMIT = 50;
const MAX_PAGES = 2000;

const pageSchema = z.strictObject({
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(TEMPLATE_PAGE_LIMIT).optional(),
  channel: z.enum(TEMPLATE_CHANNELS).optional(),
});

/**
 * create-template and update-template answer some invalid templates (no contents at all, push
 * contents that are not an object) with a 422 HTML page rather than JSON (OneSignal's docs): the
 * transport keeps only its title, and this says which operation, which template and why.
 */
async function explainRejection<T>(operation: string, template: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!isOneSignalApiError(err) || err.status !== 422) throw err;
    const page = err.messages.join("; ") || "no message";
    throw new OneSignalApiError({
      kind: "http",
      method: err.method,
      path: err.path,
      status: 422,
      statusText: "Unprocessable Entity",
      attempts: err.attempts,
      messages: [
        `${operation} rejected template ${template}: "${page}" (OneSignal answers this page when the template has no contents, or push contents that are not an object)`,
      ],
    });
  }
}

export interface TemplatesApi {
  /** View templates — OneSignal `view_templates` (`GET /templates?app_id&limit&offset&channel`, app key; limit ≤ 50; paced at 1 req/s/app). */
  list(
    auth: AppAuth,
    page?: { offset?: number; limit?: number; channel?: TemplateChannel },
  ): Promise<TemplatePage>;
  /** Every template of the app (optionally of one channel): `view_templates` paged by 50 until a short page. */
  listAll(auth: AppAuth, filter?: { channel?: TemplateChannel }): Promise<TemplateSummary[]>;
  /** View template — OneSignal `view_template` (`GET /templates/{template_id}?app_id`, app key; paced at 1 req/s/app). */
  get(auth: AppAuth, templateId: string): Promise<Template>;
  /**
   * Create template — OneSignal `create_template` (`POST /templates`, app key, `app_id` in the body).
   * Not retried on 5xx/timeouts: a repeat would create a duplicate.
   */
  create(auth: AppAuth, input: TemplateCreateInput): Promise<Template>;
  /** Update template — OneSignal `update_template` (`PATCH /templates/{template_id}?app_id`, app key). Sends the full desired template. */
  update(auth: AppAuth, templateId: string, input: TemplateUpdateInput): Promise<Template>;
  /** Delete template — OneSignal `delete_template` (`DELETE /templates/{template_id}?app_id`, app key). */
  delete(auth: AppAuth, templateId: string): Promise<void>;
  /**
   * Copy template to another app — OneSignal `copy-template-to-app`
   * (`POST /templates/{template_id}/copy_to_app?app_id`, **org key**). OneSignal's docs answer only
   * `{success: true}`: then neither `id` nor `template` is set and the caller must find the copy in
   * the target app (list summaries carry names only; view each for content). The 5.12 spec returns
   * the new template, which gives both.
   */
  copy(appId: string, templateId: string, targetAppId: string): Promise<{ id?: string; template?: Template }>;
}

export function templatesApi(ctx: ClientContext): TemplatesApi {
  const request = async (
    auth: AppAuth,
    op: string,
    spec: Omit<RequestSpec, "key" | "scope">,
  ): Promise<{ res: TransportResponse; spec: RequestSpec }> => {
    const a = checkAuth(auth, op);
    const full: RequestSpec = { ...spec, key: a.apiKey, scope: a.appId };
    return { res: await ctx.transport.request(full), spec: full };
  };
  const list = async (
    auth: AppAuth,
    page: { offset?: number; limit?: number; channel?: TemplateChannel } = {},
  ): Promise<TemplatePage> => {
    const p = validate(pageSchema, page, "template page");
    const { res, spec } = await request(auth, "templates.list", {
      method: "GET",
      path: "/templates",
      family: "template-views",
      query: {
        app_id: auth?.appId,
        limit: p.limit ?? TEMPLATE_PAGE_LIMIT,
        offset: p.offset ?? 0,
        channel: p.channel,
      },
    });
    return parseResponse(templatePageSchema, res, spec);
  };
  const get = async (auth: AppAuth, templateId: string): Promise<Template> => {
    const t = pathId(templateId, "templateId");
    const { res, spec } = await request(auth, "templates.get", {
      method: "GET",
      path: `/templates/${t}`,
      family: "template-views",
      query: { app_id: auth?.appId },
    });
    return parseResponse(templateSchema, res, spec);
  };
  return {
    list,
    listAll: async (auth, filter = {}) => {
      const out: TemplateSummary[] = [];
      const seen = new Set<string>();
      for (let i = 0, offset = 0; i < MAX_PAGES; i++) {
        const page = await list(auth, {
          offset,
          limit: TEMPLATE_PAGE_LIMIT,
          ...(filter.channel ? { channel: filter.channel } : {}),
        });
        for (const t of page.templates) {
          if (seen.has(t.id)) continue;
          seen.add(t.id);
          out.push(t);
        }
        // OneSignal's docs (`view_templates`): "increment offset by 50 until fewer than limit come back".
        if (page.templates.length < TEMPLATE_PAGE_LIMIT) break;
        offset += page.templates.length;
      }
      return out;
    },
    get,
    create: async (auth, input) => {
      const v = validate(templateCreateInputSchema, input, "template");
      const a = checkAuth(auth, "templates.create");
      const { res, spec } = await explainRejection(
        "create-template",
        JSON.stringify(v.name),
        request(auth, "templates.create", {
          method: "POST",
          path: "/templates",
          family: "POST /templates",
          body: templateInputToWire(v, a.appId),
        }),
      );
      return parseResponse(templateSchema, res, spec);
    },
    update: async (auth, templateId, input) => {
      const t = pathId(templateId, "templateId");
      const v = validate(templateUpdateInputSchema, input, "template update");
      const { res, spec } = await explainRejection(
        "update-template",
        `${t} (${JSON.stringify(v.name)})`,
        request(auth, "templates.update", {
          method: "PATCH",
          path: `/templates/${t}`,
          family: "PATCH /templates/{id}",
          query: { app_id: auth?.appId },
          body: templateInputToWire(v),
        }),
      );
      // update_template answers with the updated TemplateResource (the 5.12 spec and the docs).
      return parseResponse(templateSchema, res, spec);
    },
    delete: async (auth, templateId) => {
      const t = pathId(templateId, "templateId");
      await request(auth, "templates.delete", {
        method: "DELETE",
        path: `/templates/${t}`,
        family: "DELETE /templates/{id}",
        query: { app_id: auth?.appId },
      });
    },
    copy: async (appId, templateId, targetAppId) => {
      pathId(appId, "appId");
      const t = pathId(templateId, "templateId");
      const input = validate(templateCopyInputSchema, { targetAppId }, "template copy");
      const spec: RequestSpec = {
        method: "POST",
        path: `/templates/${t}/copy_to_app`,
        family: "POST /templates/{id}/copy_to_app",
        query: { app_id: appId },
        body: { target_app_id: input.targetAppId },
        key: ctx.orgKey("templates.copy"),
        scope: appId,
      };
      const res = await ctx.transport.request(spec);
      const w = parseResponse(templateCopyResponseSchema, res, spec);
      if (typeof w.id === "string" && w.id !== "") {
        const parsed = templateSchema.safeParse(res.data);
        return parsed.success ? { id: parsed.data.id, template: parsed.data } : { id: w.id };
      }
      return typeof w.template_id === "string" && w.template_id !== "" ? { id: w.template_id } : {};
    },
  };
}
