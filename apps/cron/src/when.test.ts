import { describe, expect, it } from "vitest";
import { evaluateStopStrategy } from "./stop-strategy.js";
import type { CronWorkflow } from "./types.js";
import { evaluateWhen } from "./when.js";

const nowMs = Date.parse("2024-01-01T00:10:00Z");
function cron(spec: Partial<CronWorkflow["spec"]>, status: CronWorkflow["status"] = {}): CronWorkflow {
  return {
    metadata: { name: "my-cron", namespace: "argo", labels: { a: "b" } },
    spec: { schedules: ["* * * * *"], ...spec },
    status,
  };
}

describe("evaluateWhen (TestEvaluateWhen)", () => {
  it("is true when empty", () => expect(evaluateWhen(cron({}), nowMs)).toEqual({ ok: true, value: true }));
  it("evaluates the cron-when example both ways", () => {
    const when =
      "{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360 }}";
    expect(evaluateWhen(cron({ when }), nowMs)).toEqual({ ok: true, value: true });
    expect(evaluateWhen(cron({ when }, { lastScheduledTime: "2024-01-01T00:09:00Z" }), nowMs)).toEqual({
      ok: true,
      value: false,
    });
    expect(evaluateWhen(cron({ when }, { lastScheduledTime: "2024-01-01T00:00:00Z" }), nowMs)).toEqual({
      ok: true,
      value: true,
    });
  });
  it("substitutes flat variables before evaluating", () => {
    expect(evaluateWhen(cron({ when: "{{cronworkflow.failed}} == 0" }, { failed: 0 }), nowMs)).toEqual({
      ok: true,
      value: true,
    });
    expect(evaluateWhen(cron({ when: "'{{cronworkflow.name}}' == 'my-cron'" }), nowMs)).toEqual({
      ok: true,
      value: true,
    });
  });
  it("rejects non-boolean results with Argo's message", () => {
    expect(evaluateWhen(cron({ when: "{{cronworkflow.failed}} + 1" }), nowMs)).toEqual({
      ok: false,
      error: "Expected boolean evaluation for '{{cronworkflow.failed}} + 1'. Got 1",
    });
  });
  it("fails on variables it cannot resolve inside when (unresolved ones elsewhere in the spec are never looked at)", () => {
    const r = evaluateWhen(cron({ when: "{{workflow.scheduledTime}} == 1" }), nowMs);
    expect(r.ok).toBe(false);
  });
});

describe("evaluateStopStrategy", () => {
  it("stops when the expression is true", () => {
    const spec = { stopStrategy: { expression: "cronworkflow.succeeded >= 1" } };
    expect(evaluateStopStrategy(cron(spec, { succeeded: 0 }), nowMs)).toEqual({ ok: true, stop: false });
    expect(evaluateStopStrategy(cron(spec, { succeeded: 1 }), nowMs)).toEqual({ ok: true, stop: true });
  });
  it("never stops without an expression", () =>
    expect(evaluateStopStrategy(cron({}), nowMs)).toEqual({ ok: true, stop: false }));
  it("reports errors with Argo's prefix", () => {
    const r = evaluateStopStrategy(cron({ stopStrategy: { expression: "cronworkflow.succeeded +" } }), nowMs);
    expect(r.ok === false && r.error).toMatch(/^failed to check CronWorkflow 'my-cron' stopping condition: /);
  });
});
