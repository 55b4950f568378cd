import { stringify } from "yaml";
import type { z } from "zod";
import { API_GROUP, API_VERSION_NAME } from "./constants/api.js";
import { INT_OR_STRING, PRESERVE } from "./schema/building-blocks.js";
import { unwrap } from "./schema/introspect.js";
import {
  ClusterWorkflowTemplateSchema,
  CronWorkflowSpecSchema,
  CronWorkflowStatusSchema,
  WorkflowTaskResultSchema,
} from "./schema/resources.js";
import { WorkflowSpecSchema } from "./schema/workflow-spec.js";
import { WorkflowStatusSchema } from "./schema/workflow-status.js";

/** An OpenAPI v3 schema node as Kubernetes' apiextensions.k8s.io/v1 accepts it. */
export type JsonSchemaProps = { [key: string]: unknown };

/**
 * Converts a zod schema of this package into a structural OpenAPI v3 schema: every node has a `type`, except
 * int-or-string nodes and subtrees marked `x-kubernetes-preserve-unknown-fields`.
 */
export function toStructuralSchema(schema: z.core.$ZodType): JsonSchemaProps {
  const { node, nullable } = unwrap(schema);
  const out: JsonSchemaProps = {};
  const description = node.meta.description;
  if (typeof description === "string") out.description = description;
  if (node.meta[INT_OR_STRING] === true) {
    out.anyOf = [{ type: "integer" }, { type: "string" }];
    out[INT_OR_STRING] = true;
    return out;
  }
  const preserve = node.meta[PRESERVE] === true;
  switch (node.kind) {
    case "string":
      out.type = "string";
      if (typeof node.meta.format === "string") out.format = node.meta.format;
      break;
    case "number":
      out.type = node.format === undefined ? "number" : "integer";
      if (node.format !== undefined) out.format = node.format;
      break;
    case "boolean":
      out.type = "boolean";
      break;
    case "enum":
      out.type = "string";
      out.enum = [...node.values];
      break;
    case "literal":
      out.type = typeof node.values[0] === "number" ? "number" : "string";
      break;
    case "array":
      out.type = "array";
      out.items = toStructuralSchema(node.element);
      break;
    case "record":
      out.type = "object";
      if (!preserve) out.additionalProperties = toStructuralSchema(node.value);
      break;
    case "object": {
      out.type = "object";
      const properties: Record<string, JsonSchemaProps> = {};
      const required: string[] = [];
      for (const key of Object.keys(node.shape).sort()) {
        const child = node.shape[key];
        if (child === undefined) continue;
        properties[key] = toStructuralSchema(child);
        if (!unwrap(child).optional) required.push(key);
      }
      if (Object.keys(properties).length > 0) out.properties = properties;
      if (required.length > 0) out.required = required;
      break;
    }
    case "union":
    case "unknown":
      if (!preserve) {
        throw new Error(`a ${node.kind} schema needs ${PRESERVE} or ${INT_OR_STRING} to be structural`);
      }
      break;
  }
  if (preserve) out[PRESERVE] = true;
  if (nullable) out.nullable = true;
  return out;
}

export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  readonly description?: string;
  readonly format?: string;
}

interface CrdSpec {
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames?: readonly string[];
  readonly scope: "Namespaced" | "Cluster";
  readonly properties: Readonly<Record<string, JsonSchemaProps>>;
  readonly required: readonly string[];
  readonly statusSubresource: boolean;
  readonly printerColumns?: readonly PrinterColumn[];
}

