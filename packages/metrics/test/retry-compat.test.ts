import { FakeClock, type RetryHooks, retry, TransientError } from "@weft/retry";
import { describe, expect, it } from "vitest";
import { parseExposition } from "../src/exposition-parser.js";
import { MetricsRegistry } from "../src/registry.js";

async function counters(registry: MetricsRegistry): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const family of parseExposition(await registry.scrape())) {
    if (!family.name.includes("retr")) continue;
    for (const s of family.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      out[`${s.name.replace("argo_workflows_", "")}{${labels}}`] = s.value;
    }
  }
  return out;
}

describe("@weft/retry hooks through this registry (structural compatibility, no import in src)", () => {
  it("counts a real retry() that recovers and one that gives up on a permanent error", async () => {
    const registry = new MetricsRegistry();
    const hooks: RetryHooks = registry.retryHooks();
    const clock = new FakeClock({ auto: true });
    let calls = 0;
    const value = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new TransientError("flaky");
        return "ok";
      },
      { operation: "save-offload", hooks, clock, random: () => 0.5, maxAttempts: 5, baseDelayMs: 10 },
    );
    expect(value).toBe("ok");
    const permanent = new Error("spec is invalid");
    await expect(
      retry(
        async () => {
          throw permanent;
        },
        { operation: "create-pod", hooks, clock, maxAttempts: 5 },
      ),
    ).rejects.toBe(permanent);
    const c = await counters(registry);
    expect(c["retry_attempts_total{operation=save-offload}"]).toBe(3);
    expect(c["retry_attempts_total{operation=create-pod}"]).toBe(1);
    const retries = Object.entries(c).filter(([k]) =>
      k.startsWith("retries_total{operation=save-offload,verdict=transient"),
    );
    expect(retries.map(([, v]) => v)).toEqual([2]);
    const giveUps = Object.entries(c).filter(([k]) =>
      k.startsWith("retry_give_ups_total{operation=create-pod,verdict=permanent"),
    );
    expect(giveUps).toHaveLength(1);
    expect(giveUps[0]?.[0]).toMatch(/reason=permanent}$/);
    await registry.shutdown();
  });
});
