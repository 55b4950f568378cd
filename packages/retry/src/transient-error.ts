/**
 * Marks a failure as transient on purpose: classifiers treat it as retryable whatever its cause.
 * The original error is kept as `cause`.
 */
export class TransientError extends Error {
  override readonly name: string = "TransientError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
