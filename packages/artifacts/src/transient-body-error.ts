import { TransientError } from "@weft/retry";

/** A download that broke off mid-body (reset, truncation, timeout): retried from the start of the object. */
export class TransientBodyError extends TransientError {
  override readonly name: string = "TransientBodyError";

  constructor(message: string, cause: unknown) {
    super(message, { cause });
  }
}

/** An archive entry that would be written outside the target directory: never retried. */
export class UnsafeArchiveEntry extends Error {
  override readonly name: string = "UnsafeArchiveEntry";
}
