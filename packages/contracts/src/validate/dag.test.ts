import { describe, expect, it } from "vitest";
import { errors, workflow } from "../../test/validate-helpers.ts";
import { taskDependencies } from "./dag.js";
import { validateWorkflow } from "./resource.js";

function dag(tasks: unknown[], extra: Record<string, unknown> = {}) {
  return workflow({
    templates: [
      { name: "main", dag: { tasks, ...extra } },
      { name: "leaf", container: { image: "busybox" } },
    ],
  });
}

describe("DAG validation", () => {
  it("reads dependencies from depends expressions like Argo", () => {
    expect([...taskDependencies({ depends: "A && (B.Failed || C.AnySucceeded) && !D-1.Skipped" })]).toEqual([
      ["A", "task"],
      ["B", "task"],
      ["C", "items"],
      ["D-1", "task"],
    ]);
    expect([...taskDependencies({ dependencies: ["X", "Y"] })]).toEqual([
      ["X", "task"],
      ["Y", "task"],
    ]);
  });

  it("reports a missing dependency at the task's depends path", () => {
    const result = validateWorkflow(
      dag([
        { name: "A", template: "leaf" },
        { name: "B", template: "leaf", depends: "A && X" },
      ]),
    );
    expect(result.issues.filter((i) => i.severity === "error")).toEqual([
      {
        path: "spec.templates[0].dag.tasks[1].depends",
        rule: "dag-dependency-exists",
        message: "templates.main sorting failed: invalid dependency X",
        severity: "error",
      },
    ]);
  });

  it("detects cycles", () => {
    const result = validateWorkflow(
      dag([
        { name: "A", template: "leaf", depends: "C" },
        { name: "B", template: "leaf", depends: "A" },
        { name: "C", template: "leaf", depends: "B" },
      ]),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].dag.tasks[0].depends: templates.main sorting failed: graph with cycle",
    ]);
    expect(result.issues[0]?.rule).toBe("dag-no-cycle");
  });

  it("applies Argo's task rules", () => {
    const result = validateWorkflow(
      dag([
        { name: "1st", template: "leaf" },
        { name: "A", template: "leaf", depends: "1st", dependencies: ["1st"] },
        { name: "B", template: "leaf", depends: "A.Finished", continueOn: { failed: true } },
        { name: "C", template: "leaf", depends: "A.AllFailed" },
        { name: "D", template: "nope" },
        { name: "D", template: "leaf" },
      ]),
    );
    expect(errors(result.issues)).toEqual([
      "spec.templates[0].dag.tasks[5].name: templates.main.tasks[5].name 'D' is not unique",
      "spec.templates[0].dag.tasks[0].name: templates.main.tasks.1st name cannot begin with a digit when using either 'depends' or 'dependencies'",
      "spec.templates[0].dag.tasks[1].dependencies: templates.main cannot use both 'depends' and 'dependencies' in the same DAG template",
      "spec.templates[0].dag.tasks[2].continueOn: templates.main cannot use 'continueOn' when using 'depends'. Instead use 'dep-task.Failed'/'dep-task.Errored'",
      "spec.templates[0].dag.tasks[2].depends: templates.main.tasks.B task result 'Finished' for task 'A' is invalid",
      "spec.templates[0].dag.tasks[3].depends: templates.main.tasks.C dependency 'A' uses an items-based condition such as .AnySucceeded or .AllFailed but does not contain any items",
      "spec.templates[0].dag.tasks[4].template: templates.main.tasks.D template name 'nope' undefined",
    ]);
  });

  it("requires tasks and defined targets", () => {
    expect(errors(validateWorkflow(dag([])).issues)).toEqual([
      "spec.templates[0].dag.tasks: templates.main must have at least one task",
    ]);
    expect(
      errors(validateWorkflow(dag([{ name: "A", template: "leaf" }], { target: "A Z" })).issues),
    ).toEqual(["spec.templates[0].dag.target: templates.main.targets: target 'Z' is not defined"]);
  });
});
