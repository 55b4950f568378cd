import { describe, expect, it } from "vitest";
import type { CronWorkflow } from "./types.js";
import { validateCronWorkflow } from "./validate.js";

function cron(spec: Partial<CronWorkflow["spec"]>, name = "ok"): CronWorkflow {
  return {
    metadata: { name, namespace: "argo" },
    spec: {
      schedules: ["* * * * *"],
      workflowSpec: { entrypoint: "main", templates: [{ name: "main" }] },
      ...spec,
    },
  };
}

describe("validateCronWorkflow (Argo messages)", () => {
  it("accepts a valid CronWorkflow", () => expect(validateCronWorkflow(cron({}))).toBeUndefined());
  it("limits the name to 52 characters", () => {
    const name = "a".repeat(53);
    expect(validateCronWorkflow(cron({}, name))).toBe(
      `cron workflow name "${name}" must not be more than 52 characters long (currently 53)`,
    );
  });
  it("needs a schedule (TestSpecErrorWithEmptySchedules)", () => {
    expect(validateCronWorkflow(cron({ schedules: [] }))).toBe(
      "cron workflow must have at least one schedule",
    );
  });
  it("names the malformed schedule (TestSpecErrorWithValidAndInvalidSchedules)", () => {
    expect(validateCronWorkflow(cron({ schedules: ["* * * * *", "10 * * 12737123 *"] }))).toMatch(
      /^cron schedule 10 \* \* 12737123 \* is malformed: /,
    );
  });
  it("rejects bad timezones, policies and deadlines", () => {
    expect(validateCronWorkflow(cron({ timezone: "Mars/Base" }))).toBe(
      'invalid timezone "Mars/Base": unknown time zone Mars/Base',
    );
    expect(validateCronWorkflow(cron({ concurrencyPolicy: "Sometimes" }))).toBe(
      "'Sometimes' is not a valid concurrencyPolicy",
    );
    expect(validateCronWorkflow(cron({ startingDeadlineSeconds: -1 }))).toBe(
      "startingDeadlineSeconds must be positive",
    );
    expect(validateCronWorkflow(cron({ schedule: "* * * * *" }))).toBe(
      "cron workflow cant be configured with both Spec.Schedule and Spec.Schedules",
    );
  });
  it("validates the Workflow (TestCronWorkflowConditionSubmissionError / TestSpecError)", () => {
    const msg = validateCronWorkflow(
      cron({ workflowSpec: { entrypoint: "bad template name", templates: [{ name: "bad template name" }] } }),
    );
    expect(msg).toMatch(/^cannot validate Workflow: /);
    expect(msg).toContain("'bad template name' is invalid");
  });
});
