import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { PodLogRequest, PodLogSource } from "./log-source.js";
import { PodLogError } from "./log-source.js";

/**
 * The kubelet's HTTP endpoint for container logs, the one kube-apiserver proxies `pods/log` to:
 * `GET /containerLogs/{namespace}/{pod}/{container}?follow&previous&timestamps&tailLines&limitBytes&sinceSeconds&sinceTime`.
 * Errors answer with the status code of the `PodLogError` and its message as plain text. `GET /healthz` answers `ok`.
 * Binds to loopback and has no authentication: it is for a single machine.
 */
export class LogServer {
  readonly #source: PodLogSource;
  readonly #server: Server;

  constructor(source: PodLogSource) {
    this.#source = source;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) reply(res, 500, String(err));
        else res.end();
      });
    });
  }

  /** Listens on `host:port` (port 0: a free port) and resolves with the port. */
  listen(port = 0, host = "127.0.0.1"): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(port, host, () => {
        this.#server.off("error", reject);
        resolve((this.#server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://kubelet");
    if (req.method !== "GET") return reply(res, 405, "method not allowed");
    if (url.pathname === "/healthz") return reply(res, 200, "ok");
    const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (match === null) return reply(res, 404, "404 page not found");
    let request: PodLogRequest;
    try {
      request = parseLogQuery(
        decodeURIComponent(match[1] ?? ""),
        decodeURIComponent(match[2] ?? ""),
        decodeURIComponent(match[3] ?? ""),
        url.searchParams,
      );
    } catch (err) {
      return reply(res, 400, err instanceof Error ? err.message : String(err));
    }
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    let stream: AsyncIterable<Uint8Array>;
    try {
      stream = await this.#source.openLog(request, abort.signal);
    } catch (err) {
      if (err instanceof PodLogError) return reply(res, err.code, err.message);
      throw err;
    }
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache" });
    res.flushHeaders();
    for await (const chunk of stream) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  }
}

function reply(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { "Content-Type": "text/plain; charset=utf-8" });
  res.end(text);
}

/** Reads the `pods/log` query parameters, rejecting malformed ones with the parameter's name. */
export function parseLogQuery(
  namespace: string,
  name: string,
  container: string,
  query: URLSearchParams,
): PodLogRequest {
  const bool = (key: string): boolean | undefined => {
    const v = query.get(key);
    if (v === null) return undefined;
    if (v === "" || v === "true" || v === "1") return true;
    if (v === "false" || v === "0") return false;
    throw new Error(`${key}: "${v}" is not a boolean`);
  };
  const int = (key: string, min: number): number | undefined => {
    const v = query.get(key);
    if (v === null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`${key}: "${v}" must be an integer >= ${min}`);
    return n;
  };
  const sinceTime = query.get("sinceTime") ?? undefined;
  if (sinceTime !== undefined && Number.isNaN(Date.parse(sinceTime))) {
    throw new Error(`sinceTime: "${sinceTime}" is not an RFC 3339 time`);
  }
  const follow = bool("follow");
  const previous = bool("previous");
  const timestamps = bool("timestamps");
  const tailLines = int("tailLines", 0);
  const limitBytes = int("limitBytes", 1);
  const sinceSeconds = int("sinceSeconds", 1);
  return {
    namespace,
    name,
    container,
    ...(follow === undefined ? {} : { follow }),
    ...(previous === undefined ? {} : { previous }),
    ...(timestamps === undefined ? {} : { timestamps }),
    ...(tailLines === undefined ? {} : { tailLines }),
    ...(limitBytes === undefined ? {} : { limitBytes }),
    ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
    ...(sinceTime === undefined ? {} : { sinceTime }),
  };
}
