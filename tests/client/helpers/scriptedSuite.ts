/**
 * The set-up of a client test file against a scripted server: one server for the file, the
 * process-wide pacer reset before each test (it outlives any one client, so a pause or a pacing
 * slot one test leaves behind would hold back the next), transports pointed at the server, and the
 * OneSignalApiError a call ends in.
 */
import { isOneSignalApiError, type OneSignalApiError } from "../../../provider/client/errors";
import { resetPacer } from "../../../provider/client/pacer";
import { Transport, type TransportOptions } from "../../../provider/client/transport";
import { startScriptedServer, type ScriptedServer } from "./scriptedServer";

/**
 * Registers the hooks that start a scripted server for this file (`beforeAll`), close it
 * (`afterAll`) and reset the pacer (`beforeEach`). The returned server forwards to the one
 * `beforeAll` starts, so it can be used in tests and helpers as a plain `ScriptedServer`.
 */
export function useScriptedServer(): ScriptedServer {
  let server: ScriptedServer | undefined;
  const started = (): ScriptedServer => {
    if (!server) throw new Error("the scripted server is started in beforeAll; use it inside a test");
    return server;
  };
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => resetPacer());
  return {
    get url() {
      return started().url;
    },
    get requests() {
      return started().requests;
    },
    script: (...handlers) => started().script(...handlers),
    close: () => started().close(),
  };
}

/** Makes transports to `srv` with the file's `defaults`, each call's options over them. */
export function transportsTo(
  srv: ScriptedServer,
  defaults: Omit<TransportOptions, "apiUrl">,
): (extra?: Partial<TransportOptions>) => Transport {
  return (extra = {}) => new Transport({ apiUrl: srv.url, ...defaults, ...extra });
}

/** The OneSignalApiError `p` rejects with; any other outcome fails the test. */
export async function failure(p: Promise<unknown>): Promise<OneSignalApiError> {
  try {
    await p;
  } catch (e) {
    if (isOneSignalApiError(e)) return e;
    throw e;
  }
  throw new Error("expected the request to fail");
}
