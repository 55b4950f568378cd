import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A check passes with `true` or `undefined`; `false`, a string (the reason) or an Error fails it. */
export type CheckResult = boolean | string | Error | undefined;
export type Check = () => CheckResult;

interface Named {
  readonly name: string;
  readonly check: Check;
}

function failure(result: CheckResult): string | undefined {
  if (result === true || result === undefined) return undefined;
  if (result === false) return "failed";
  return result instanceof Error ? result.message : result;
}

/**
 * `/healthz` (liveness) and `/readyz` (readiness) in the kube-apiserver format: `200 ok`, or `503` listing the
 * failing checks; `?verbose` lists every check. Not ready while shutting down. A check that throws fails.
 */
export class HealthChecks {
  readonly #liveness: Named[] = [];
  readonly #readiness: Named[] = [];
  #shuttingDown = false;

  addLivenessCheck(name: string, check: Check): this {
    this.#liveness.push({ name, check });
    return this;
  }

  addReadinessCheck(name: string, check: Check): this {
    this.#readiness.push({ name, check });
    return this;
  }

  /** From now on `/readyz` answers 503 "shutting down". */
  setShuttingDown(): void {
    this.#shuttingDown = true;
  }

  shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Evaluates a probe: `ok` and one line per check (`[+]name ok` / `[-]name failed: reason`). */
  evaluate(probe: "healthz" | "readyz"): { ok: boolean; lines: string[] } {
    const checks = [...(probe === "healthz" ? this.#liveness : this.#readiness)];
    if (probe === "readyz")
      checks.unshift({ name: "shutdown", check: () => (this.#shuttingDown ? "shutting down" : true) });
    const lines: string[] = [];
    let ok = true;
    for (const { name, check } of checks) {
      let reason: string | undefined;
      try {
        reason = failure(check());
      } catch (err) {
        reason = err instanceof Error ? err.message : String(err);
      }
      if (reason === undefined) lines.push(`[+]${name} ok`);
      else {
        ok = false;
        lines.push(`[-]${name} failed: ${reason}`);
      }
    }
    return { ok, lines };
  }

  /** Answers `/healthz`, `/livez` and `/readyz`; returns false (untouched) for other paths. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? "/", "http://probe");
    const probe =
      url.pathname === "/readyz"
        ? "readyz"
        : url.pathname === "/healthz" || url.pathname === "/livez"
          ? "healthz"
          : undefined;
    if (probe === undefined) return false;
    const { ok, lines } = this.evaluate(probe);
    const verbose = url.searchParams.has("verbose");
    const failed = lines.filter((l) => l.startsWith("[-]"));
    const body = ok
      ? verbose
        ? `${lines.join("\n")}\n${probe} check passed\n`
        : "ok"
      : `${(verbose ? lines : failed).join("\n")}\n${probe} check failed\n`;
    res.writeHead(ok ? 200 : 503, {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  }
}

export interface HealthServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Serves the probes on a small HTTP server (port 0: a free one). `fallback` answers other paths (e.g. `/metrics`);
 * without it they get 404.
 */
export async function startHealthServer(
  checks: HealthChecks,
  options: {
    port?: number;
    host?: string;
    fallback?: (req: IncomingMessage, res: ServerResponse) => void;
  } = {},
): Promise<HealthServer> {
  const server = createServer((req, res) => {
    if (checks.handle(req, res)) return;
    if (options.fallback !== undefined) options.fallback(req, res);
    else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
