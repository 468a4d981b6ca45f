/**
 * Answers without an error message (`{}` as text/plain from the edge with a 403,
 * OneSignal/onesignal-node-api#125; `{"success": false}` from delete-segments; `{"status":404,
 * "error":"Not Found"}`; empty and HTML bodies; 503 bodies that are empty or not JSON): every
 * OneSignalApiError still names the status, the operation and the object.
 */
import type * as http from "node:http";
import { OneSignalClient } from "../../provider/client";
import { json } from "./helpers/scriptedServer";
import { failure, useScriptedServer } from "./helpers/scriptedSuite";

const srv = useScriptedServer();

const APP = "5a6f3e0e-7a6e-4f3c-9d2b-0a3c1b2d4e5f";
const SEG = "0d2b4e5f-7a6e-4f3c-9d2b-5a6f3e0e0a3c";
const KEY = "app-key-abcdef0123456789";
const ORG_KEY = "org-key-abcdef0123456789";
const auth = { appId: APP, apiKey: KEY };
const client = () =>
  new OneSignalClient({
    apiUrl: srv.url,
    organizationApiKey: ORG_KEY,
    retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5, maxElapsedMs: 5_000 },
  });

const raw =
  (status: number, body: string, headers: Record<string, string> = {}) =>
  (_q: unknown, res: http.ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };

describe("errors whose body has no message", () => {
  it("{} as text/plain with a 403 (the edge): status, operation and the app's name", async () => {
    srv.script(raw(403, "{}", { "Content-Type": "text/plain" }));
    const e = await failure(
      client().apps.create({ name: "Checkout", organizationId: "7b5a5d46-3c53-4b6b-8b0f-f1b1c9d1a001" }),
    );
    expect(e.status).toBe(403);
    expect(e.operation).toBe("create-an-app");
    expect(e.message).toBe(
      'OneSignal POST /apps failed: 403 Forbidden (create-an-app of "Checkout": OneSignal gave no error message, only the body {} (text/plain))',
    );
  });

  it('{"success": false} from delete-segments: the segment id and the operation', async () => {
    srv.script(json(404, { success: false }));
    const e = await failure(client().segments.delete(auth, SEG));
    expect(e.status).toBe(404);
    expect(e.message).toBe(
      `OneSignal DELETE /apps/${APP}/segments/${SEG} failed: 404 Not Found (delete-segments: OneSignal gave no error message, only the body {"success":false} (application/json))`,
    );
  });

  it('{"status":404,"error":"Not Found"}: the template and the app it was looked up in', async () => {
    srv.script(json(404, { status: 404, error: "Not Found" }));
    const e = await failure(client().templates.get(auth, "tpl-1"));
    expect(e.message).toMatch(/^OneSignal GET \/templates\/tpl-1\?app_id=[^ ]+ failed: 404 Not Found \(/);
    expect(e.message).toContain(`view-template of app ${APP}`);
    expect(e.message).toContain('{"status":404,"error":"Not Found"}');
  });

  it("an empty body says so", async () => {
    srv.script(raw(400, ""));
    const e = await failure(client().segments.get(auth, SEG));
    expect(e.message).toMatch(
      new RegExp(
        `^OneSignal GET /apps/${APP}/segments/${SEG}(\\?[^ ]*)? failed: 400 Bad Request \\(view-segment: OneSignal gave no error message, only an empty body\\)$`,
      ),
    );
  });

  it("an HTML page is read as text: its title, no tags", async () => {
    srv.script(
      raw(
        403,
        "<html><head><title>Attention Required! | Cloudflare</title><style>h1{color:red}</style></head><body><h1>Sorry, you have been blocked</h1></body></html>",
        { "Content-Type": "text/html" },
      ),
    );
    const e = await failure(
      client().apps.create({ name: "Checkout", organizationId: "7b5a5d46-3c53-4b6b-8b0f-f1b1c9d1a001" }),
    );
    expect(e.message).toBe("OneSignal POST /apps failed: 403 Forbidden: Attention Required! | Cloudflare");
  });

  it("create message names its channel's operation and the app", async () => {
    srv.script(json(400, {}));
    const e = await failure(
      client().notifications.create(auth, {
        contents: { en: "x" },
        smsFrom: "+15558675300",
        includedSegments: ["All"],
      }),
    );
    expect(e.operation).toBe("sms");
    expect(e.message).toContain(`(sms of app ${APP}: OneSignal gave no error message, only the body {}`);
  });

  it("a 503 with an empty or non-JSON body is retried for GET, and the final error is readable", async () => {
    srv.script(
      raw(503, ""),
      raw(503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", {
        "Content-Type": "text/html",
      }),
      json(404, { errors: ["gone"] }),
    );
    const after = await failure(client().apps.get(APP));
    expect(srv.requests).toHaveLength(3);
    expect(after.message).toBe(`OneSignal GET /apps/${APP} failed: 404 Not Found: gone (after 3 attempts)`);

    srv.script(raw(503, ""), raw(503, ""), raw(503, "upstream connect error"));
    const e = await failure(client().apps.get(APP));
    expect(e.attempts).toBe(3);
    expect(e.message).toBe(
      `OneSignal GET /apps/${APP} failed: 503 Service Unavailable: upstream connect error (after 3 attempts)`,
    );
    srv.script(raw(503, ""));
    const once = await failure(
      new OneSignalClient({
        apiUrl: srv.url,
        organizationApiKey: ORG_KEY,
        retry: { maxRetries: 0 },
      }).apps.get(APP),
    );
    expect(once.message).toBe(
      `OneSignal GET /apps/${APP} failed: 503 Service Unavailable (view-an-app: OneSignal gave no error message, only an empty body)`,
    );
  });

  it("no credential appears in the message or the JSON form", async () => {
    srv.script(raw(403, `{"echo":"${KEY}"}`, { "Content-Type": "text/plain" }));
    const e = await failure(client().segments.get(auth, SEG));
    expect(e.message).not.toContain(KEY);
    expect(JSON.stringify(e)).not.toContain(KEY);
  });
});
