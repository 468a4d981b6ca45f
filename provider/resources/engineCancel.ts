/**
 * Hears the engine's `Cancel` RPC. Pulumi's graceful cancel (the first SIGINT/SIGTERM to the CLI)
 * calls `Cancel` on every provider and then waits for running steps to end; the CLI starts its
 * plugins in their own process groups, so no signal reaches this process until the engine closes
 * it. The Node dynamic-provider host answers `Cancel` with an empty reply and tells provider code
 * nothing (@pulumi/pulumi `cmd/dynamic-provider/index.js`, `ResourceProviderService.cancel`), and
 * its gRPC server is not reachable from here. What is left is the gRPC server class the host
 * loaded: every incoming call is looked up by method path through `Server._retrieveHandler`
 * (@grpc/grpc-js `build/src/server.js`), so wrapping it there sees `Cancel` arrive. It is a private
 * method: when it is missing nothing is wrapped, and the process's signals still cancel.
 */
import { cancelRequests } from "../client/transport";

const CANCEL_PATH = "/pulumirpc.ResourceProvider/Cancel";
const GRPC_SERVER = /[\\/]@grpc[\\/]grpc-js[\\/]build[\\/]src[\\/]server\.js$/;
const WRAPPED = Symbol.for("pulumi-onesignal.cancelHook");

type Retrieve = (this: unknown, path: string) => unknown;

/** Wraps every loaded grpc-js server class once; returns how many were wrapped (tests). */
export function hookEngineCancel(cache: NodeJS.Dict<NodeModule> = require.cache): number {
  let wrapped = 0;
  for (const [file, mod] of Object.entries(cache)) {
    if (!GRPC_SERVER.test(file)) continue;
    const proto = (mod?.exports as { Server?: { prototype?: Record<string | symbol, unknown> } } | undefined)
      ?.Server?.prototype;
    const original = proto?._retrieveHandler as Retrieve | undefined;
    if (!proto || typeof original !== "function" || proto[WRAPPED] === true) continue;
    proto._retrieveHandler = function (this: unknown, path: string): unknown {
      if (path === CANCEL_PATH) cancelRequests("Pulumi cancelled the run (Cancel)");
      return original.call(this, path);
    };
    proto[WRAPPED] = true;
    wrapped++;
  }
  return wrapped;
}
