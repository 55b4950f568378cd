import { z } from "zod";
import { ArtifactLocationSchema } from "./artifact-location.js";
import { anyJson, int64, intOrString, obj, opaque, stringMap } from "./building-blocks.js";
import {
  ContainerSchema,
  ContainerSetTemplateSchema,
  ScriptTemplateSchema,
  UserContainerSchema,
} from "./container.js";
import { MetricsSchema } from "./metrics.js";
import {
  ArgumentsSchema,
  ArtifactSchema,
  InputsSchema,
  MemoizeSchema,
  OutputsSchema,
  SynchronizationSchema,
} from "./parameters.js";
import { RetryStrategySchema } from "./retry-strategy.js";

export const TemplateRefSchema = obj({
  name: z.string().optional(),
  template: z.string().optional(),
  clusterScope: z.boolean().optional(),
});
export type TemplateRef = z.infer<typeof TemplateRefSchema>;

export const ContinueOnSchema = obj({ error: z.boolean().optional(), failed: z.boolean().optional() });
export type ContinueOn = z.infer<typeof ContinueOnSchema>;

/** `withSequence`: numbers from `start` to `end` (or `count` of them), printed with `format`. */
export const SequenceSchema = obj({
  count: intOrString.optional(),
  start: intOrString.optional(),
  end: intOrString.optional(),
  format: z.string().optional(),
});
export type Sequence = z.infer<typeof SequenceSchema>;

export const LifecycleHookSchema = obj({
  template: z.string().optional(),
  arguments: ArgumentsSchema.optional(),
  templateRef: TemplateRefSchema.optional(),
  expression: z.string().optional(),
});
export type LifecycleHook = z.infer<typeof LifecycleHookSchema>;

/** Hooks by name; `exit` runs when the step, task or workflow ends. */
export const LifecycleHooksSchema = z.record(z.string(), LifecycleHookSchema);
export type LifecycleHooks = z.infer<typeof LifecycleHooksSchema>;

const inlineTemplate = opaque("an inline template (validated as a template when present)");

const invocationShape = {
  template: z.string().optional(),
  inline: inlineTemplate.optional(),
  arguments: ArgumentsSchema.optional(),
  templateRef: TemplateRefSchema.optional(),
  withItems: z.array(anyJson).optional(),
  withParam: z.string().optional(),
  withSequence: SequenceSchema.optional(),
  when: z.string().optional(),
  continueOn: ContinueOnSchema.optional(),
  /** Deprecated: use `hooks.exit`. */
  onExit: z.string().optional(),
  hooks: LifecycleHooksSchema.optional(),
};

export const WorkflowStepSchema = obj({ name: z.string().optional(), ...invocationShape });
export type WorkflowStep = z.infer<typeof WorkflowStepSchema>;

export const DAGTaskSchema = obj({
  name: z.string(),
  ...invocationShape,
  /** Deprecated: use `depends`. */
  dependencies: z.array(z.string()).optional(),
  depends: z.string().optional(),
});
export type DAGTask = z.infer<typeof DAGTaskSchema>;

export const DAGTemplateSchema = obj({
  target: z.string().optional(),
  tasks: z.array(DAGTaskSchema),
  failFast: z.boolean().optional(),
});
export type DAGTemplate = z.infer<typeof DAGTemplateSchema>;

export const SuspendTemplateSchema = obj({ duration: z.string().optional() });
export type SuspendTemplate = z.infer<typeof SuspendTemplateSchema>;

export const ResourceTemplateSchema = obj({
  action: z.string(),
  mergeStrategy: z.string().optional(),
  manifest: z.string().optional(),
  manifestFrom: obj({ artifact: ArtifactSchema }).optional(),
  setOwnerReference: z.boolean().optional(),
  successCondition: z.string().optional(),
  failureCondition: z.string().optional(),
  flags: z.array(z.string()).optional(),
});
export type ResourceTemplate = z.infer<typeof ResourceTemplateSchema>;

export const TemplateMetadataSchema = obj({
  annotations: stringMap.optional(),
  labels: stringMap.optional(),
});
export type TemplateMetadata = z.infer<typeof TemplateMetadataSchema>;

/** The fields every template (and `templateDefaults`) may carry, without a template type. */
export const templateShape = {
  name: z.string().optional(),
  inputs: InputsSchema.optional(),
  outputs: OutputsSchema.optional(),
  nodeSelector: stringMap.optional(),
  affinity: opaque("pod affinity").optional(),
  metadata: TemplateMetadataSchema.optional(),
  daemon: z.boolean().optional(),
  /** Groups of steps: the outer list runs in sequence, each inner list in parallel. */
  steps: z.array(z.array(WorkflowStepSchema)).optional(),
  container: ContainerSchema.optional(),
  containerSet: ContainerSetTemplateSchema.optional(),
  script: ScriptTemplateSchema.optional(),
  resource: ResourceTemplateSchema.optional(),
  dag: DAGTemplateSchema.optional(),
  suspend: SuspendTemplateSchema.optional(),
  data: opaque("data template (accepted, not supported by Weft)").optional(),
  http: opaque("HTTP template (accepted, not supported by Weft)").optional(),
  plugin: opaque("plugin template (accepted, not supported by Weft)").optional(),
  volumes: z.array(opaque("volume")).optional(),
  initContainers: z.array(UserContainerSchema).optional(),
  sidecars: z.array(UserContainerSchema).optional(),
  archiveLocation: ArtifactLocationSchema.optional(),
  activeDeadlineSeconds: intOrString.optional(),
  retryStrategy: RetryStrategySchema.optional(),
  parallelism: int64.optional(),
  failFast: z.boolean().optional(),
  tolerations: z.array(opaque("toleration")).optional(),
  schedulerName: z.string().optional(),
  priorityClassName: z.string().optional(),
  serviceAccountName: z.string().optional(),
  automountServiceAccountToken: z.boolean().optional(),
  executor: obj({ serviceAccountName: z.string().optional() }).optional(),
  hostAliases: z.array(opaque("host alias")).optional(),
  securityContext: opaque("pod security context").optional(),
  podSpecPatch: z.string().optional(),
  metrics: MetricsSchema.optional(),
  synchronization: SynchronizationSchema.optional(),
  memoize: MemoizeSchema.optional(),
  /** A duration (`"30s"`) after which the template fails. */
  timeout: z.string().optional(),
  annotations: stringMap.optional(),
  pendingTimeout: z.string().optional(),
  podResources: opaque("pod-level resources").optional(),
  resourceClaims: z.array(opaque("resource claim")).optional(),
};

export const TemplateSchema = obj(templateShape);
export type Template = z.infer<typeof TemplateSchema>;

/** The template types Argo knows, in the order Argo checks them. */
export const TEMPLATE_TYPE_FIELDS = [
  "container",
  "containerSet",
  "steps",
  "script",
  "resource",
  "dag",
  "suspend",
  "data",
  "http",
  "plugin",
] as const;
export type TemplateTypeField = (typeof TEMPLATE_TYPE_FIELDS)[number];

/** The template type fields set on `template`. */
export function templateTypes(template: Readonly<Record<string, unknown>>): TemplateTypeField[] {
  return TEMPLATE_TYPE_FIELDS.filter((field) => template[field] !== undefined && template[field] !== null);
}
