import { z } from "zod";
import { RETRY_POLICIES } from "../constants/phases.js";
import { intOrString, obj, opaque } from "./building-blocks.js";

/** Retry backoff: durations are Argo duration strings (`"10s"`) or seconds (`"1"`, `1`). */
export const BackoffSchema = obj({
  duration: intOrString.optional(),
  factor: intOrString.optional(),
  maxDuration: intOrString.optional(),
  cap: intOrString.optional(),
});
export type Backoff = z.infer<typeof BackoffSchema>;

export const RetryStrategySchema = obj({
  /** Maximum retries (not counting the first attempt); absent means unlimited. */
  limit: intOrString.optional(),
  retryPolicy: z
    .enum(["", ...RETRY_POLICIES], { error: (issue) => `${String(issue.input)} is not a valid RetryPolicy` })
    .optional(),
  backoff: BackoffSchema.optional(),
  affinity: obj({ nodeAntiAffinity: opaque("node anti-affinity").optional() }).optional(),
  expression: z.string().optional(),
});
export type RetryStrategy = z.infer<typeof RetryStrategySchema>;
