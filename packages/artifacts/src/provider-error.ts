import {
  AccessDenied,
  type ArtifactError,
  ArtifactNotFound,
  type ErrorContext,
  StorageError,
} from "./errors.js";

/** What a provider's SDK error says, read by that provider's driver. */
export interface ProviderErrorFields {
  readonly code?: string;
  readonly status?: number;
  readonly requestId?: string;
}

/** Which of a provider's codes mean "not there" and "wrong credentials". */
export interface ProviderCodes {
  readonly notFound: ReadonlySet<string>;
  readonly badCredentials: ReadonlySet<string>;
}

/**
 * The typed error for a failed storage call, the same rules for every provider: not found (a listed code, or a
 * permanent 404), wrong credentials, access denied (the code or a 403), otherwise a `StorageError` that says
 * whether it was transient (and so retried until the attempts ran out).
 */
export function typedStorageError(
  err: unknown,
  fields: ProviderErrorFields,
  ctx: ErrorContext,
  transient: boolean,
  codes: ProviderCodes,
): ArtifactError {
  const full: ErrorContext = { ...ctx, ...fields };
  const code = fields.code ?? "";
  if (codes.notFound.has(code) || (fields.status === 404 && !transient)) {
    return new ArtifactNotFound(code === "NoSuchBucket" ? "bucket not found" : "artifact not found", full, {
      cause: err,
    });
  }
  if (codes.badCredentials.has(code)) {
    return new AccessDenied("wrong credentials (check the access key and secret)", full, { cause: err });
  }
  if (code === "AccessDenied" || fields.status === 403) {
    return new AccessDenied("access denied", full, { cause: err });
  }
  return new StorageError(transient ? "storage failed and retries ran out" : "storage failed", full, {
    cause: err,
    transient,
  });
}
