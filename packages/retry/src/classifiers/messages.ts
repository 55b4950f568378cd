import { errorText, firstInChain } from "../error-chain.js";
import { type Classifier, transient } from "../verdict.js";

/**
 * The message fragments Argo treats as transient (`util/errors/errors.go`), matched case-sensitively as Argo does.
 * Only positive: a message that matches none of them leaves the decision to the other classifiers.
 */
export const TRANSIENT_MESSAGES: readonly string[] = [
  "unexpected error when reading response body",
  "stream error when reading response body",
  "Connection closed by foreign host",
  "net/http: TLS handshake timeout",
  "TLS handshake timeout",
  "i/o timeout",
  "connection timed out",
  "connection reset by peer",
  "http2: client connection lost",
  "http2: server sent GOAWAY and closed the connection",
  "request did not complete within requested timeout",
  "connect: connection refused",
  "connection refused",
  "invalid connection",
  "socket hang up",
  "other side closed",
  "etcdserver: leader changed",
  "etcdserver: request timed out",
  "etcdserver: too many requests",
  "client rate limiter Wait returned an error",
];

/** Argo's SQL hydration fragment: the row an update started from vanished under it (issue argo#12740). */
export const NO_MORE_ROWS = "no more rows in";

export function messageMatch(fragments: readonly string[], name: string, what: string): Classifier {
  return (err) =>
    firstInChain(err, (e) => {
      const text = errorText(e);
      const hit = fragments.find((f) => text.includes(f));
      return hit === undefined ? undefined : transient(name, `${what} "${hit}"`);
    });
}

/** Argo's transient network and etcd message fragments, anywhere in the cause chain. */
export const messages: Classifier = messageMatch(TRANSIENT_MESSAGES, "message", "message contains");

/** "no more rows in": a row the caller had seen is being re-read (offload hydration); transient as in Argo. */
export const sqlHydration: Classifier = messageMatch([NO_MORE_ROWS], "sqlHydration", "SQL hydration:");
