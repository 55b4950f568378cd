/**
 * The outcome of classifying one failure: whether it is worth retrying, which classifier decided, and why
 * (a short sentence for logs).
 */
export interface Verdict {
  readonly transient: boolean;
  /** Name of the classifier that decided, e.g. `"kubernetes"` or `"s3"`. */
  readonly classifier: string;
  /** Why, in words, e.g. `"Kubernetes 429 TooManyRequests"`. */
  readonly reason: string;
  /** A server's hint (`Retry-After`, `details.retryAfterSeconds`) of how long to wait, in milliseconds. */
  readonly retryAfterMs?: number;
}

/**
 * Looks at one error and returns a verdict, or `undefined` when it has no opinion (the next classifier is asked).
 * Classifiers never throw.
 */
export type Classifier = (err: unknown) => Verdict | undefined;

export function transient(classifier: string, reason: string, retryAfterMs?: number): Verdict {
  return retryAfterMs === undefined
    ? { transient: true, classifier, reason }
    : { transient: true, classifier, reason, retryAfterMs };
}

export function permanent(classifier: string, reason: string): Verdict {
  return { transient: false, classifier, reason };
}
