import { paramOrArtifactNameErrors, workflowFieldNameErrors } from "../names.js";
import { UNSUPPORTED_ARTIFACT_LOCATION_KINDS } from "../schema/artifact-location.js";
import type { Arguments, Artifact, Parameter } from "../schema/parameters.js";
import type { DAGTask, Template, TemplateRef, WorkflowStep } from "../schema/template.js";
import { templateTypes } from "../schema/template.js";
import type { WorkflowSpec } from "../schema/workflow-spec.js";
import { validateDag } from "./dag.js";
import type { IssueCollector, PathSegment } from "./issues.js";
import { validateMetrics } from "./metrics.js";

export interface SpecValidationOptions {
  /**
   * Answers whether a `templateRef` (WorkflowTemplate or ClusterWorkflowTemplate) resolves. Without it,
   * templateRefs are only checked for shape.
   */
  readonly templateRefExists?: ((ref: TemplateRef) => boolean) | undefined;
  /** Arguments may lack values (WorkflowTemplates are validated this way). */
  readonly allowEmptyArgumentValues?: boolean | undefined;
  /** An empty entrypoint is allowed (WorkflowTemplates: it is given at submission). */
  readonly ignoreEmptyEntrypoint?: boolean | undefined;
}

const TEMPLATE_TYPES_MESSAGE =
  "choose one of: container, containerSet, steps, script, resource, dag, suspend, template, template ref";

/** Template types Argo defines that Weft accepts but does not run. */
const UNSUPPORTED_TEMPLATE_TYPES = new Set(["containerSet", "resource", "data", "http", "plugin"]);

function valueString(v: Parameter["value"]): string | undefined {
  return v === undefined ? undefined : String(v);
}

function validateNamed(
  items: readonly { readonly name?: string | undefined }[],
  path: readonly PathSegment[],
  prefix: string,
  kind: "field" | "param",
  rule: string,
  c: IssueCollector,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const name = item.name ?? "";
    if (name === "") {
      c.error([...path, i, "name"], rule, `${prefix}[${i}].name is required`);
      return;
    }
    const errs = kind === "param" ? paramOrArtifactNameErrors(name) : workflowFieldNameErrors(name);
    if (errs.length > 0) {
      c.error([...path, i, "name"], rule, `${prefix}[${i}].name: '${name}' is invalid: ${errs.join(";")}`);
    } else if (seen.has(name)) {
      c.error([...path, i, "name"], rule, `${prefix}[${i}].name '${name}' is not unique`);
    }
    seen.add(name);
  });
}

function validateArguments(
  args: Arguments | undefined,
  path: readonly PathSegment[],
  prefix: string,
  allowEmpty: boolean,
  c: IssueCollector,
): void {
  if (args === undefined) return;
  validateNamed(
    args.parameters ?? [],
    [...path, "parameters"],
    `${prefix}parameters`,
    "param",
    "parameter-name",
    c,
  );
  validateNamed(
    args.artifacts ?? [],
    [...path, "artifacts"],
    `${prefix}artifacts`,
    "param",
    "artifact-name",
    c,
  );
  (args.parameters ?? []).forEach((param, i) => {
    const at = [...path, "parameters", i];
    const value = valueString(param.value);
    if (!allowEmpty && value === undefined && param.valueFrom === undefined) {
      c.error(
        at,
        "argument-value",
        `${prefix}${param.name}.value or ${prefix}${param.name}.valueFrom is required`,
      );
    }
    if (param.enum !== undefined) {
      if (param.enum.length === 0) {
        c.error(
          [...at, "enum"],
          "argument-enum",
          `${prefix}${param.name}.enum should contain at least one value`,
        );
      } else if (value !== undefined && !param.enum.map(String).includes(value)) {
        c.error(
          [...at, "value"],
          "argument-enum",
          `${prefix}${param.name}.value should be present in ${prefix}${param.name}.enum list`,
        );
      }
    }
  });
}

