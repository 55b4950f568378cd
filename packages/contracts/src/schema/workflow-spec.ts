import { z } from "zod";
import { POD_GC_STRATEGIES, SHUTDOWN_STRATEGIES } from "../constants/phases.js";
import { ArtifactRepositoryRefSchema } from "./artifact-repository.js";
import { int32, int64, obj, opaque, stringMap } from "./building-blocks.js";
import { MetricsSchema } from "./metrics.js";
import { ArgumentsSchema, ArtifactGCSchema, SynchronizationSchema } from "./parameters.js";
import { RetryStrategySchema } from "./retry-strategy.js";
import { LifecycleHooksSchema, TemplateMetadataSchema, TemplateSchema, templateShape } from "./template.js";

export const PodGCSchema = obj({
  strategy: z
    .enum(["", ...POD_GC_STRATEGIES], {
      error: (issue) => `podGC.strategy unknown strategy '${String(issue.input)}'`,
    })
    .optional(),
  labelSelector: opaque("label selector").optional(),
  /** A duration string (`"30s"`). */
  deleteDelayDuration: z.string().optional(),
});
export type PodGC = z.infer<typeof PodGCSchema>;

export const TTLStrategySchema = obj({
  secondsAfterCompletion: int32.optional(),
  secondsAfterSuccess: int32.optional(),
  secondsAfterFailure: int32.optional(),
});
export type TTLStrategy = z.infer<typeof TTLStrategySchema>;

export const WorkflowTemplateRefSchema = obj({
  name: z.string().optional(),
  clusterScope: z.boolean().optional(),
});
export type WorkflowTemplateRef = z.infer<typeof WorkflowTemplateRefSchema>;

export const WorkflowMetadataSchema = obj({
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  labelsFrom: z.record(z.string(), obj({ expression: z.string() })).optional(),
});
export type WorkflowMetadata = z.infer<typeof WorkflowMetadataSchema>;

/** `spec` of a Workflow, WorkflowTemplate and (as `workflowSpec`) CronWorkflow. */
export const WorkflowSpecSchema = obj({
  templates: z.array(TemplateSchema).optional(),
  entrypoint: z.string().optional(),
  arguments: ArgumentsSchema.optional(),
  serviceAccountName: z.string().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  executor: obj({ serviceAccountName: z.string().optional() }).optional(),
  volumes: z.array(opaque("volume")).optional(),
  volumeClaimTemplates: z.array(opaque("persistent volume claim")).optional(),
  /** Maximum pods running at once in this workflow. */
  parallelism: int64.optional(),
  artifactRepositoryRef: ArtifactRepositoryRefSchema.optional(),
  suspend: z.boolean().optional(),
  nodeSelector: stringMap.optional(),
  affinity: opaque("pod affinity").optional(),
  tolerations: z.array(opaque("toleration")).optional(),
  imagePullSecrets: z.array(obj({ name: z.string().optional() })).optional(),
  hostNetwork: z.boolean().optional(),
  dnsPolicy: z.string().optional(),
  dnsConfig: opaque("pod DNS config").optional(),
  /** The template to run when the workflow ends. */
  onExit: z.string().optional(),
  ttlStrategy: TTLStrategySchema.optional(),
  activeDeadlineSeconds: int64.optional(),
  priority: int32.optional(),
  schedulerName: z.string().optional(),
  podGC: PodGCSchema.optional(),
  podPriorityClassName: z.string().optional(),
  hostAliases: z.array(opaque("host alias")).optional(),
  securityContext: opaque("pod security context").optional(),
  podSpecPatch: z.string().optional(),
  podDisruptionBudget: opaque("pod disruption budget").optional(),
  metrics: MetricsSchema.optional(),
  shutdown: z
    .enum(["", ...SHUTDOWN_STRATEGIES], {
      error: (issue) => `'${String(issue.input)}' is not a valid shutdown strategy (Terminate or Stop)`,
    })
    .optional(),
  workflowTemplateRef: WorkflowTemplateRefSchema.optional(),
  synchronization: SynchronizationSchema.optional(),
  volumeClaimGC: obj({ strategy: z.string().optional() }).optional(),
  retryStrategy: RetryStrategySchema.optional(),
  podMetadata: TemplateMetadataSchema.optional(),
  /** Fields merged into every template. */
  templateDefaults: obj(templateShape).optional(),
  archiveLogs: z.boolean().optional(),
  hooks: LifecycleHooksSchema.optional(),
  workflowMetadata: WorkflowMetadataSchema.optional(),
  artifactGC: ArtifactGCSchema.extend({
    forceFinalizerRemoval: z.boolean().optional(),
    podSpecPatch: z.string().optional(),
  }).optional(),
  executorPlugins: z.array(opaque("executor plugin")).optional(),
  podResources: opaque("pod-level resources").optional(),
  resourceClaims: z.array(opaque("resource claim")).optional(),
});
export type WorkflowSpec = z.infer<typeof WorkflowSpecSchema>;
