import { describe, expect, it } from "vitest";
import { upsertConditionMessage } from "./conditions.js";

describe("upsertConditionMessage", () => {
  it("adds a new condition type", () => {
    const before = [{ type: "PodRunning", status: "False" }];
    const after = upsertConditionMessage(before, { type: "MetricsError", status: "True", message: "a" });
    expect(after).toEqual([
      { type: "PodRunning", status: "False" },
      { type: "MetricsError", status: "True", message: "a" },
    ]);
    expect(before).toHaveLength(1);
  });

  it("appends to the message of an existing condition with ', '", () => {
    const before = [{ type: "MetricsError", status: "True", message: "a" }];
    expect(upsertConditionMessage(before, { type: "MetricsError", status: "True", message: "b" })).toEqual([
      { type: "MetricsError", status: "True", message: "a, b" },
    ]);
    expect(before[0]?.message).toBe("a");
  });
});
