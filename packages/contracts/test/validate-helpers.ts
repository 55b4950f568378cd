import type { ValidationIssue } from "../src/validate/issues.ts";

/** A minimal valid Workflow whose spec can be overridden. */
export function workflow(spec: Record<string, unknown>, name = "wf"): Record<string, unknown> {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name },
    spec: {
      entrypoint: "main",
      templates: [{ name: "main", container: { image: "busybox" } }],
      ...spec,
    },
  };
}

/** `path: message` of the errors only. */
export function errors(issues: readonly ValidationIssue[]): string[] {
  return issues.filter((i) => i.severity === "error").map((i) => `${i.path}: ${i.message}`);
}

/** `rule path: message` of the warnings only. */
export function warnings(issues: readonly ValidationIssue[]): string[] {
  return issues.filter((i) => i.severity === "warning").map((i) => `${i.rule} ${i.path}: ${i.message}`);
}
