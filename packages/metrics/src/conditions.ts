/** A workflow status condition (`status.conditions[]`). */
export interface WorkflowCondition {
  readonly type: string;
  readonly status: string;
  readonly message?: string;
}

/**
 * Argo's `Conditions.UpsertConditionMessage`: if a condition of the same type exists, the new message is appended to
 * its message with ", "; otherwise the condition is added. Returns a new array; the input is not changed.
 */
export function upsertConditionMessage(
  conditions: readonly WorkflowCondition[],
  condition: WorkflowCondition,
): WorkflowCondition[] {
  const index = conditions.findIndex((c) => c.type === condition.type);
  if (index === -1) return [...conditions, condition];
  const existing = conditions[index] as WorkflowCondition;
  const out = [...conditions];
  out[index] = { ...existing, message: `${existing.message ?? ""}, ${condition.message ?? ""}` };
  return out;
}
