import { z } from "zod";
import { CONCURRENCY_POLICIES } from "../constants/phases.js";
import { int32, int64, obj, timestamp } from "./building-blocks.js";
import { ObjectMetaSchema, ObjectReferenceSchema } from "./kubernetes.js";
import { OutputsSchema } from "./parameters.js";
import { WorkflowMetadataSchema, WorkflowSpecSchema } from "./workflow-spec.js";
import { ConditionSchema, WorkflowStatusSchema } from "./workflow-status.js";

const apiVersion = z.string();

export const WorkflowSchema = obj({
  apiVersion,
  kind: z.literal("Workflow"),
  metadata: ObjectMetaSchema,
  spec: WorkflowSpecSchema,
  status: WorkflowStatusSchema.optional(),
});
export type Workflow = z.infer<typeof WorkflowSchema>;

export const WorkflowTemplateSchema = obj({
  apiVersion,
  kind: z.literal("WorkflowTemplate"),
  metadata: ObjectMetaSchema,
  spec: WorkflowSpecSchema,
});
export type WorkflowTemplate = z.infer<typeof WorkflowTemplateSchema>;

export const ClusterWorkflowTemplateSchema = obj({
  apiVersion,
  kind: z.literal("ClusterWorkflowTemplate"),
  metadata: ObjectMetaSchema,
  spec: WorkflowSpecSchema,
});
export type ClusterWorkflowTemplate = z.infer<typeof ClusterWorkflowTemplateSchema>;

export const CronWorkflowSpecSchema = obj({
  workflowSpec: WorkflowSpecSchema,
  /** Allow (default), Forbid or Replace. */
  concurrencyPolicy: z
    .enum(["", ...CONCURRENCY_POLICIES], {
      error: (issue) => `'${String(issue.input)}' is not a valid concurrencyPolicy`,
    })
    .optional(),
  suspend: z.boolean().optional(),
  startingDeadlineSeconds: int64.optional(),
  successfulJobsHistoryLimit: int32.optional(),
  failedJobsHistoryLimit: int32.optional(),
  /** IANA zone name; the machine's local time when empty. */
  timezone: z.string().optional(),
  workflowMetadata: obj({
    ...ObjectMetaSchema.shape,
    labelsFrom: WorkflowMetadataSchema.shape.labelsFrom,
  }).optional(),
  stopStrategy: obj({ expression: z.string() }).optional(),
  /** Standard 5-field cron specs, `@hourly`-style descriptors, or `@every <duration>`. */
  schedules: z.array(z.string()),
  when: z.string().optional(),
});
export type CronWorkflowSpec = z.infer<typeof CronWorkflowSpecSchema>;

export const CronWorkflowStatusSchema = obj({
  active: z.array(ObjectReferenceSchema).nullable().optional(),
  lastScheduledTime: timestamp.optional(),
  conditions: z.array(ConditionSchema).nullable().optional(),
  succeeded: int64.optional(),
  failed: int64.optional(),
  /** Active or Stopped. */
  phase: z.string().optional(),
});
export type CronWorkflowStatus = z.infer<typeof CronWorkflowStatusSchema>;

export const CronWorkflowSchema = obj({
  apiVersion,
  kind: z.literal("CronWorkflow"),
  metadata: ObjectMetaSchema,
  spec: CronWorkflowSpecSchema,
  status: CronWorkflowStatusSchema.optional(),
});
export type CronWorkflow = z.infer<typeof CronWorkflowSchema>;

/** What the executor reports for one node (fields inlined at the top level of the resource). */
export const WorkflowTaskResultSchema = obj({
  apiVersion,
  kind: z.literal("WorkflowTaskResult"),
  metadata: ObjectMetaSchema,
  phase: z.string().optional(),
  message: z.string().optional(),
  outputs: OutputsSchema.optional(),
  progress: z.string().optional(),
});
export type WorkflowTaskResult = z.infer<typeof WorkflowTaskResultSchema>;
