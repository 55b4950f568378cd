import { createServer, request as httpRequest, type Server } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";

export interface FaultProxyStats {
  requests: number;
  failed: number;
  byKind: Record<string, number>;
}

/** mulberry32: a small seeded generator, so a failing soak run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ["reset-before", "503", "504", "reset-after"] as const;

/**
 * An HTTP proxy in front of the API server that fails a share of requests transiently, at random: the connection
 * is reset before the request reaches the server, the answer is a 503 or a 504 Status, or — the nasty one — the
 * server processes the request and the client's connection is reset before it sees the answer. Watches pass.
 */
export async function startFaultProxy(
  target: string,
  rate: number,
  random: () => number,
): Promise<{ url: string; stats: FaultProxyStats; close(): Promise<void> }> {
  const upstream = new URL(target);
  const stats: FaultProxyStats = { requests: 0, failed: 0, byKind: {} };
  const server: Server = createServer((req, res) => {
    const watch = /[?&]watch=(true|1)/.test(req.url ?? "");
    stats.requests++;
    const fail = !watch && random() < rate;
    const kind = fail ? KINDS[Math.floor(random() * KINDS.length)] : undefined;
    if (kind !== undefined) {
      stats.failed++;
      stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
    }
    if (kind === "reset-before") {
      req.socket.destroy();
      return;
    }
    if (kind === "503" || kind === "504") {
      const code = Number(kind);
      const reason = code === 503 ? "ServiceUnavailable" : "Timeout";
      req.resume();
      res.writeHead(code, { "Content-Type": "application/json" });
      res.end(
        JSON.stringify({
          kind: "Status",
          apiVersion: "v1",
          status: "Failure",
          code,
          reason,
          message: "injected",
        }),
      );
      return;
    }
    const request = upstream.protocol === "https:" ? httpsRequest : httpRequest;
    const out = request(
      {
        rejectUnauthorized: false,
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        if (kind === "reset-after") {
          up.resume();
          up.on("end", () => req.socket.destroy());
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on("error", () => req.socket.destroy());
    req.pipe(out);
    res.on("close", () => out.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
