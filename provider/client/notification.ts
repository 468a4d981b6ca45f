/** Create message (`create_notification`): app key. */
import {
  notificationCreateInputSchema,
  notificationCreateResponseSchema,
  notificationInputToWire,
  type NotificationCreateInput,
  type NotificationCreateResult,
} from "../schemas/notification";
import { validate } from "./errors";
import { checkAuth, parseResponse, type AppAuth, type ClientContext } from "./context";
import type { RequestSpec } from "./transport";

export interface NotificationsApi {
  /**
   * Create message — OneSignal `create_notification` (`POST /notifications`, app key). HTTP 200
   * does not mean sent: `sent` is false when `id` is empty (the 5.12 spec) and `errors` says why.
   * Retried on 5xx/timeouts only with an `idempotencyKey` (OneSignal deduplicates for 30 days;
   * `replayed` reports a deduplicated repeat). Paced at 150 req/s/app (free plan).
   */
  create(auth: AppAuth, input: NotificationCreateInput): Promise<NotificationCreateResult>;
}

export function notificationsApi(ctx: ClientContext): NotificationsApi {
  return {
    create: async (auth, input) => {
      const v = validate(notificationCreateInputSchema, input, "notification");
      const a = checkAuth(auth, "notifications.create");
      const spec: RequestSpec = {
        method: "POST",
        path: "/notifications",
        family: "notifications",
        body: notificationInputToWire(v, a.appId),
        key: a.apiKey,
        scope: a.appId,
        idempotent: v.idempotencyKey !== undefined || v.externalId !== undefined,
      };
      const res = await ctx.transport.request(spec);
      const out = parseResponse(notificationCreateResponseSchema, res, spec);
      return { ...out, replayed: (res.headers["idempotent-replayed"] ?? "").toLowerCase() === "true" };
    },
  };
}
