import { firstInChain, stringProp } from "../error-chain.js";
import { type Classifier, transient, type Verdict } from "../verdict.js";

/** Node.js and undici error codes of failures that a later attempt can get past. */
export const TRANSIENT_NETWORK_CODES: ReadonlyMap<string, string> = new Map([
  ["ECONNRESET", "connection reset by peer"],
  ["ETIMEDOUT", "connection timed out"],
  ["ECONNREFUSED", "connection refused"],
  ["ECONNABORTED", "connection aborted"],
  ["EPIPE", "broken pipe"],
  ["EAI_AGAIN", "temporary DNS failure"],
  ["EHOSTUNREACH", "host unreachable"],
  ["ENETUNREACH", "network unreachable"],
  ["ENETDOWN", "network down"],
  ["ESOCKETTIMEDOUT", "socket timed out"],
  ["UND_ERR_SOCKET", "socket error"],
  ["UND_ERR_CONNECT_TIMEOUT", "connect timeout"],
  ["UND_ERR_HEADERS_TIMEOUT", "headers timeout"],
  ["UND_ERR_BODY_TIMEOUT", "body timeout"],
  ["ERR_HTTP2_GOAWAY_SESSION", "HTTP/2 GOAWAY"],
  ["ERR_HTTP2_STREAM_ERROR", "HTTP/2 stream error"],
  ["ERR_HTTP2_SESSION_ERROR", "HTTP/2 session error"],
  ["ERR_STREAM_PREMATURE_CLOSE", "stream closed early (unexpected EOF)"],
]);

const VERDICTS: ReadonlyMap<string, Verdict> = new Map(
  [...TRANSIENT_NETWORK_CODES].map(([code, what]) => [code, transient("network", `${code}: ${what}`)]),
);

/** Lookups whose `ENOTFOUND` comes from the resolver (like Go's `*net.DNSError`), not from a caller's typo check. */
const DNS_SYSCALLS = new Set(["getaddrinfo", "queryA", "queryAaaa", "resolve", "resolve4", "resolve6"]);

function classifyOne(e: unknown): Verdict | undefined {
  const code = stringProp(e, "code");
  if (code === undefined) {
    // AbortSignal.timeout() and undici raise a DOMException named TimeoutError: a timed-out attempt.
    return stringProp(e, "name") === "TimeoutError" ? transient("network", "request timed out") : undefined;
  }
  const known = VERDICTS.get(code);
  if (known !== undefined) return known;
  if (code === "ENOTFOUND" && DNS_SYSCALLS.has(stringProp(e, "syscall") ?? "")) {
    // Argo retries every DNS error; a misspelt host simply exhausts the attempts.
    return transient("network", "ENOTFOUND: DNS lookup failed (retried as Argo retries DNS errors)");
  }
  return undefined;
}

/**
 * Node network errors anywhere in the cause chain, keyed on `err.code` (fetch's `TypeError: fetch failed` carries
 * the socket error as its `cause`). Only positive.
 */
export const network: Classifier = (err) => firstInChain(err, classifyOne);