function validateArtifacts(
  artifacts: readonly Artifact[],
  path: readonly PathSegment[],
  c: IssueCollector,
): void {
  artifacts.forEach((artifact, i) => {
    for (const kind of UNSUPPORTED_ARTIFACT_LOCATION_KINDS) {
      if (artifact[kind] !== undefined) {
        c.warning(
          [...path, i, kind],
          "unsupported",
          `${kind} artifacts are accepted but not supported by Weft`,
        );
      }
    }
  });
}

interface HolderContext {
  readonly templates: ReadonlyMap<string, Template>;
  readonly options: SpecValidationOptions;
  readonly c: IssueCollector;
}

/**
 * A step, task, hook or entrypoint that names a template (`template`, `templateRef` or `inline`).
 * Returns Argo's message (without its location prefix) or undefined.
 */
function templateHolderError(
  holder: { readonly template?: string | undefined; readonly templateRef?: TemplateRef | undefined },
  ctx: HolderContext,
): string | undefined {
  const name = holder.template ?? "";
  const ref = holder.templateRef;
  if (ref !== undefined) {
    if (name !== "") return "template name cannot be specified with templateRef";
    if ((ref.name ?? "") === "") return "resource name is required";
    if ((ref.template ?? "") === "") return "template name is required";
    if (ctx.options.templateRefExists !== undefined && !ctx.options.templateRefExists(ref)) {
      return `template reference ${ref.name ?? ""}.${ref.template ?? ""} not found`;
    }
    return undefined;
  }
  if (name !== "" && !name.includes("{{") && !ctx.templates.has(name))
    return `template name '${name}' undefined`;
  return undefined;
}

function validateInvocation(
  holder: WorkflowStep | DAGTask,
  path: readonly PathSegment[],
  prefix: string,
  ctx: HolderContext,
): void {
  const c = ctx.c;
  const refError = templateHolderError(holder, ctx);
  if (refError !== undefined) {
    c.error(
      [...path, holder.templateRef !== undefined ? "templateRef" : "template"],
      holder.templateRef !== undefined ? "template-ref" : "template-exists",
      `${prefix} ${refError}`,
    );
  }
  const defined =
    ((holder.withItems?.length ?? 0) > 0 ? 1 : 0) +
    ((holder.withParam ?? "") !== "" ? 1 : 0) +
    (holder.withSequence !== undefined ? 1 : 0);
  if (defined > 1) {
    c.error(
      path,
      "with-items-exclusive",
      `${prefix} only one of withItems, withParam, withSequence can be specified`,
    );
  }
  if (holder.withSequence?.count !== undefined && holder.withSequence.end !== undefined) {
    c.error(
      [...path, "withSequence"],
      "with-sequence",
      `${prefix} only one of count or end can be defined in withSequence`,
    );
  }
  for (const [hookName, hook] of Object.entries(holder.hooks ?? {})) {
    const at = [...path, "hooks", hookName];
    if (hookName !== "exit" && (hook.expression ?? "") === "") {
      c.error([...at, "expression"], "hook-expression", `${prefix}.${hookName} Expression required`);
    }
    const hookError = templateHolderError(hook, ctx);
    if (hookError !== undefined) c.error(at, "template-exists", `${prefix}.hooks.${hookName} ${hookError}`);
  }
  if (holder.onExit !== undefined && holder.onExit !== "" && !ctx.templates.has(holder.onExit)) {
    c.error([...path, "onExit"], "template-exists", `${prefix} template name '${holder.onExit}' undefined`);
  }
}

