import { describe, expect, it } from "vitest";
import { decideConcurrency } from "./concurrency.js";

describe("decideConcurrency", () => {
  it("Allow and empty always run", () => {
    expect(decideConcurrency(undefined, 5)).toEqual({ action: "run" });
    expect(decideConcurrency("Allow", 5)).toEqual({ action: "run" });
  });
  it("Forbid skips while a run is active", () => {
    expect(decideConcurrency("Forbid", 1)).toEqual({ action: "skip", policy: "Forbid" });
    expect(decideConcurrency("Forbid", 0)).toEqual({ action: "run" });
  });
  it("Replace replaces active runs", () => {
    expect(decideConcurrency("Replace", 2)).toEqual({ action: "replace", policy: "Replace" });
    expect(decideConcurrency("Replace", 0)).toEqual({ action: "run" });
  });
  it("anything else is an error with Argo's message", () => {
    expect(decideConcurrency("Sometimes", 0)).toEqual({
      action: "error",
      message: "invalid ConcurrencyPolicy: Sometimes",
    });
  });
});
