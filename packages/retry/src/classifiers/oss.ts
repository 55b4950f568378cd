import { asRecord, firstInChain, numberProp, stringProp } from "../error-chain.js";
import { type Classifier, permanent, transient } from "../verdict.js";

/** Argo's `ossTransientErrorCodes`, InternalError included (argo#13262: its absence failed workflows). */
export const OSS_TRANSIENT_CODES: ReadonlySet<string> = new Set([
  "RequestTimeout",
  "QuotaExceeded.Refresh",
  "Default",
  "ServiceUnavailable",
  "Throttling",
  "RequestTimeTooSkewed",
  "SocketException",
  "SocketTimeout",
  "ServiceBusy",
  "DomainNetWorkVisitedException",
  "ConnectionTimeout",
  "CachedTimeTooLarge",
  "InternalError",
]);

export const OSS_PERMANENT_CODES: ReadonlySet<string> = new Set([
  "NoSuchKey",
  "NoSuchBucket",
  "AccessDenied",
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
  "InvalidBucketName",
  "NoSuchUpload",
  "InvalidArgument",
  "EntityTooLarge",
  "PreconditionFailed",
]);

/**
 * Whether `e` was thrown by `ali-oss`: its service errors carry `requestId`/`hostId`/`ecCode` and a numeric
 * `status` and are named `<Code>Error` (a 500 InternalError is `InternalErrorError`); its network errors are
 * `RequestError`/`ResponseError` with status -1 or -2, and `ResponseTimeoutError` has no status.
 */
function isOssError(e: unknown): boolean {
  const rec = asRecord(e);
  if (!rec) return false;
  const name = stringProp(e, "name") ?? "";
  if (name === "ResponseTimeoutError" || name === "ConnectionTimeoutError") return true;
  const status = numberProp(rec, "status");
  if (status === -1 || status === -2) return name === "RequestError" || name === "ResponseError";
  return (
    status !== undefined &&
    name.endsWith("Error") &&
    ("requestId" in rec || "hostId" in rec || "ecCode" in rec || "params" in rec)
  );
}

/** Aliyun OSS errors as `ali-oss` 6.x throws them, with Argo's OSS transient code list. */
export const oss: Classifier = (err) =>
  firstInChain(err, (e) => {
    if (!isOssError(e)) return undefined;
    const name = stringProp(e, "name") ?? "";
    const status = numberProp(e, "status");
    const code = stringProp(e, "code") ?? (name.endsWith("Error") ? name.slice(0, -"Error".length) : name);
    if (name === "ResponseTimeoutError" || name === "ConnectionTimeoutError") {
      return transient("oss", `OSS ${name}`);
    }
    if (status === -1 || status === -2)
      return transient("oss", `OSS ${name} (network failure, status ${status})`);
    if (OSS_PERMANENT_CODES.has(code)) return permanent("oss", `OSS ${status} ${code}`);
    if (OSS_TRANSIENT_CODES.has(code)) return transient("oss", `OSS ${status} ${code}`);
    if (status !== undefined && status >= 500 && status !== 501)
      return transient("oss", `OSS ${status} ${code}`);
    return permanent("oss", `OSS ${status} ${code}`);
  });
