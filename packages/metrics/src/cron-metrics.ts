import type { Counter, Meter } from "@opentelemetry/api";
import { BUILTIN } from "./builtin-names.js";

/** The cron scheduler's metrics (`error_count` causes are on {@link ControllerMetrics.error}). */
export class CronMetrics {
  readonly #triggered: Counter;
  readonly #policy: Counter;

  constructor(meter: Meter) {
    this.#triggered = meter.createCounter(BUILTIN.cronTriggered, {
      description: "Total number of cron workflows triggered",
      unit: "{cronworkflow}",
    });
    this.#policy = meter.createCounter(BUILTIN.cronConcurrencyPolicyTriggered, {
      description:
        "A counter of the number of times a CronWorkflow has triggered its concurrencyPolicy to limit the number of workflows running",
      unit: "{cronworkflow}",
    });
  }

  /** `cronworkflows_triggered_total{name,namespace}`. */
  triggered(name: string, namespace: string): void {
    this.#triggered.add(1, { name, namespace });
  }

  /** `cronworkflows_concurrencypolicy_triggered{name,namespace,concurrency_policy}` (Forbid or Replace). */
  concurrencyPolicyTriggered(name: string, namespace: string, policy: "Forbid" | "Replace"): void {
    this.#policy.add(1, { name, namespace, concurrency_policy: policy });
  }
}
