/**
 * Is the Pulumi engine that started this provider process still there? The engine starts a
 * dynamic provider through a shell shim (`pulumi-resource-pulumi-nodejs`) and passes it the
 * address of its own gRPC server as the last argument. When the CLI is killed (SIGKILL, a lost CI
 * runner) nobody stops this process: without a check it would finish the requests in flight and
 * answer into the void. Connecting to that address tells: refused means the engine is gone.
 */
import * as net from "node:net";

export interface EngineAddress {
  host: string;
  port: number;
}

/** The engine's address, when this process is the dynamic provider the engine started. */
export function engineAddress(argv: readonly string[] = process.argv): EngineAddress | undefined {
  if (!argv.some((a) => /[\\/]cmd[\\/]dynamic-provider/.test(a))) return undefined;
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(argv[argv.length - 1] ?? "");
  if (!m) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1], port } : undefined;
}

/** False only when the connection is refused; a slow or odd answer counts as alive. */
export function probe(addr: EngineAddress, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: addr.host, port: addr.port });
    const done = (alive: boolean) => {
      socket.destroy();
      resolve(alive);
    };
    socket.setTimeout(timeoutMs, () => done(true));
    socket.once("connect", () => done(true));
    socket.once("error", (err: NodeJS.ErrnoException) => done(err.code !== "ECONNREFUSED"));
  });
}

let watching = false;

/**
 * Exits this process within about `intervalMs` of the engine going away, so that no write starts
 * after the CLI died; the timer never keeps the process alive on its own.
 */
export function watchEngine(addr: EngineAddress | undefined, intervalMs = 1000): void {
  if (!addr || watching) return;
  watching = true;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void probe(addr).then((alive) => {
      busy = false;
      if (!alive) process.exit(1);
    });
  }, intervalMs);
  timer.unref();
}
