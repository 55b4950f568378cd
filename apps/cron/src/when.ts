import { cronVariables } from "./cron-env.js";
import { evaluate } from "./expr/evaluate.js";
import { render, type Value } from "./expr/values.js";
import type { CronWorkflow } from "./types.js";

export type WhenResult = { ok: true; value: boolean } | { ok: false; error: string };

const TAG = /\{\{(=?)\s*([\s\S]*?)\s*\}\}/g;

/**
 * Argo's `when` for CronWorkflows: `{{cronworkflow.x}}` tags are replaced by their values and `{{= expr }}` tags by
 * the expression's result, then the text is evaluated as a boolean expression. An empty `when` is true.
 */
export function evaluateWhen(cron: CronWorkflow, nowMs: number): WhenResult {
  const when = cron.spec.when ?? "";
  if (when.trim() === "") return { ok: true, value: true };
  const vars = cronVariables(cron);
  const env: { [key: string]: Value } = { cronworkflow: vars };
  let substituted: string;
  try {
    substituted = when.replace(TAG, (_all, eq: string, body: string) => {
      if (eq === "=") return render(evaluate(body, { env, nowMs }));
      if (!body.startsWith("cronworkflow.")) throw new Error(`failed to resolve {{${body}}}`);
      const key = body.slice("cronworkflow.".length);
      if (!Object.hasOwn(vars, key)) throw new Error(`failed to resolve {{${body}}}`);
      return render(vars[key] ?? null);
    });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  let result: Value;
  try {
    result = evaluate(substituted, { env: {}, nowMs });
  } catch (error) {
    return { ok: false, error: `failed to evaluate when '${substituted}': ${(error as Error).message}` };
  }
  if (typeof result !== "boolean") {
    return { ok: false, error: `Expected boolean evaluation for '${when}'. Got ${render(result)}` };
  }
  return { ok: true, value: result };
}
