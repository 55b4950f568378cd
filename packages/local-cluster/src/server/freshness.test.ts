import { describe, expect, it } from "vitest";
import { awaitResourceVersion } from "./freshness.ts";
import { ObjectStore } from "./object-store.ts";
import type { Clock } from "./types.ts";

function manualClock(): Clock & { fire(): void } {
  let pending: (() => void) | undefined;
  return {
    now: () => new Date(0),
    setTimeout: (fn) => {
      pending = fn;
      return 1;
    },
    clearTimeout: () => {
      pending = undefined;
    },
    fire: () => pending?.(),
  };
}

const cm = (name: string) => ({ metadata: { name, namespace: "ns" } });

describe("awaitResourceVersion", () => {
  it("returns at once for reached, empty or non-numeric resourceVersions", async () => {
    const store = new ObjectStore();
    store.put("/cm", cm("a"));
    await expect(awaitResourceVersion(store, "1", manualClock())).resolves.toBeUndefined();
    await expect(awaitResourceVersion(store, "", manualClock())).resolves.toBeUndefined();
  });

  it("waits until the counter reaches the resourceVersion", async () => {
    const store = new ObjectStore();
    const clock = manualClock();
    const waiting = awaitResourceVersion(store, "2", clock);
    store.put("/cm", cm("a"));
    store.put("/other", cm("b"));
    await expect(waiting).resolves.toBeUndefined();
  });

  it("fails with 504 ResourceVersionTooLarge when the wait runs out", async () => {
    const store = new ObjectStore();
    const clock = manualClock();
    const waiting = awaitResourceVersion(store, "5", clock);
    clock.fire();
    await expect(waiting).rejects.toMatchObject({
      code: 504,
      reason: "Timeout",
      message: "Too large resource version: 5, current: 0",
      details: { causes: [{ reason: "ResourceVersionTooLarge" }] },
    });
  });
});
