import { asRecord, firstInChain, numberProp, stringProp } from "../error-chain.js";
import { retryAfterFromHeaders } from "../retry-after.js";
import { type Classifier, permanent, transient } from "../verdict.js";

/** Argo's `s3TransientErrorCodes` (minio's retry list), plus the throttling names the AWS SDK uses. */
export const S3_TRANSIENT_CODES: ReadonlySet<string> = new Set([
  "RequestError",
  "RequestTimeout",
  "RequestTimeoutException",
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "InternalError",
  "SlowDown",
  "ServiceUnavailable",
  "TimeoutError",
]);

/** Codes that no retry can fix. */
export const S3_PERMANENT_CODES: ReadonlySet<string> = new Set([
  "NoSuchKey",
  "NoSuchBucket",
  "NotFound",
  "AccessDenied",
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
  "InvalidBucketName",
  "NoSuchUpload",
  "EntityTooLarge",
  "InvalidArgument",
  "InvalidRequest",
]);

/** Whether `e` is an error thrown by an AWS SDK v3 client (a `ServiceException` carries `$metadata`/`$fault`). */
function isAwsError(e: unknown): boolean {
  const rec = asRecord(e);
  return rec !== undefined && (asRecord(rec.$metadata) !== undefined || typeof rec.$fault === "string");
}

/**
 * S3 errors as `@aws-sdk/client-s3` throws them: the S3 error code is `err.name` (e.g. `SlowDown`), the status is
 * `err.$metadata.httpStatusCode`. A listed code or any 5xx (except 501) is transient, as Argo's S3 driver decides;
 * SDK network failures fall through to the `network` classifier.
 */
export const s3: Classifier = (err) =>
  firstInChain(err, (e) => {
    if (!isAwsError(e)) return undefined;
    const rec = asRecord(e);
    const code = stringProp(e, "Code") ?? stringProp(e, "name") ?? "";
    const status = numberProp(asRecord(rec?.$metadata), "httpStatusCode");
    const headers = asRecord(rec?.$response)?.headers;
    if (S3_PERMANENT_CODES.has(code)) return permanent("s3", `S3 ${code}`);
    if (S3_TRANSIENT_CODES.has(code)) return transient("s3", `S3 ${code}`, retryAfterFromHeaders(headers));
    if (asRecord(rec?.$retryable) !== undefined) return transient("s3", `S3 ${code}: SDK marks it retryable`);
    if (status !== undefined && status >= 500 && status <= 599 && status !== 501) {
      return transient("s3", `S3 ${status} ${code}`.trimEnd(), retryAfterFromHeaders(headers));
    }
    if (status !== undefined) return permanent("s3", `S3 ${status} ${code}`.trimEnd());
    return undefined;
  });