function validateTemplate(
  template: Template,
  path: readonly PathSegment[],
  ctx: HolderContext,
  defaults: WorkflowSpec["templateDefaults"],
): void {
  const c = ctx.c;
  const name = template.name ?? "";
  const t = `templates.${name}`;
  const types = templateTypes(template);
  if (types.length === 0) {
    c.error(path, "template-type", `${t} template type unspecified. ${TEMPLATE_TYPES_MESSAGE}`);
  } else if (types.length > 1) {
    c.error(path, "template-type", `${t} multiple template types specified. ${TEMPLATE_TYPES_MESSAGE}`);
  }
  for (const type of types) {
    if (UNSUPPORTED_TEMPLATE_TYPES.has(type)) {
      c.warning([...path, type], "unsupported", `${type} templates are accepted but not run by Weft`);
    }
  }
  validateNamed(
    template.inputs?.parameters ?? [],
    [...path, "inputs", "parameters"],
    `${t}.inputs.parameters`,
    "param",
    "parameter-name",
    c,
  );
  validateNamed(
    template.inputs?.artifacts ?? [],
    [...path, "inputs", "artifacts"],
    `${t}.inputs.artifacts`,
    "param",
    "artifact-name",
    c,
  );
  validateNamed(
    template.outputs?.parameters ?? [],
    [...path, "outputs", "parameters"],
    `${t}.outputs.parameters`,
    "param",
    "parameter-name",
    c,
  );
  validateNamed(
    template.outputs?.artifacts ?? [],
    [...path, "outputs", "artifacts"],
    `${t}.outputs.artifacts`,
    "param",
    "artifact-name",
    c,
  );
  validateArtifacts(template.inputs?.artifacts ?? [], [...path, "inputs", "artifacts"], c);
  validateArtifacts(template.outputs?.artifacts ?? [], [...path, "outputs", "artifacts"], c);

  const isLeaf = template.steps === undefined && template.dag === undefined;
  if (!isLeaf && template.activeDeadlineSeconds !== undefined) {
    c.error(
      [...path, "activeDeadlineSeconds"],
      "active-deadline-leaf",
      `${t}.activeDeadlineSeconds is only valid for leaf templates`,
    );
  }
  if (isLeaf && template.parallelism !== undefined) {
    c.error(
      [...path, "parallelism"],
      "parallelism-non-leaf",
      `${t}.parallelism is only valid for steps and dag templates`,
    );
  }
  if (isLeaf && template.activeDeadlineSeconds !== undefined) {
    const v = template.activeDeadlineSeconds;
    const ok = typeof v === "number" ? v >= 0 : /^\d+$/.test(v) || v.includes("{{");
    if (!ok) {
      c.error(
        [...path, "activeDeadlineSeconds"],
        "active-deadline",
        `${t}.activeDeadlineSeconds must be a positive integer > 0 or an argo variable`,
      );
    }
  }
  if (template.timeout !== undefined && template.timeout !== "") {
    if (!isLeaf) {
      const type = template.steps !== undefined ? "Steps" : "DAG";
      c.error([...path, "timeout"], "timeout", `${type} template doesn't support timeout field`);
    } else if (/^[+-]?\d+$/.test(template.timeout)) {
      c.error([...path, "timeout"], "timeout", `${name} has invalid duration format in timeout`);
    }
  }
  if (!isLeaf && template.pendingTimeout !== undefined && template.pendingTimeout !== "") {
    const type = template.steps !== undefined ? "Steps" : "DAG";
    c.error([...path, "pendingTimeout"], "timeout", `${type} template doesn't support pendingTimeout field`);
  }
  if (template.container !== undefined && (template.container.image ?? "") === "") {
    if ((defaults?.container?.image ?? "") === "") {
      c.error([...path, "container", "image"], "container-image", `${t}.container.image may not be empty`);
    }
  }
  if (template.script !== undefined && (template.script.image ?? "") === "") {
    if ((defaults?.script?.image ?? "") === "") {
      c.error([...path, "script", "image"], "container-image", `${t}.script.image may not be empty`);
    }
  }
  if (template.metrics !== undefined) validateMetrics(template.metrics, [...path, "metrics"], name, c);

  if (template.steps !== undefined) {
    const names = new Set<string>();
    template.steps.forEach((group, i) => {
      group.forEach((step, j) => {
        const at = [...path, "steps", i, j];
        const stepName = step.name ?? "";
        if (stepName === "") {
          c.error([...at, "name"], "step-name", `${t}.steps[${i}].name is required`);
          return;
        }
        if (names.has(stepName)) {
          c.error([...at, "name"], "step-name", `${t}.steps[${i}].name '${stepName}' is not unique`);
        } else {
          const errs = workflowFieldNameErrors(stepName.replaceAll(/\{\{[^}]*\}\}/g, "x"));
          if (errs.length > 0) {
            c.error(
              [...at, "name"],
              "step-name",
              `${t}.steps[${i}].name '${stepName}' is invalid: ${errs.join(";")}`,
            );
          }
        }
        names.add(stepName);
        validateArguments(
          step.arguments,
          [...at, "arguments"],
          `${t}.steps[${i}].${stepName}.arguments.`,
          true,
          c,
        );
        validateInvocation(step, at, `${t}.steps[${i}].${stepName}`, ctx);
      });
    });
  }
  if (template.dag !== undefined) {
    const dagPath = [...path, "dag"];
    validateNamed(template.dag.tasks, [...dagPath, "tasks"], `${t}.tasks`, "field", "dag-task-name", c);
    validateDag(template.dag, name, dagPath, c);
    template.dag.tasks.forEach((task, i) => {
      validateInvocation(task, [...dagPath, "tasks", i], `${t}.tasks.${task.name}`, ctx);
    });
  }
  if (template.synchronization !== undefined) {
    c.warning(
      [...path, "synchronization"],
      "unsupported",
      "synchronization is accepted but not enforced by Weft",
    );
  }
  if (template.memoize !== undefined) {
    c.warning([...path, "memoize"], "unsupported", "memoize is accepted but ignored by Weft");
  }
}

