import { TransientError } from "./transient-error.js";

/** One attempt ran past `attemptTimeoutMs` (or the overall deadline); transient, so the next attempt may go ahead. */
export class AttemptTimeoutError extends TransientError {
  override readonly name = "AttemptTimeoutError";
  readonly attempt: number;
  readonly timeoutMs: number;

  constructor(operation: string, attempt: number, timeoutMs: number) {
    super(`attempt ${attempt} of ${operation} timed out after ${timeoutMs} ms`);
    this.attempt = attempt;
    this.timeoutMs = timeoutMs;
  }
}