function crd(spec: CrdSpec): Record<string, unknown> {
  const version: Record<string, unknown> = {};
  if (spec.printerColumns !== undefined) version.additionalPrinterColumns = spec.printerColumns;
  version.name = API_VERSION_NAME;
  version.schema = {
    openAPIV3Schema: {
      properties: {
        apiVersion: { type: "string" },
        kind: { type: "string" },
        metadata: { type: "object" },
        ...spec.properties,
      },
      required: [...spec.required],
      type: "object",
    },
  };
  version.served = true;
  version.storage = true;
  if (spec.statusSubresource) version.subresources = { status: {} };
  const names: Record<string, unknown> = {
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    plural: spec.plural,
  };
  if (spec.shortNames !== undefined) names.shortNames = [...spec.shortNames];
  names.singular = spec.singular;
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${spec.plural}.${API_GROUP}` },
    spec: { group: API_GROUP, names, scope: spec.scope, versions: [version] },
  };
}

/** Argo's printer columns for Workflows. */
export const WORKFLOW_PRINTER_COLUMNS: readonly PrinterColumn[] = [
  { description: "Status of the workflow", jsonPath: ".status.phase", name: "Status", type: "string" },
  {
    description: "When the workflow was started",
    format: "date-time",
    jsonPath: ".status.startedAt",
    name: "Age",
    type: "date",
  },
  {
    description: "Human readable message indicating details about why the workflow is in this condition.",
    jsonPath: ".status.message",
    name: "Message",
    type: "string",
  },
];

/** A generated CRD and the file name it is checked in under (`crds/<file>`). */
export interface GeneratedCrd {
  readonly file: string;
  readonly manifest: Record<string, unknown>;
}

/** The CustomResourceDefinitions of every resource, generated from the schemas. */
export function generateCrds(): GeneratedCrd[] {
  const workflowSpec = toStructuralSchema(WorkflowSpecSchema);
  const taskResult = toStructuralSchema(WorkflowTaskResultSchema);
  const taskResultProps = { ...((taskResult.properties as Record<string, JsonSchemaProps>) ?? {}) };
  delete taskResultProps.apiVersion;
  delete taskResultProps.kind;
  delete taskResultProps.metadata;
  const manifests: Array<[string, CrdSpec]> = [
    [
      "argoproj.io_workflows.yaml",
      {
        kind: "Workflow",
        plural: "workflows",
        singular: "workflow",
        shortNames: ["wf"],
        scope: "Namespaced",
        properties: { spec: workflowSpec, status: toStructuralSchema(WorkflowStatusSchema) },
        required: ["metadata", "spec"],
        statusSubresource: true,
        printerColumns: WORKFLOW_PRINTER_COLUMNS,
      },
    ],
    [
      "argoproj.io_workflowtemplates.yaml",
      {
        kind: "WorkflowTemplate",
        plural: "workflowtemplates",
        singular: "workflowtemplate",
        shortNames: ["wftmpl"],
        scope: "Namespaced",
        properties: { spec: workflowSpec },
        required: ["metadata", "spec"],
        statusSubresource: false,
      },
    ],
    [
      "argoproj.io_clusterworkflowtemplates.yaml",
      {
        kind: ClusterWorkflowTemplateSchema.shape.kind.value,
        plural: "clusterworkflowtemplates",
        singular: "clusterworkflowtemplate",
        shortNames: ["clusterwftmpl", "cwft"],
        scope: "Cluster",
        properties: { spec: workflowSpec },
        required: ["metadata", "spec"],
        statusSubresource: false,
      },
    ],
    [
      "argoproj.io_cronworkflows.yaml",
      {
        kind: "CronWorkflow",
        plural: "cronworkflows",
        singular: "cronworkflow",
        shortNames: ["cwf", "cronwf"],
        scope: "Namespaced",
        properties: {
          spec: toStructuralSchema(CronWorkflowSpecSchema),
          status: toStructuralSchema(CronWorkflowStatusSchema),
        },
        required: ["metadata", "spec"],
        statusSubresource: true,
      },
    ],
    [
      "argoproj.io_workflowtaskresults.yaml",
      {
        kind: "WorkflowTaskResult",
        plural: "workflowtaskresults",
        singular: "workflowtaskresult",
        scope: "Namespaced",
        properties: taskResultProps,
        required: ["metadata"],
        statusSubresource: false,
      },
    ],
  ];
  return manifests.map(([file, spec]) => ({ file, manifest: crd(spec) }));
}

const CRD_HEADER =
  "# Generated from the @weft/contracts schemas by `pnpm --filter @weft/contracts crds`. Do not edit.\n";

/** The checked-in YAML text of a generated CRD. */
export function renderCrdYaml(crdManifest: GeneratedCrd): string {
  return CRD_HEADER + stringify(crdManifest.manifest, { lineWidth: 0 });
}
