import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CronWorkflowSchema,
  dumpManifest,
  loadManifests,
  pruneUnknownFields,
  validateManifest,
  validateManifestText,
  WorkflowSchema,
} from "../src/index.ts";

const dir = join(import.meta.dirname, "fixtures");
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));

function at(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function load(file: string): unknown[] {
  const loaded = loadManifests(readFileSync(join(dir, file), "utf8"), file);
  expect(loaded.issues).toEqual([]);
  return loaded.documents.map((d) => d.value);
}

describe("Argo-style manifests", () => {
  it("has fixtures for every resource kind", () => {
    const kinds = new Set(files.flatMap((f) => load(f).map((v) => (v as { kind: string }).kind)));
    expect([...kinds].sort()).toEqual(["CronWorkflow", "Workflow", "WorkflowTaskResult", "WorkflowTemplate"]);
  });

  for (const file of files) {
    it(`${file} validates without errors and round-trips without loss`, () => {
      const text = readFileSync(join(dir, file), "utf8");
      const result = validateManifestText(text, file);
      const errors = result.issues.filter((i) => i.severity === "error");
      expect(errors).toEqual([]);
      for (const value of load(file)) {
        const validated = validateManifest(value);
        expect(validated.ok).toBe(true);
        // The parsed value keeps every field, known or not.
        expect(validated.value).toEqual(value);
        // Writing it out and reading it back gives the same object, as YAML and as JSON.
        for (const format of ["yaml", "json"] as const) {
          const again = loadManifests(dumpManifest(validated.value, format), `again.${format}`);
          expect(again.issues).toEqual([]);
          expect(again.documents[0]?.value).toEqual(value);
        }
      }
    });
  }

  it("keeps unknown fields where Kubernetes preserves them and prunes the rest", () => {
    const [wf] = load("steps-full.yaml");
    const withExtras = structuredClone(wf);
    (at(withExtras, "spec") as Record<string, unknown>).notAnArgoField = 1;
    const pruned = pruneUnknownFields(WorkflowSchema, withExtras);
    expect(at(pruned, "spec", "notAnArgoField")).toBeUndefined();
    // securityContext is preserved whole (x-kubernetes-preserve-unknown-fields), unknown keys included.
    expect(at(pruned, "spec", "templates", 2, "name")).toBe("echo");
    expect(at(pruned, "spec", "templates", 2, "container", "securityContext", "futureSecurityKnob")).toBe(
      "enabled",
    );
    // withItems entries are preserved whole.
    expect(at(pruned, "spec", "templates", 0, "steps", 1, 0, "withItems")).toEqual([
      { os: "debian", version: 12, extra: { nested: [1, 2] } },
      { os: "alpine", version: 3.2 },
    ]);
    // Everything declared survives pruning.
    expect(pruneUnknownFields(WorkflowSchema, wf)).toEqual(wf);
  });

  it("reports unknown fields as warnings, not errors", () => {
    const [cron] = load("cron-workflow.yaml");
    const modified = structuredClone(cron) as { spec: Record<string, unknown> };
    modified.spec.schedule = "* * * * *";
    modified.spec.workflowSpec = { ...(modified.spec.workflowSpec as object), colour: "blue" };
    const result = validateManifest(modified);
    expect(result.ok).toBe(true);
    expect(result.issues.map((i) => `${i.severity} ${i.path}: ${i.message}`).sort()).toEqual([
      'warning spec.schedule: unknown field "spec.schedule"',
      'warning spec.workflowSpec.colour: unknown field "spec.workflowSpec.colour"',
    ]);
    expect(CronWorkflowSchema.parse(modified).spec.schedule).toBe("* * * * *");
  });
});