/** Rules of a workflow spec (Workflow, WorkflowTemplate, CronWorkflow `workflowSpec`). */
export function validateWorkflowSpec(
  spec: WorkflowSpec,
  path: readonly PathSegment[],
  c: IssueCollector,
  options: SpecValidationOptions = {},
): void {
  const templatesList = spec.templates ?? [];
  const templates = new Map<string, Template>();
  for (const template of templatesList) {
    if (template.name !== undefined && !templates.has(template.name)) templates.set(template.name, template);
  }
  const ctx: HolderContext = { templates, options, c };
  const usesRef = spec.workflowTemplateRef !== undefined;

  if (usesRef && templatesList.length > 0) {
    c.error(
      [...path, "templates"],
      "workflow-template-ref",
      "Templates is invalid field in spec if workflow referred WorkflowTemplate reference",
    );
  }
  validateNamed(templatesList, [...path, "templates"], "spec.templates", "field", "template-name", c);
  validateArguments(
    spec.arguments,
    [...path, "arguments"],
    "spec.arguments.",
    options.allowEmptyArgumentValues === true || usesRef,
    c,
  );

  const entrypoint = spec.entrypoint ?? "";
  if (!usesRef) {
    if (entrypoint === "") {
      if (options.ignoreEmptyEntrypoint !== true) {
        c.error([...path, "entrypoint"], "entrypoint-required", "spec.entrypoint is required");
      }
    } else if (!entrypoint.includes("{{") && !templates.has(entrypoint)) {
      c.error([...path, "entrypoint"], "entrypoint-exists", `template name '${entrypoint}' undefined`);
    }
    const onExit = spec.onExit ?? "";
    if (onExit !== "" && !onExit.includes("{{") && !templates.has(onExit)) {
      c.error([...path, "onExit"], "template-exists", `template name '${onExit}' undefined`);
    }
  }
  for (const [hookName, hook] of Object.entries(spec.hooks ?? {})) {
    if (hookName !== "exit" && (hook.expression ?? "") === "") {
      c.error(
        [...path, "hooks", hookName, "expression"],
        "hook-expression",
        `hooks.${hookName} Expression required`,
      );
    }
    const err = templateHolderError(hook, ctx);
    if (err !== undefined && !usesRef)
      c.error([...path, "hooks", hookName], "template-exists", `hooks.${hookName} ${err}`);
  }
  if (spec.metrics !== undefined) validateMetrics(spec.metrics, [...path, "metrics"], undefined, c);
  if (spec.parallelism !== undefined && spec.parallelism < 1) {
    c.error([...path, "parallelism"], "parallelism", "spec.parallelism must be at least 1");
  }
  templatesList.forEach((template, i) => {
    validateTemplate(template, [...path, "templates", i], ctx, spec.templateDefaults);
  });
  if (spec.synchronization !== undefined) {
    c.warning(
      [...path, "synchronization"],
      "unsupported",
      "synchronization is accepted but not enforced by Weft",
    );
  }
}
