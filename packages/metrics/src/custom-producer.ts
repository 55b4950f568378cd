import { emptyResource } from "@opentelemetry/resources";
import type { MetricProducer } from "@opentelemetry/sdk-metrics";
import type { CustomMetricStore } from "./custom-store.js";

export const CUSTOM_SCOPE = "weft.custom-metrics";

/**
 * Feeds the custom metric store into an OTel MetricReader (`metricProducers`). The snapshot is taken synchronously
 * when the reader calls `collect`, so it is one consistent instant however the rest of the collection interleaves.
 */
export function customMetricProducer(store: CustomMetricStore): MetricProducer {
  return {
    collect() {
      const metrics = store.snapshot();
      return Promise.resolve({
        resourceMetrics: {
          resource: emptyResource(),
          scopeMetrics: [{ scope: { name: CUSTOM_SCOPE }, metrics }],
        },
        errors: [],
      });
    },
  };
}
