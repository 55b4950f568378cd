import type { Workflow } from "./types.js";

/** How one creation ended (after retries). */
export type CreateOutcome =
  | { readonly kind: "created"; readonly workflow: Workflow; readonly attempts: number }
  /** `AlreadyExists`: this tick's Workflow is there already (created earlier, by us or a previous leader). */
  | { readonly kind: "exists"; readonly attempts: number }
  /** Not transient (e.g. 422 Invalid): not retried. */
  | {
      readonly kind: "permanent";
      readonly error: unknown;
      readonly message: string;
      readonly attempts: number;
    }
  /** Still transient after every retry, or the per-tick deadline passed. */
  | {
      readonly kind: "transient";
      readonly error: unknown;
      readonly message: string;
      readonly attempts: number;
    };
