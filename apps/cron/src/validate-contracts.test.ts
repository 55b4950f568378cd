import { validateCronWorkflow as contractsValidate } from "@weft/contracts";
import { describe, expect, it } from "vitest";
import type { CronWorkflow } from "./types.js";
import { validateCronWorkflow } from "./validate.js";

/** The scheduler's SpecError messages agree with @weft/contracts' validation (the shared source of Argo's texts). */
describe("validateCronWorkflow agrees with @weft/contracts", () => {
  const base: CronWorkflow = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "CronWorkflow",
    metadata: { name: "c", namespace: "argo" },
    spec: {
      schedules: ["* * * * *"],
      workflowSpec: { entrypoint: "main", templates: [{ name: "main", container: { image: "x" } }] },
    },
  };
  const cases: Array<Partial<CronWorkflow["spec"]>> = [
    { schedules: ["10 * * 12737123 *"] },
    { timezone: "Mars/Base" },
    { concurrencyPolicy: "Sometimes" },
    { startingDeadlineSeconds: -1 },
    { schedules: ["* * * *"] },
    {},
  ];
  for (const spec of cases) {
    it(JSON.stringify(spec), () => {
      const cron = { ...base, spec: { ...base.spec, ...spec } };
      const theirs = contractsValidate(cron);
      const ours = validateCronWorkflow(cron);
      const first = theirs.ok ? undefined : theirs.issues[0]?.message;
      expect(ours).toBe(first);
    });
  }
});
