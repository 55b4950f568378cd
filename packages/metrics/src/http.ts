import type { IncomingMessage, ServerResponse } from "node:http";

/** A node:http request handler, to mount on the app's own server. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Prometheus text exposition format 0.0.4. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

function methodAllowed(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method === "GET" || request.method === "HEAD") return true;
  response.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
  response.end("method not allowed\n");
  return false;
}

/**
 * Serves `scrape()` as exposition text. A failed scrape answers 503 with the reason as a comment line, so a
 * scraper marks the target down instead of reading an empty, valid-looking page.
 */
export function metricsRequestHandler(scrape: () => Promise<string>): RequestHandler {
  return (request, response) => {
    if (!methodAllowed(request, response)) return;
    scrape().then(
      (text) => {
        response.writeHead(200, { "content-type": EXPOSITION_CONTENT_TYPE });
        response.end(request.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => {
        response.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        response.end(
          `# metrics collection failed: ${error instanceof Error ? error.message : String(error)}\n`,
        );
      },
    );
  };
}

/** A health check: true (or nothing) is healthy; false or a string (the reason) is not; a throw is not. */
export type HealthCheck = () => boolean | string | undefined | Promise<boolean | string | undefined>;

/** `/healthz`- or `/readyz`-style handler: 200 `ok`, or 503 with the reason. */
export function healthRequestHandler(check: HealthCheck = () => true): RequestHandler {
  return (request, response) => {
    if (!methodAllowed(request, response)) return;
    const answer = (healthy: boolean, reason: string): void => {
      response.writeHead(healthy ? 200 : 503, { "content-type": "text/plain; charset=utf-8" });
      response.end(request.method === "HEAD" ? undefined : `${reason}\n`);
    };
    Promise.resolve()
      .then(check)
      .then(
        (result) => {
          if (result === undefined || result === true) answer(true, "ok");
          else answer(false, result === false ? "unhealthy" : result);
        },
        (error: unknown) => answer(false, error instanceof Error ? error.message : String(error)),
      );
  };
}

/**
 * Dispatches on the exact path (query string ignored), e.g.
 * `createServer(routes({ "/metrics": registry.handler, "/healthz": healthRequestHandler() }))`. Unknown paths get 404
 * unless `fallback` is given.
 */
export function routes(
  table: Readonly<Record<string, RequestHandler>>,
  fallback?: RequestHandler,
): RequestHandler {
  const handlers = new Map(Object.entries(table));
  return (request, response) => {
    const url = request.url ?? "/";
    const query = url.indexOf("?");
    const handler = handlers.get(query === -1 ? url : url.slice(0, query));
    if (handler !== undefined) {
      handler(request, response);
      return;
    }
    if (fallback !== undefined) {
      fallback(request, response);
      return;
    }
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    response.end("not found\n");
  };
}
