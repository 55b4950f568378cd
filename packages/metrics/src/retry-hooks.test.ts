import { describe, expect, it } from "vitest";
import { parseExposition } from "./exposition-parser.js";
import { MetricsRegistry } from "./registry.js";

async function samples(registry: MetricsRegistry, name: string) {
  const families = parseExposition(await registry.scrape());
  return families.find((f) => f.name === `argo_workflows_${name}`)?.samples.map((s) => [s.labels, s.value]);
}

describe("retry hooks", () => {
  it("count attempts, retries and give-ups by operation, verdict and classifier", async () => {
    const registry = new MetricsRegistry();
    const hooks = registry.retryHooks();
    const network = { transient: true, classifier: "network", reason: "ECONNRESET" };
    const http = { transient: false, classifier: "http", reason: "404" };
    hooks.onAttempt({ operation: "put-artifact", attempt: 1 });
    hooks.onRetry({ operation: "put-artifact", attempt: 1, delayMs: 10, verdict: network });
    hooks.onAttempt({ operation: "put-artifact", attempt: 2 });
    hooks.onSuccess({ operation: "put-artifact", attempts: 2 });
    hooks.onAttempt({ operation: "get-pod", attempt: 1 });
    hooks.onGiveUp({ operation: "get-pod", attempts: 1, verdict: http, reason: "permanent" });
    expect(await samples(registry, "retry_attempts_total")).toEqual([
      [{ operation: "put-artifact" }, 2],
      [{ operation: "get-pod" }, 1],
    ]);
    expect(await samples(registry, "retries_total")).toEqual([
      [{ operation: "put-artifact", verdict: "transient", classifier: "network" }, 1],
    ]);
    expect(await samples(registry, "retry_give_ups_total")).toEqual([
      [{ operation: "get-pod", verdict: "permanent", classifier: "http", reason: "permanent" }, 1],
    ]);
    await registry.shutdown();
  });

  it("a fixed operation name overrides the event's", async () => {
    const registry = new MetricsRegistry();
    registry.retryHooks("offload").onAttempt({ operation: "operation", attempt: 1 });
    expect(await samples(registry, "retry_attempts_total")).toEqual([[{ operation: "offload" }, 1]]);
    await registry.shutdown();
  });
});
