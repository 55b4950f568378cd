/** What a tick does under `concurrencyPolicy`, given how many children are active (Argo `enforceRuntimePolicy`). */
export type PolicyDecision =
  | { readonly action: "run" }
  | { readonly action: "skip"; readonly policy: "Forbid" }
  | { readonly action: "replace"; readonly policy: "Replace" }
  | { readonly action: "error"; readonly message: string };

export function decideConcurrency(policy: string | undefined, activeCount: number): PolicyDecision {
  switch (policy ?? "") {
    case "":
    case "Allow":
      return { action: "run" };
    case "Forbid":
      return activeCount > 0 ? { action: "skip", policy: "Forbid" } : { action: "run" };
    case "Replace":
      return activeCount > 0 ? { action: "replace", policy: "Replace" } : { action: "run" };
    default:
      return { action: "error", message: `invalid ConcurrencyPolicy: ${policy}` };
  }
}
