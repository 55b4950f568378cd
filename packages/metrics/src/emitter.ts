import {
  isRealtime,
  type MetricLabel,
  metricValueOf,
  type PrometheusMetric,
  withValue,
} from "./custom-spec.js";
import type { CustomMetricStore, RealtimeValue } from "./custom-store.js";
import { substitute } from "./substitute.js";
import { evaluateWhen } from "./when.js";

/** The workflow condition an emission error produces (Argo `ConditionTypeMetricsError`). */
export interface MetricsErrorCondition {
  readonly type: "MetricsError";
  readonly status: "True";
  /** Every error of this emission, joined with ", " as Argo's `UpsertConditionMessage` appends them. */
  readonly message: string;
}

export interface EmitContext {
  /** The workflow UID: realtime series are tracked under it for completion and deletion. */
  readonly ownerUid: string;
  /** Variables for `{{...}}` in name, help, labels, when and value (global params, `status`, `duration`, ...). */
  readonly scope: Readonly<Record<string, string>>;
  /** Realtime variables: `workflow.duration` at workflow level, `duration` at node level. */
  readonly realtimeScope?: Readonly<Record<string, RealtimeValue>>;
  /** When the node starts only realtime gauges are processed (Argo `realTimeOnly`). */
  readonly realtimeOnly?: boolean;
}

export type EmitStage = "help" | "substitute" | "when" | "realtime" | "construct";

export interface EmitResult {
  /** The error texts, one per metric that failed, in spec order. */
  readonly errors: readonly string[];
  /** Present when there were errors: set it on the workflow; the workflow itself does not fail. */
  readonly condition?: MetricsErrorCondition;
}

function substituteLabels(
  labels: readonly MetricLabel[],
  scope: Readonly<Record<string, string>>,
): MetricLabel[] | string {
  const out: MetricLabel[] = [];
  for (const label of labels) {
    const key = substitute(label.key, scope);
    if (!key.ok) return key.error;
    const value = substitute(label.value, scope);
    if (!value.ok) return value.error;
    out.push({ key: key.text, value: value.text });
  }
  return out;
}

/**
 * Processes a workflow's or template's `metrics.prometheus[]` after it completed (or, with `realtimeOnly`, when it
 * started), as Argo's `computeMetrics` does. It never throws on bad specs: each failure becomes an error text, is
 * counted through `onError(stage)`, and the rest of the metrics are still emitted.
 */
export function emitCustomMetrics(
  store: CustomMetricStore,
  metrics: readonly PrometheusMetric[],
  context: EmitContext,
  onError?: (stage: EmitStage) => void,
): EmitResult {
  const errors: string[] = [];
  const fail = (stage: EmitStage, message: string): void => {
    errors.push(message);
    onError?.(stage);
  };
  const emitOne = (template: PrometheusMetric): void => {
    const realtime = isRealtime(template);
    if (context.realtimeOnly === true && !realtime) return;
    if (template.help === "") {
      fail("help", `metric '${template.name}' must contain a help string under 'help: ' field`);
      return;
    }
    const name = substitute(template.name, context.scope);
    const help = substitute(template.help, context.scope);
    const when = substitute(template.when ?? "", context.scope);
    const labels = substituteLabels(template.labels ?? [], context.scope);
    if (!name.ok || !help.ok || !when.ok || typeof labels === "string") {
      const reason = !name.ok ? name.error : !help.ok ? help.error : !when.ok ? when.error : labels;
      fail("substitute", `unable to substitute parameters for metric '${template.name}': ${String(reason)}`);
      return;
    }
    const shouldEmit = evaluateWhen(when.text);
    if (!shouldEmit.ok) {
      fail("when", `unable to compute 'when' clause for metric '${name.text}': ${shouldEmit.error}`);
      return;
    }
    if (!shouldEmit.value) return;
    const resolved: PrometheusMetric = { ...template, name: name.text, help: help.text, labels };
    const rawValue = metricValueOf(template) ?? "";
    if (realtime) {
      if (!(rawValue.startsWith("{{") && rawValue.endsWith("}}"))) {
        fail("realtime", "real time metrics can only be used with metric variables");
        return;
      }
      const variable = rawValue.slice(2, -2);
      const fn =
        context.realtimeScope !== undefined && Object.hasOwn(context.realtimeScope, variable)
          ? context.realtimeScope[variable]
          : undefined;
      if (fn === undefined) {
        fail("realtime", `'${variable}' is not available as a real time metric`);
        return;
      }
      const error = store.upsert(resolved, context.ownerUid, fn);
      if (error !== undefined) fail("construct", `could not construct metric '${name.text}': ${error}`);
      return;
    }
    const value = substitute(rawValue, context.scope);
    if (!value.ok) {
      fail("substitute", `unable to substitute parameters for metric '${name.text}': ${value.error}`);
      return;
    }
    const error = store.upsert(withValue(resolved, value.text), context.ownerUid);
    if (error !== undefined) fail("construct", `could not construct metric '${name.text}': ${error}`);
  };
  for (const template of metrics) {
    try {
      emitOne(template);
    } catch (error) {
      // Malformed input the types do not allow (a null label, a number where a string belongs): still a
      // MetricsError, never an exception for the workflow operator.
      const name = typeof template?.name === "string" ? template.name : String(template?.name);
      fail(
        "construct",
        `could not construct metric '${name}': ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (errors.length === 0) return { errors };
  return { errors, condition: { type: "MetricsError", status: "True", message: errors.join(", ") } };
}
