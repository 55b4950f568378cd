import { z } from "zod";
import { ArtifactRepositoryRefStatusSchema } from "./artifact-repository.js";
import { int32, int64, obj, opaque, timestamp } from "./building-blocks.js";
import { InputsSchema, OutputsSchema } from "./parameters.js";
import { TemplateRefSchema } from "./template.js";

/** A workflow condition (`type`, `status` True/False/Unknown, `message`). */
export const ConditionSchema = obj({
  type: z.string().optional(),
  status: z.string().optional(),
  message: z.string().optional(),
});
export type Condition = z.infer<typeof ConditionSchema>;

/** Resource usage by resource name (`cpu`, `memory`, ...), in seconds. */
export const ResourcesDurationSchema = z.record(z.string(), int64);

/** One node of a workflow's execution graph (`status.nodes[<id>]`). */
export const NodeStatusSchema = obj({
  id: z.string(),
  name: z.string(),
  displayName: z.string().optional(),
  type: z.string(),
  templateName: z.string().optional(),
  templateRef: TemplateRefSchema.optional(),
  templateScope: z.string().optional(),
  phase: z.string().optional(),
  boundaryID: z.string().optional(),
  message: z.string().optional(),
  startedAt: timestamp.optional(),
  finishedAt: timestamp.optional(),
  estimatedDuration: int64.optional(),
  /** `N/M`. */
  progress: z.string().optional(),
  resourcesDuration: ResourcesDurationSchema.optional(),
  podIP: z.string().optional(),
  daemoned: z.boolean().optional(),
  nodeFlag: obj({ hooked: z.boolean().optional(), retried: z.boolean().optional() }).optional(),
  inputs: InputsSchema.optional(),
  outputs: OutputsSchema.optional(),
  children: z.array(z.string()).optional(),
  outboundNodes: z.array(z.string()).optional(),
  hostNodeName: z.string().optional(),
  memoizationStatus: obj({ hit: z.boolean(), key: z.string(), cacheName: z.string() }).optional(),
  synchronizationStatus: obj({ waiting: z.string().optional() }).optional(),
  taskResultSynced: z.boolean().optional(),
  failedPodRestarts: int32.optional(),
  restartingPodUID: z.string().optional(),
});
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

/** `status.nodes`: node ID → node. */
export const NodesSchema = z.record(z.string(), NodeStatusSchema);
export type Nodes = z.infer<typeof NodesSchema>;

export const WorkflowStatusSchema = obj({
  phase: z.string().optional(),
  startedAt: timestamp.optional(),
  finishedAt: timestamp.optional(),
  estimatedDuration: int64.optional(),
  progress: z.string().optional(),
  message: z.string().optional(),
  /** base64 of the compressed JSON of the nodes, when they were too large to store inline. */
  compressedNodes: z.string().optional(),
  nodes: NodesSchema.optional(),
  /** `fnv:<n>` when the nodes are offloaded to the database. */
  offloadNodeStatusVersion: z.string().optional(),
  storedTemplates: z.record(z.string(), opaque("a stored template")).optional(),
  persistentVolumeClaims: z.array(opaque("volume")).optional(),
  outputs: OutputsSchema.optional(),
  conditions: z.array(ConditionSchema).optional(),
  resourcesDuration: ResourcesDurationSchema.optional(),
  storedWorkflowTemplateSpec: opaque("the stored workflow template spec").optional(),
  synchronization: opaque("synchronization status").optional(),
  artifactRepositoryRef: ArtifactRepositoryRefStatusSchema.optional(),
  artifactGCStatus: obj({
    strategiesProcessed: z.record(z.string(), z.boolean()).optional(),
    podsRecouped: z.record(z.string(), z.boolean()).optional(),
    notSpecified: z.boolean().optional(),
  }).optional(),
  taskResultsCompletionStatus: z.record(z.string(), z.boolean()).optional(),
});
export type WorkflowStatus = z.infer<typeof WorkflowStatusSchema>;
