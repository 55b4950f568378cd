import { type ErrorContext, InvalidLocation } from "./errors.js";

/**
 * Parses an endpoint as Argo accepts it: a URL, or a bare `host[:port]` (then `insecure` picks http).
 * Throws `InvalidLocation` naming `endpoint` for anything else.
 */
export function parseEndpoint(endpoint: string, insecure: boolean, ctx: ErrorContext): URL {
  if (typeof endpoint !== "string" || endpoint.trim() === "") {
    throw new InvalidLocation("endpoint", "must be a non-empty URL or host[:port]", ctx);
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endpoint)
    ? endpoint
    : `${insecure ? "http" : "https"}://${endpoint}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidLocation("endpoint", `is not a valid URL: ${JSON.stringify(endpoint)}`, ctx);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidLocation("endpoint", `must use http or https, got ${url.protocol}`, ctx);
  }
  if (url.hostname === "") throw new InvalidLocation("endpoint", "has no host", ctx);
  if (url.username !== "" || url.password !== "") {
    throw new InvalidLocation("endpoint", "must not carry credentials", ctx);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new InvalidLocation("endpoint", "must not have a query or fragment", ctx);
  }
  return url;
}
