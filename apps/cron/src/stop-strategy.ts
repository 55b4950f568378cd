import { cronVariables } from "./cron-env.js";
import { evaluate } from "./expr/evaluate.js";
import { render } from "./expr/values.js";
import type { CronWorkflow } from "./types.js";

export type StopResult = { ok: true; stop: boolean } | { ok: false; error: string };

/**
 * `stopStrategy.expression` (expr-lang in Argo) over `{ cronworkflow: {...} }`, e.g. `cronworkflow.succeeded >= 1`.
 * No expression means never stop. A failure carries Argo's message for the SpecError condition.
 */
export function evaluateStopStrategy(cron: CronWorkflow, nowMs: number): StopResult {
  const expression = cron.spec.stopStrategy?.expression ?? "";
  if (expression.trim() === "") return { ok: true, stop: false };
  const fail = (why: string): StopResult => ({
    ok: false,
    error: `failed to check CronWorkflow '${cron.metadata.name ?? ""}' stopping condition: ${why}`,
  });
  try {
    const value = evaluate(expression, { env: { cronworkflow: cronVariables(cron) }, nowMs });
    if (typeof value !== "boolean") return fail(`expected bool, got ${render(value)}`);
    return { ok: true, stop: value };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
