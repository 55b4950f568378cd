import type { z } from "zod";
import { API_VERSION, MAX_OBJECT_NAME_LENGTH } from "../constants/api.js";
import { dns1123SubdomainErrors } from "../names.js";
import type { ObjectMeta } from "../schema/kubernetes.js";
import {
  type ClusterWorkflowTemplate,
  ClusterWorkflowTemplateSchema,
  type CronWorkflow,
  CronWorkflowSchema,
  type Workflow,
  WorkflowSchema,
  type WorkflowTaskResult,
  WorkflowTaskResultSchema,
  type WorkflowTemplate,
  WorkflowTemplateSchema,
} from "../schema/resources.js";
import { forEachUnknownField } from "../unknown-fields.js";
import { validateCronSpec } from "./cron.js";
import { formatIssue, formatPath, IssueCollector, type PathSegment, type ValidationIssue } from "./issues.js";
import { type SpecValidationOptions, validateWorkflowSpec } from "./workflow-spec.js";

export type ValidationResult<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** Warnings only. */
      readonly issues: readonly ValidationIssue[];
    }
  | { readonly ok: false; readonly value: undefined; readonly issues: readonly ValidationIssue[] };

export type ValidateOptions = SpecValidationOptions;

/** Every error of a failed result, one `path: message` per line. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.severity}: ${formatIssue(i)}`).join("\n");
}

function shapeIssues(schema: z.ZodType, input: unknown, c: IssueCollector): unknown {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const segments = issue.path.filter(
      (p): p is PathSegment => typeof p === "string" || typeof p === "number",
    );
    c.error(segments, issue.code === "custom" ? "schema" : `schema-${issue.code}`, issue.message);
  }
  return undefined;
}

function validateMetadata(meta: ObjectMeta, maxLength: number, what: string, c: IssueCollector): void {
  const name = meta.name;
  if ((name === undefined || name === "") && (meta.generateName ?? "") === "") {
    c.error(["metadata", "name"], "name-required", "name or generateName is required");
    return;
  }
  if (name !== undefined && name !== "") {
    for (const err of dns1123SubdomainErrors(name)) {
      c.error(["metadata", "name"], "dns1123-name", `Invalid value: ${JSON.stringify(name)}: ${err}`);
    }
    if (name.length > maxLength) {
      c.error(
        ["metadata", "name"],
        "name-length",
        `${what} name ${JSON.stringify(name)} must not be more than ${maxLength} characters long (currently ${name.length})`,
      );
    }
  }
  const generateName = meta.generateName;
  if (generateName !== undefined && generateName !== "") {
    // The API server appends 5 random characters; the prefix must still make a valid name.
    for (const err of dns1123SubdomainErrors(`${generateName}a`)) {
      c.error(
        ["metadata", "generateName"],
        "dns1123-name",
        `Invalid value: ${JSON.stringify(generateName)}: ${err}`,
      );
    }
  }
}

function run<T>(
  schema: z.ZodType<T>,
  input: unknown,
  semantic: (value: T, c: IssueCollector) => void,
): ValidationResult<T> {
  const c = new IssueCollector();
  let value: T | undefined;
  try {
    value = shapeIssues(schema, input, c) as T | undefined;
    if (value !== undefined) {
      const apiVersion = (value as { apiVersion?: unknown }).apiVersion;
      if (apiVersion !== API_VERSION) {
        c.error(
          ["apiVersion"],
          "api-version",
          `apiVersion must be ${API_VERSION}, got ${JSON.stringify(apiVersion)}`,
        );
      }
      forEachUnknownField(schema, input, (path) => {
        c.warning(path, "unknown-field", `unknown field ${JSON.stringify(formatPath(path))}`);
      });
      semantic(value, c);
    }
  } catch (error) {
    // Validation must never throw on bad input; a failure here is a bug, reported as an issue.
    const reason = error instanceof Error ? error.message : String(error);
    c.error([], "internal", `validation failed unexpectedly: ${reason}`);
  }
  if (value === undefined || c.issues.some((i) => i.severity === "error")) {
    return { ok: false, value: undefined, issues: c.issues };
  }
  return { ok: true, value, issues: c.issues };
}

/** Validates a Workflow manifest: shape, then Argo's rules. Never throws. */
export function validateWorkflow(input: unknown, options: ValidateOptions = {}): ValidationResult<Workflow> {
  return run(WorkflowSchema, input, (wf, c) => {
    validateMetadata(wf.metadata, MAX_OBJECT_NAME_LENGTH, "workflow", c);
    validateWorkflowSpec(wf.spec, ["spec"], c, options);
  });
}

