import { describe, expect, it } from "vitest";
import { errors } from "../../test/validate-helpers.ts";
import { validateCronWorkflow } from "./resource.js";

function cron(spec: Record<string, unknown>, name = "my-cron"): Record<string, unknown> {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "CronWorkflow",
    metadata: { name },
    spec: {
      schedules: ["* * * * *"],
      workflowSpec: { entrypoint: "main", templates: [{ name: "main", container: { image: "busybox" } }] },
      ...spec,
    },
  };
}

describe("CronWorkflow validation", () => {
  it("accepts a valid cron", () => {
    const result = validateCronWorkflow(
      cron({ timezone: "Pacific/Auckland", schedules: ["@every 90s", "@midnight"] }),
    );
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("limits the name to 52 characters", () => {
    const name = "c".repeat(53);
    expect(errors(validateCronWorkflow(cron({}, name)).issues)).toEqual([
      `metadata.name: cron workflow name "${name}" must not be more than 52 characters long (currently 53)`,
    ]);
  });

  it("requires a schedule and parses each one", () => {
    expect(errors(validateCronWorkflow(cron({ schedules: [] })).issues)).toEqual([
      "spec.schedules: cron workflow must have at least one schedule",
    ]);
    const result = validateCronWorkflow(cron({ schedules: ["* * * * *", "0 0 * * * *", "@every soon"] }));
    expect(errors(result.issues)).toEqual([
      "spec.schedules[1]: cron schedule 0 0 * * * * is malformed: expected exactly 5 fields, found 6: [0 0 * * * *]",
      'spec.schedules[2]: cron schedule @every soon is malformed: failed to parse duration @every soon: time: invalid duration "soon"',
    ]);
    const range = validateCronWorkflow(cron({ schedules: ["10 * * 12737123 *"] }));
    expect(errors(range.issues)[0]).toMatch(
      /^spec\.schedules\[0\]: cron schedule 10 \* \* 12737123 \* is malformed: /,
    );
  });

  it("checks the timezone against the IANA database", () => {
    expect(errors(validateCronWorkflow(cron({ timezone: "Mars/Olympus" })).issues)).toEqual([
      'spec.timezone: invalid timezone "Mars/Olympus": unknown time zone Mars/Olympus',
    ]);
    expect(errors(validateCronWorkflow(cron({ timezone: "america/new_york" })).issues)).toEqual([
      'spec.timezone: invalid timezone "america/new_york": unknown time zone america/new_york',
    ]);
  });

  it("checks concurrencyPolicy and startingDeadlineSeconds", () => {
    expect(errors(validateCronWorkflow(cron({ concurrencyPolicy: "Sometimes" })).issues)).toEqual([
      "spec.concurrencyPolicy: 'Sometimes' is not a valid concurrencyPolicy",
    ]);
    expect(errors(validateCronWorkflow(cron({ startingDeadlineSeconds: -1 })).issues)).toEqual([
      "spec.startingDeadlineSeconds: startingDeadlineSeconds must be positive",
    ]);
  });

  it("validates the workflowSpec as a Workflow, wrapping the message", () => {
    const result = validateCronWorkflow(
      cron({
        workflowSpec: {
          entrypoint: "main",
          templates: [{ name: "bad template name", container: { image: "x" } }],
        },
      }),
    );
    expect(errors(result.issues)).toEqual([
      "spec.workflowSpec.templates[0].name: cannot validate Workflow: spec.templates[0].name: 'bad template name' is invalid: name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character (e.g. My-name1-2, 123-NAME)",
      "spec.workflowSpec.entrypoint: cannot validate Workflow: template name 'main' undefined",
    ]);
  });
});
