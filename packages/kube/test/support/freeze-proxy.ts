/**
 * A proxy (plain HTTP to the client, plain or TLS to the server, by its URL) in front of an API server that can make open watch streams go silent: the connection stays
 * open, the server keeps writing, but nothing more reaches the client (a NAT or load balancer that dropped the flow
 * without a reset). Connections are recognised as watches by `watch=true` in their request line.
 */
import { connect, createServer, type Server, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";

export interface FreezeProxy {
  readonly url: string;
  /** Silences every watch connection open now; returns how many. */
  freezeWatches(): number;
  close(): Promise<void>;
}

export async function startFreezeProxy(upstream: string): Promise<FreezeProxy> {
  const target = new URL(upstream);
  const watches = new Set<{ client: Socket; server: Socket }>();
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const up: Socket =
      target.protocol === "https:"
        ? tlsConnect({ host: target.hostname, port: Number(target.port), rejectUnauthorized: false })
        : connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(up);
    const pair = { client, server: up };
    client.on("data", (chunk: Buffer) => {
      if (/^GET [^\r\n]*[?&]watch=true/m.test(chunk.toString("latin1"))) watches.add(pair);
      up.write(chunk);
    });
    up.pipe(client);
    const end = (): void => {
      watches.delete(pair);
      client.destroy();
      up.destroy();
      sockets.delete(client);
      sockets.delete(up);
    };
    client.on("close", end);
    up.on("close", end);
    client.on("error", end);
    up.on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    freezeWatches: () => {
      let n = 0;
      for (const pair of watches) {
        pair.server.unpipe(pair.client);
        pair.server.pause();
        watches.delete(pair);
        n++;
      }
      return n;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
