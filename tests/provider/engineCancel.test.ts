/**
 * The engine's `Cancel` RPC reaches the transport: the hook wraps the grpc-js server's handler
 * look-up, so a `Cancel` call cancels every wait and request, and other calls pass through.
 */
import * as path from "path";
import { hookEngineCancel } from "../../provider/resources/engineCancel";
import { Transport, resetCancellation } from "../../provider/client/transport";
import { pause, resetPacer } from "../../provider/client/pacer";
import { isOneSignalApiError } from "../../provider/client/errors";

afterEach(() => {
  resetCancellation();
  resetPacer();
});

function fakeGrpc() {
  const seen: string[] = [];
  class Server {
    _retrieveHandler(path: string): string {
      seen.push(path);
      return `handler for ${path}`;
    }
  }
  const cache = { "/x/node_modules/@grpc/grpc-js/build/src/server.js": { exports: { Server } } };
  return { Server, seen, cache: cache as unknown as NodeJS.Dict<NodeModule> };
}

test("a Cancel call cancels a request waiting on a pause; every call still reaches its handler", async () => {
  const g = fakeGrpc();
  expect(hookEngineCancel(g.cache)).toBe(1);
  // Wrapped once only, however often clients are built.
  expect(hookEngineCancel(g.cache)).toBe(0);
  const server = new g.Server();
  expect(server._retrieveHandler("/pulumirpc.ResourceProvider/Read")).toBe(
    "handler for /pulumirpc.ResourceProvider/Read",
  );
  pause("app-1", "template-views", 100_000);
  const t = new Transport({ apiUrl: "http://127.0.0.1:9" });
  const waiting = t
    .request({ method: "GET", path: "/templates/t1", key: "k", scope: "app-1", family: "template-views" })
    .catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 20));
  expect(server._retrieveHandler("/pulumirpc.ResourceProvider/Cancel")).toBe(
    "handler for /pulumirpc.ResourceProvider/Cancel",
  );
  const e = await waiting;
  expect(isOneSignalApiError(e) && e.kind).toBe("cancelled");
  expect((e as Error).message).toMatch(/Pulumi cancelled the run/);
  expect(g.seen).toEqual(["/pulumirpc.ResourceProvider/Read", "/pulumirpc.ResourceProvider/Cancel"]);
});

test("modules other than grpc-js's server, or without the method, are left alone", () => {
  const cache = {
    "/x/node_modules/other/server.js": { exports: { Server: class {} } },
    "/x/node_modules/@grpc/grpc-js/build/src/server.js": { exports: { Server: class {} } },
  } as unknown as NodeJS.Dict<NodeModule>;
  expect(hookEngineCancel(cache)).toBe(0);
});

test("the grpc-js that @pulumi/pulumi loads still has the handler look-up the hook wraps", () => {
  // The hook relies on a private grpc-js method; an upgrade that drops or moves it must fail here,
  // not silently leave cancels to the process-signal fallback.
  const file = require.resolve("@grpc/grpc-js/build/src/server.js", {
    paths: [path.dirname(require.resolve("@pulumi/pulumi"))],
  });

  const real = require(file) as { Server: { prototype: Record<string, unknown> } };
  expect(typeof real.Server.prototype._retrieveHandler).toBe("function");
  class Copy {}
  Object.setPrototypeOf(Copy.prototype, real.Server.prototype);
  const cache = { [file]: { exports: { Server: Copy } } } as unknown as NodeJS.Dict<NodeModule>;
  expect(hookEngineCancel(cache)).toBe(1);
});
