/** Options of a shared retry budget; the defaults are the AWS SDK's standard retry quota. */
export interface RetryBudgetOptions {
  /** Tokens when full. Default 500. */
  readonly capacity?: number;
  /** Tokens one retry takes. Default 5. */
  readonly retryCost?: number;
  /** Tokens a retry after a timeout takes. Default 10. */
  readonly timeoutCost?: number;
  /** Tokens returned by a call that succeeded without retrying. Default 1. */
  readonly successRefill?: number;
}

function checkTokens(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) {
    throw new TypeError(
      `RetryBudget: option "${name}" must be a finite number >= ${min}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * A token bucket shared by many calls: every retry spends tokens, every success gives some back, so when a
 * dependency fails for everyone the callers stop hammering it together (retries stop; first attempts go on).
 */
export class RetryBudget {
  readonly capacity: number;
  readonly retryCost: number;
  readonly timeoutCost: number;
  readonly successRefill: number;
  #available: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = checkTokens("capacity", options.capacity ?? 500, 1);
    this.retryCost = checkTokens("retryCost", options.retryCost ?? 5, 0);
    this.timeoutCost = checkTokens("timeoutCost", options.timeoutCost ?? 10, 0);
    this.successRefill = checkTokens("successRefill", options.successRefill ?? 1, 0);
    this.#available = this.capacity;
  }

  /** Tokens left. */
  get available(): number {
    return this.#available;
  }

  /** Takes the cost of one retry; returns what was taken, or `undefined` (and takes nothing) when short. */
  tryAcquire(afterTimeout: boolean): number | undefined {
    const cost = afterTimeout ? this.timeoutCost : this.retryCost;
    if (this.#available < cost) return undefined;
    this.#available -= cost;
    return cost;
  }

  /** Gives tokens back, never above capacity. */
  release(tokens: number): void {
    this.#available = Math.min(this.capacity, this.#available + tokens);
  }
}
