import { randomBytes } from "node:crypto";
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { ossErrorXml, xmlEscape } from "./oss-server.js";

/** What a matched request gets instead of (or on the way to) the upstream answer. */
export type FaultAction =
  /** An error response in the provider's format: status plus code (`500 InternalError`, `503 SlowDown`). */
  | { readonly kind: "error"; readonly status: number; readonly code: string; readonly message?: string }
  /** The connection is reset (TCP RST) before any response. */
  | { readonly kind: "reset" }
  /** Nothing is answered for `ms` (then the request passes through), or ever when `ms` is absent. */
  | { readonly kind: "stall"; readonly ms?: number }
  /** The upstream response passes through, cut off after `bytes` bytes of body. */
  | { readonly kind: "truncate"; readonly bytes: number };

export interface RequestMatch {
  /** `GET`, `PUT`, ... */
  readonly method?: string;
  /** Tested against the request URL (path and query). */
  readonly url?: RegExp;
}

export interface Fault {
  readonly match?: RequestMatch;
  /** How many matching requests get it. Default 1. */
  readonly times?: number;
  readonly action: FaultAction;
}

/** One request the proxy saw. */
export interface ProxyRecord {
  readonly method: string;
  readonly url: string;
  /** The fault applied, if any. */
  readonly fault?: FaultAction["kind"];
}

export interface FaultProxyOptions {
  /** Where requests go: `http://127.0.0.1:4590`. */
  readonly upstream: string;
  /** Shape of injected error bodies and request-id headers. */
  readonly flavour: "s3" | "oss";
}

function matches(m: RequestMatch | undefined, method: string, url: string): boolean {
  if (m === undefined) return true;
  if (m.method !== undefined && m.method.toUpperCase() !== method) return false;
  if (m.url !== undefined && !m.url.test(url)) return false;
  return true;
}

/**
 * An HTTP proxy on 127.0.0.1 (random port) in front of an S3 or OSS server. It forwards the `Host` header
 * untouched, so signatures stay valid, and applies queued faults to the requests they match, in order: an
 * error in the provider's XML, a connection reset, a stall, or a truncated body. Then requests pass through.
 */
export class FaultProxy {
  readonly #server: Server;
  readonly #upstream: URL;
  readonly #flavour: "s3" | "oss";
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 64 });
  readonly #faults: Array<{ match?: RequestMatch | undefined; left: number; action: FaultAction }> = [];
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Every request, in order. */
  readonly log: ProxyRecord[] = [];
  #port = 0;

  private constructor(options: FaultProxyOptions) {
    this.#upstream = new URL(options.upstream);
    this.#flavour = options.flavour;
    this.#server = createServer((req, res) => this.#handle(req, res));
    this.#server.on("connection", (s) => {
      this.#sockets.add(s);
      s.on("close", () => this.#sockets.delete(s));
    });
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const p = new FaultProxy(options);
    await new Promise<void>((resolve, reject) => {
      p.#server.once("error", reject);
      p.#server.listen(0, "127.0.0.1", () => resolve());
    });
    p.#port = (p.#server.address() as AddressInfo).port;
    return p;
  }

  get port(): number {
    return this.#port;
  }

  /** `http://127.0.0.1:<port>`: use it as the client's endpoint. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Queues a fault; faults are tried in the order they were added. */
  inject(fault: Fault): this {
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new TypeError(`fault "times" must be a positive integer, got ${times}`);
    this.#faults.push({ match: fault.match, left: times, action: fault.action });
    return this;
  }

  /** Drops queued faults and the log. */
  reset(): void {
    this.#faults.length = 0;
    this.log.length = 0;
  }

  /** Faults still queued (times left summed). */
  get pending(): number {
    return this.#faults.reduce((n, f) => n + f.left, 0);
  }

  /** Requests seen that match. */
  count(match?: RequestMatch): number {
    return this.log.filter((r) => matches(match, r.method, r.url)).length;
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    for (const s of this.#sockets) s.destroy();
    this.#agent.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #take(method: string, url: string): FaultAction | undefined {
    const i = this.#faults.findIndex((f) => matches(f.match, method, url));
    if (i < 0) return undefined;
    const f = this.#faults[i];
    if (f === undefined) return undefined;
    f.left -= 1;
    if (f.left <= 0) this.#faults.splice(i, 1);
    return f.action;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const action = this.#take(method, url);
    this.log.push({ method, url, ...(action === undefined ? {} : { fault: action.kind }) });
    if (action === undefined) {
      this.#forward(req, res, undefined);
      return;
    }
    switch (action.kind) {
      case "reset":
        req.socket.resetAndDestroy();
        return;
      case "error":
        req.resume();
        req.on("end", () => this.#sendError(method, res, action));
        return;
      case "stall":
        if (action.ms === undefined) return; // held until the client gives up or the proxy closes
        {
          const t = setTimeout(() => {
            this.#timers.delete(t);
            this.#forward(req, res, undefined);
          }, action.ms);
          this.#timers.add(t);
        }
        return;
      case "truncate":
        this.#forward(req, res, action.bytes);
        return;
    }
  }

  #sendError(
    method: string,
    res: ServerResponse,
    action: { status: number; code: string; message?: string },
  ): void {
    const requestId = `FAULT${randomBytes(8).toString("hex").toUpperCase()}`;
    const message = action.message ?? `injected ${action.code}`;
    const headers: Record<string, string | number> = { "content-type": "application/xml" };
    let xml: string;
    if (this.#flavour === "oss") {
      xml = ossErrorXml(action.code, message, requestId, this.#upstream.host, "0000-00000000");
      headers["x-oss-request-id"] = requestId;
      if (method === "HEAD") headers["x-oss-err"] = Buffer.from(xml).toString("base64");
    } else {
      xml =
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(action.code)}</Code>` +
        `<Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId></Error>`;
      headers["x-amz-request-id"] = requestId;
    }
    if (method === "HEAD") {
      res.writeHead(action.status, headers).end();
      return;
    }
    headers["content-length"] = Buffer.byteLength(xml);
    res.writeHead(action.status, headers).end(xml);
  }

  #forward(req: IncomingMessage, res: ServerResponse, truncateAt: number | undefined): void {
    const up = httpRequest(
      {
        host: this.#upstream.hostname,
        port: this.#upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: this.#agent,
      },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        if (truncateAt === undefined) {
          ur.pipe(res);
          return;
        }
        let sent = 0;
        let cut = false;
        ur.on("data", (chunk: Buffer) => {
          if (cut) return;
          if (sent + chunk.length >= truncateAt) {
            cut = true;
            res.write(chunk.subarray(0, Math.max(0, truncateAt - sent)), () => res.socket?.destroy());
            sent = truncateAt;
            ur.destroy();
            return;
          }
          sent += chunk.length;
          res.write(chunk);
        });
        ur.on("end", () => {
          if (!cut) res.end();
        });
      },
    );
    up.on("error", () => res.socket?.destroy());
    req.on("error", () => up.destroy());
    req.pipe(up);
  }
}
