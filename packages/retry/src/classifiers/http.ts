import { asRecord, firstInChain, numberProp } from "../error-chain.js";
import { retryAfterFromHeaders } from "../retry-after.js";
import { type Classifier, permanent, transient, type Verdict } from "../verdict.js";

/** The HTTP status an error reports, whichever client threw it. */
export function httpStatusOf(e: unknown): number | undefined {
  const rec = asRecord(e);
  if (!rec) return undefined;
  const status =
    numberProp(rec, "statusCode") ??
    numberProp(asRecord(rec.$metadata), "httpStatusCode") ??
    numberProp(asRecord(rec.response), "status") ??
    numberProp(asRecord(rec.response), "statusCode") ??
    numberProp(rec, "status") ??
    numberProp(rec, "code");
  return status !== undefined && status >= 100 && status <= 599 ? status : undefined;
}

function headersOf(e: unknown): unknown {
  const rec = asRecord(e);
  return rec?.headers ?? asRecord(rec?.response)?.headers ?? asRecord(rec?.$response)?.headers;
}

/** HTTP status classes: 408, 429 and 5xx except 501 are transient; every other status is permanent. */
export function classifyHttpStatus(status: number, headers?: unknown): Verdict {
  if (status === 429 || status === 503) {
    return transient("http", `HTTP ${status}`, retryAfterFromHeaders(headers));
  }
  if (status === 408 || (status >= 500 && status !== 501)) return transient("http", `HTTP ${status}`);
  return permanent("http", `HTTP ${status}`);
}

/** Any error that carries an HTTP status (`status`, `statusCode`, `$metadata.httpStatusCode`, `response.status`). */
export const http: Classifier = (err) =>
  firstInChain(err, (e) => {
    const status = httpStatusOf(e);
    return status === undefined ? undefined : classifyHttpStatus(status, headersOf(e));
  });