/** Validates a WorkflowTemplate: arguments may lack values (they are given at submission). */
export function validateWorkflowTemplate(
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<WorkflowTemplate> {
  return run(WorkflowTemplateSchema, input, (tmpl, c) => {
    validateMetadata(tmpl.metadata, MAX_OBJECT_NAME_LENGTH, "workflow template", c);
    validateWorkflowSpec(tmpl.spec, ["spec"], c, {
      ...options,
      allowEmptyArgumentValues: true,
      ignoreEmptyEntrypoint: true,
    });
  });
}

export function validateClusterWorkflowTemplate(
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<ClusterWorkflowTemplate> {
  return run(ClusterWorkflowTemplateSchema, input, (tmpl, c) => {
    validateMetadata(tmpl.metadata, MAX_OBJECT_NAME_LENGTH, "cluster workflow template", c);
    validateWorkflowSpec(tmpl.spec, ["spec"], c, {
      ...options,
      allowEmptyArgumentValues: true,
      ignoreEmptyEntrypoint: true,
    });
  });
}

/**
 * Validates a CronWorkflow: its own rules, then its `workflowSpec` as a Workflow's (Argo wraps those messages in
 * `cannot validate Workflow: ...`).
 */
export function validateCronWorkflow(
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<CronWorkflow> {
  return run(CronWorkflowSchema, input, (cron, c) => {
    const name = cron.metadata.name;
    if ((name ?? "") === "" && (cron.metadata.generateName ?? "") === "") {
      c.error(["metadata", "name"], "name-required", "name or generateName is required");
    } else if (name !== undefined && name !== "") {
      for (const err of dns1123SubdomainErrors(name)) {
        c.error(["metadata", "name"], "dns1123-name", `Invalid value: ${JSON.stringify(name)}: ${err}`);
      }
    }
    validateCronSpec(name, cron.spec, ["spec"], c);
    const inner = new IssueCollector();
    validateWorkflowSpec(cron.spec.workflowSpec, ["spec", "workflowSpec"], inner, options);
    for (const issue of inner.issues) {
      c.issues.push(
        issue.severity === "error"
          ? { ...issue, message: `cannot validate Workflow: ${issue.message}` }
          : issue,
      );
    }
  });
}

export function validateWorkflowTaskResult(input: unknown): ValidationResult<WorkflowTaskResult> {
  return run(WorkflowTaskResultSchema, input, () => {});
}

export type AnyResource =
  | Workflow
  | WorkflowTemplate
  | ClusterWorkflowTemplate
  | CronWorkflow
  | WorkflowTaskResult;

/** Validates any supported manifest, dispatching on `kind`. */
export function validateManifest(
  input: unknown,
  options: ValidateOptions = {},
): ValidationResult<AnyResource> {
  const kind =
    typeof input === "object" && input !== null && !Array.isArray(input)
      ? (input as { kind?: unknown }).kind
      : undefined;
  switch (kind) {
    case "Workflow":
      return validateWorkflow(input, options);
    case "WorkflowTemplate":
      return validateWorkflowTemplate(input, options);
    case "ClusterWorkflowTemplate":
      return validateClusterWorkflowTemplate(input, options);
    case "CronWorkflow":
      return validateCronWorkflow(input, options);
    case "WorkflowTaskResult":
      return validateWorkflowTaskResult(input);
    default: {
      const c = new IssueCollector();
      c.error(
        ["kind"],
        "kind",
        `unsupported kind ${JSON.stringify(kind ?? null)}: expected Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow or WorkflowTaskResult`,
      );
      return { ok: false, value: undefined, issues: c.issues };
    }
  }
}
