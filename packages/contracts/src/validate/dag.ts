import { TASK_RESULTS } from "../constants/phases.js";
import type { DAGTask, DAGTemplate } from "../schema/template.js";
import type { IssueCollector, PathSegment } from "./issues.js";

const TASK_NAME_RE = /([a-zA-Z0-9][-a-zA-Z0-9]*?\.[A-Z][a-zA-Z]+)|([a-zA-Z0-9][-a-zA-Z0-9]*)/g;
const TASK_RESULT_RE = /([a-zA-Z0-9][-a-zA-Z0-9]*?\.[A-Z][a-zA-Z]+)/g;

export type DependencyType = "task" | "items";

/**
 * The tasks a DAG task depends on, as Argo reads them (`common.GetTaskDependencies`): names in a `depends`
 * expression (`A && (B.Failed || C.AnySucceeded)`), or the legacy `dependencies` list.
 */
export function taskDependencies(
  task: Pick<DAGTask, "depends" | "dependencies">,
): Map<string, DependencyType> {
  const deps = new Map<string, DependencyType>();
  if (task.depends !== undefined && task.depends !== "") {
    for (const match of task.depends.matchAll(TASK_NAME_RE)) {
      if (match[1] !== undefined) {
        const [name = "", result = ""] = match[1].split(".");
        if (result === "AnySucceeded" || result === "AllFailed") deps.set(name, "items");
        else if (!deps.has(name)) deps.set(name, "task");
      } else if (match[2] !== undefined) {
        deps.set(match[2], "task");
      }
    }
    return deps;
  }
  for (const name of task.dependencies ?? []) deps.set(name, "task");
  return deps;
}

/** DAG rules, with Argo's messages (`workflow/validate/validate.go` `validateDAG`). */
export function validateDag(
  dag: DAGTemplate,
  templateName: string,
  path: readonly PathSegment[],
  c: IssueCollector,
): void {
  const t = `templates.${templateName}`;
  if (dag.tasks.length === 0) {
    c.error([...path, "tasks"], "dag-at-least-one-task", `${t} must have at least one task`);
    return;
  }
  const byName = new Map<string, { task: DAGTask; index: number }>();
  const usingDepends = dag.tasks.some((task) => task.depends !== undefined && task.depends !== "");
  dag.tasks.forEach((task, index) => {
    if (!byName.has(task.name)) byName.set(task.name, { task, index });
  });

  dag.tasks.forEach((task, i) => {
    const at = [...path, "tasks", i];
    const usesDeps = usingDepends || (task.dependencies?.length ?? 0) > 0;
    if (usesDeps && /^[0-9]/.test(task.name)) {
      c.error(
        [...at, "name"],
        "dag-task-name-digit",
        `${t}.tasks.${task.name} name cannot begin with a digit when using either 'depends' or 'dependencies'`,
      );
    }
    if (usingDepends && (task.dependencies?.length ?? 0) > 0) {
      c.error(
        [...at, "dependencies"],
        "dag-depends-and-dependencies",
        `${t} cannot use both 'depends' and 'dependencies' in the same DAG template`,
      );
    }
    if (usingDepends && task.continueOn !== undefined) {
      c.error(
        [...at, "continueOn"],
        "dag-continue-on-with-depends",
        `${t} cannot use 'continueOn' when using 'depends'. Instead use 'dep-task.Failed'/'dep-task.Errored'`,
      );
    }
    if (task.depends !== undefined && task.depends !== "") {
      for (const match of task.depends.matchAll(TASK_RESULT_RE)) {
        const [name = "", result = ""] = (match[1] ?? "").split(".");
        if (!(TASK_RESULTS as readonly string[]).includes(result)) {
          c.error(
            [...at, "depends"],
            "dag-task-result",
            `${t}.tasks.${task.name} task result '${result}' for task '${name}' is invalid`,
          );
        }
      }
    }
    const field = task.depends !== undefined && task.depends !== "" ? "depends" : "dependencies";
    for (const [dep, type] of taskDependencies(task)) {
      const target = byName.get(dep);
      if (target === undefined) {
        c.error([...at, field], "dag-dependency-exists", `${t} sorting failed: invalid dependency ${dep}`);
      } else if (
        type === "items" &&
        (target.task.withItems?.length ?? 0) === 0 &&
        (target.task.withParam ?? "") === "" &&
        target.task.withSequence === undefined
      ) {
        c.error(
          [...at, field],
          "dag-dependency-items",
          `${t}.tasks.${task.name} dependency '${dep}' uses an items-based condition such as .AnySucceeded or .AllFailed but does not contain any items`,
        );
      }
    }
  });

  const cycle = findCycle(dag.tasks, byName);
  if (cycle !== undefined) {
    const first = byName.get(cycle[0] ?? "");
    c.error(
      first === undefined ? [...path, "tasks"] : [...path, "tasks", first.index, fieldOf(first.task)],
      "dag-no-cycle",
      `${t} sorting failed: graph with cycle`,
    );
  }

  if (dag.target !== undefined && dag.target !== "") {
    for (const target of dag.target.split(" ")) {
      if (target !== "" && !byName.has(target)) {
        c.error([...path, "target"], "dag-target-exists", `${t}.targets: target '${target}' is not defined`);
      }
    }
  }
}

function fieldOf(task: DAGTask): string {
  return task.depends !== undefined && task.depends !== "" ? "depends" : "dependencies";
}

/** A dependency cycle as a list of task names (first repeated at the end), or undefined. */
function findCycle(
  tasks: readonly DAGTask[],
  byName: ReadonlyMap<string, { task: DAGTask; index: number }>,
): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const s = state.get(name);
    if (s === "done") return undefined;
    if (s === "visiting") return [...stack.slice(stack.indexOf(name)), name];
    const entry = byName.get(name);
    if (entry === undefined) return undefined;
    state.set(name, "visiting");
    stack.push(name);
    for (const dep of taskDependencies(entry.task).keys()) {
      const found = visit(dep);
      if (found !== undefined) return found;
    }
    stack.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const task of tasks) {
    const found = visit(task.name);
    if (found !== undefined) return found;
  }
  return undefined;
}
