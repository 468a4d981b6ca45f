/**
 * No credential may appear in any error message, String(err), JSON.stringify(err), err.stack,
 * util.inspect(err) or log line, whatever the failure: HTTP errors, timeouts, resets, lost
 * responses, refused connections, invalid responses and validation errors.
 */
import * as net from "node:net";
import { inspect } from "node:util";
import { OneSignalClient, redact, registerSecret } from "../../provider/client";
import { json, startScriptedServer, type ScriptedServer } from "./helpers/scriptedServer";
import { rejection, useWorld } from "../helpers/world";

jest.setTimeout(60_000);
const w = useWorld();
let echo: ScriptedServer;
beforeAll(async () => {
  echo = await startScriptedServer();
});
afterAll(async () => {
  await echo.close();
});

function assertClean(err: unknown, secrets: string[], logs: string[]): void {
  expect(err).toBeInstanceOf(Error);
  const e = err as Error;
  const views = [e.message, String(e), JSON.stringify(e), e.stack ?? "", inspect(e, { depth: 10 }), ...logs];
  for (const view of views) for (const s of secrets) expect(view).not.toContain(s);
  // toJSON carries no request config/headers.
  const j = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
  const allowed = [
    "name",
    "message",
    "kind",
    "method",
    "path",
    "messages",
    "attempts",
    "retried",
    "status",
    "retryAfterMs",
    "operation",
    "issues",
  ];
  for (const k of Object.keys(j)) expect(allowed).toContain(k);
}

describe("redaction", () => {
  it("every failure kind is free of credentials", async () => {
    const rotatedFrom = await w.client.apiKeys.create(w.appId, { name: "to rotate" });
    const rotated = await w.client.apiKeys.rotate(w.appId, rotatedFrom.tokenId);
    const wrongKey = "os_v2_app_wrongwrongwrongwrongwrongwrong";
    const secrets = [
      w.emu.organizationApiKey,
      w.auth.apiKey,
      rotatedFrom.formattedToken,
      rotated.formattedToken,
      wrongKey,
    ];
    const errors: unknown[] = [];
    const logs = w.logs;

    // HTTP 403 with a wrong (and a revoked) app key; 404; 409.
    errors.push(await rejection(w.client.segments.list({ appId: w.appId, apiKey: wrongKey })));
    errors.push(
      await rejection(w.client.segments.list({ appId: w.appId, apiKey: rotatedFrom.formattedToken })),
    );
    errors.push(await rejection(w.client.templates.get(w.auth, "00000000-0000-4000-8000-000000000000")));
    await w.client.segments.create(w.auth, {
      name: "dup",
      filters: [{ field: "tag", key: "k", relation: "exists" }],
    });
    errors.push(
      await rejection(
        w.client.segments.create(w.auth, {
          name: "dup",
          filters: [{ field: "tag", key: "k", relation: "exists" }],
        }),
      ),
    );
    // A key used as an id ends up in the path: still redacted.
    errors.push(await rejection(w.client.segments.get(w.auth, w.auth.apiKey)));
    errors.push(await rejection(w.client.apps.get(w.emu.organizationApiKey)));

    // Timeout (hang), reset, lost response, 503, 429 give-up.
    const quick = w.clientWith({
      timeoutMs: 200,
      retry: { maxRetries: 1, baseDelayMs: 5, maxElapsedMs: 1500 },
      logger: (l) => logs.push(l),
    });
    w.emu.faults.add({ route: "segment", count: 4, kind: "hang" });
    errors.push(await rejection(quick.segments.list(w.auth)));
    w.emu.faults.clear();
    w.emu.faults.add({ route: "app", count: 2, kind: "reset" });
    errors.push(await rejection(quick.apps.list()));
    w.emu.faults.clear();
    w.emu.faults.add({ method: "POST", route: "apiKey", count: 1, kind: "drop-response" });
    errors.push(await rejection(quick.apiKeys.create(w.appId, { name: "lost" })));
    w.emu.faults.add({ route: "template", count: 2, kind: "status", status: 503 });
    errors.push(await rejection(quick.templates.listAll(w.auth)));
    w.emu.faults.add({ route: "segment", count: 1, kind: "status", status: 429, retryAfter: 60 });
    errors.push(await rejection(quick.segments.list(w.auth)));
    w.emu.faults.clear();

    // Connection refused.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const dead = new OneSignalClient({
      apiUrl: `http://127.0.0.1:${port}`,
      organizationApiKey: w.emu.organizationApiKey,
      retry: { maxRetries: 1, baseDelayMs: 5 },
      logger: (l) => logs.push(l),
    });
    errors.push(await rejection(dead.apps.list()));

    // A server that echoes the Authorization header and the body back in its error, and an invalid 2xx.
    const echoing = new OneSignalClient({
      apiUrl: echo.url,
      organizationApiKey: w.emu.organizationApiKey,
      retry: { maxRetries: 0 },
      logger: (l) => logs.push(l),
    });
    echo.script((req, res) =>
      json(400, { errors: [`bad header ${req.headers.authorization}`, `body ${req.body}`] })(req, res),
    );
    errors.push(
      await rejection(
        echoing.apps.update(w.appId, {
          name: "n",
          apnsP12: "p12-secret-blob",
          apnsP12Password: "p12-password-secret",
        }),
      ),
    );
    echo.script(json(200, { token_id: 1, formatted_token: 5 }));
    errors.push(await rejection(echoing.apiKeys.rotate(w.appId, "t")));
    echo.script(json(200, { nope: true }));
    errors.push(
      await rejection(echoing.templates.get({ appId: w.appId, apiKey: rotated.formattedToken }, "x")),
    );

    // Validation errors, with a key as an unknown member name and as an invalid value.
    errors.push(
      await rejection(
        w.client.segments.create(w.auth, {
          name: "v",
          filters: [{ field: "tag", key: "k", relation: "exists", [w.auth.apiKey]: 1 } as never],
        }),
      ),
    );
    errors.push(
      await rejection(
        w.client.apiKeys.create(w.appId, {
          name: "v",
          ipAllowlistMode: "explicit",
          ipAllowlist: [w.emu.organizationApiKey],
        }),
      ),
    );
    errors.push(
      await rejection(
        w.client.notifications.create(w.auth, {
          contents: { en: "x" },
          includePhoneNumbers: [rotated.formattedToken],
        }),
      ),
    );

    expect(errors).toHaveLength(18);
    for (const e of errors) assertClean(e, [...secrets, "p12-secret-blob", "p12-password-secret"], logs);
    expect(logs.length).toBeGreaterThan(10);
    // The echoed header is visibly redacted rather than dropped.
    expect(String(errors[12])).toContain("Key [REDACTED]");
  });

  it("redact() handles registered secrets, their URL-encoded form and credential shapes", () => {
    registerSecret("s3cr3t/with+chars");
    expect(redact("a s3cr3t/with+chars b s3cr3t%2Fwith%2Bchars")).toBe("a [REDACTED] b [REDACTED]");
    expect(redact("Authorization: Basic abcdef1234567890")).toBe("Authorization: Basic [REDACTED]");
    expect(redact("token os_v2_org_abcdefghijklmnop1234")).toBe("token [REDACTED]");
    expect(redact("API Key rotation failed")).toBe("API Key rotation failed");
    registerSecret("ab");
    expect(redact("ab cab")).toBe("ab cab");
  });
});
