import { errorChain } from "../error-chain.js";
import { TransientError } from "../transient-error.js";
import { type Classifier, transient } from "../verdict.js";

/** An error that is, or wraps, a `TransientError`: the code that threw it marked it retryable on purpose. */
export const explicit: Classifier = (err) =>
  errorChain(err).some((e) => e instanceof TransientError)
    ? transient("explicit", "marked transient with TransientError")
    : undefined;
