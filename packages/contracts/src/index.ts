// Hashes and Go-compatible JSON

// Constants
export type { Kind } from "./constants/api.js";
export {
  API_GROUP,
  API_VERSION,
  API_VERSION_NAME,
  CONTAINER_NAMES,
  KINDS,
  MAX_CRON_WORKFLOW_NAME_LENGTH,
  MAX_OBJECT_NAME_LENGTH,
  PLURALS,
} from "./constants/api.js";
export type { Finalizer } from "./constants/finalizers.js";
export { FINALIZERS } from "./constants/finalizers.js";
export type { AnnotationKey, LabelKey } from "./constants/labels.js";
export { ANNOTATIONS, killCommandAnnotation, LABELS } from "./constants/labels.js";
export type {
  ConcurrencyPolicy,
  ConditionStatus,
  ConditionType,
  CronWorkflowPhase,
  FulfilledInput,
  GaugeOperation,
  NodePhase,
  NodeType,
  PodGCStrategy,
  RetryPolicy,
  ShutdownStrategy,
  TaskResult,
  WorkflowPhase,
} from "./constants/phases.js";
export {
  CONCURRENCY_POLICIES,
  CONDITION_STATUSES,
  CONDITION_TYPES,
  CRON_WORKFLOW_PHASES,
  GAUGE_OPERATIONS,
  isNodeFulfilled,
  isNodePhaseCompleted,
  isWorkflowPhaseCompleted,
  NODE_PHASES,
  NODE_TYPES,
  POD_GC_STRATEGIES,
  RETRY_POLICIES,
  SHUTDOWN_STRATEGIES,
  TASK_RESULTS,
  WORKFLOW_PHASES,
} from "./constants/phases.js";
// CRDs
export type { GeneratedCrd, JsonSchemaProps, PrinterColumn } from "./crd.js";
export { generateCrds, renderCrdYaml, toStructuralSchema, WORKFLOW_PRINTER_COLUMNS } from "./crd.js";
export { cronRunName, cronWorkflowToWorkflow, scheduleWithTimezoneString } from "./cron-run.js";
export type { CronParseResult, CronSchedule } from "./cron-schedule.js";
export { parseCronSchedule } from "./cron-schedule.js";
export type { DurationResult } from "./duration.js";
export { parseArgoDuration, parseGoDuration } from "./duration.js";
export { fnv1_32, fnv1a32 } from "./fnv.js";
export type { GoField, GoType } from "./go-json.js";
export { goMarshal, goQuote } from "./go-json.js";
export { goNodeStatus, goNodes } from "./go-layout.js";
// Loading
export type {
  LoadedDocument,
  LoadResult,
  LocatedIssue,
  SourceLocation,
  ValidatedDocument,
  ValidateFileOptions,
  ValidateTextResult,
} from "./load.js";
export {
  dumpManifest,
  formatLocatedIssue,
  loadManifests,
  parsePath,
  validateManifestFile,
  validateManifestText,
} from "./load.js";
export {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  isValidMetricName,
  paramOrArtifactNameErrors,
  workflowFieldNameErrors,
} from "./names.js";
// Node IDs, pod names, node names
export type { PodNameInput, PodNameVersion } from "./node-id.js";
export {
  DEFAULT_POD_NAME_VERSION,
  MAX_POD_NAME_PREFIX_LENGTH,
  nodeId,
  podName,
  podNameVersionFor,
} from "./node-id.js";
export {
  containerNodeName,
  dagTaskNodeName,
  expandedNodeName,
  hookNodeName,
  itemDescription,
  nodeDisplayName,
  onExitNodeName,
  retryChildNodeName,
  stepGroupNodeName,
  stepNodeName,
} from "./node-names.js";
export { canonicalNodesJson, offloadVersion } from "./offload-version.js";
// Schemas and types
export type {
  ArtifactLocation,
  ArtifactLocationKind,
  LocalArtifact,
  OSSArtifact,
  RawArtifact,
  ResolvedArtifactLocation,
  S3Artifact,
} from "./schema/artifact-location.js";
export {
  ArtifactLocationSchema,
  artifactLocationKinds,
  LocalArtifactSchema,
  OSSArtifactSchema,
  RawArtifactSchema,
  resolveArtifactLocation,
  S3ArtifactSchema,
  SUPPORTED_ARTIFACT_LOCATION_KINDS,
  UNSUPPORTED_ARTIFACT_LOCATION_KINDS,
} from "./schema/artifact-location.js";
export type {
  ArtifactRepository,
  ArtifactRepositoryRef,
  ArtifactRepositoryRefStatus,
} from "./schema/artifact-repository.js";
export {
  ArtifactRepositoryRefSchema,
  ArtifactRepositoryRefStatusSchema,
  ArtifactRepositorySchema,
} from "./schema/artifact-repository.js";
export { INT_OR_STRING, PRESERVE } from "./schema/building-blocks.js";
export type {
  Container,
  EnvVar,
  ResourceRequirements,
  ScriptTemplate,
  UserContainer,
  VolumeMount,
} from "./schema/container.js";
export {
  ContainerSchema,
  EnvVarSchema,
  ResourceRequirementsSchema,
  ScriptTemplateSchema,
  UserContainerSchema,
  VolumeMountSchema,
} from "./schema/container.js";
export type {
  ConfigMapKeySelector,
  ObjectMeta,
  ObjectReference,
  OwnerReference,
  SecretKeySelector,
} from "./schema/kubernetes.js";
export {
  ConfigMapKeySelectorSchema,
  ObjectMetaSchema,
  ObjectReferenceSchema,
  OwnerReferenceSchema,
  SecretKeySelectorSchema,
} from "./schema/kubernetes.js";
export type { Counter, Gauge, Histogram, MetricLabel, Metrics, Prometheus } from "./schema/metrics.js";
export {
  CounterSchema,
  GaugeSchema,
  HistogramSchema,
  MetricLabelSchema,
  MetricsSchema,
  PrometheusSchema,
} from "./schema/metrics.js";
export type {
  ArchiveStrategy,
  Arguments,
  Artifact,
  ArtifactGC,
  Inputs,
  Memoize,
  Outputs,
  Parameter,
  Synchronization,
  ValueFrom,
} from "./schema/parameters.js";
export {
  ArchiveStrategySchema,
  ArgumentsSchema,
  ArtifactGCSchema,
  ArtifactSchema,
  InputsSchema,
  MemoizeSchema,
  OutputsSchema,
  ParameterSchema,
  SynchronizationSchema,
  ValueFromSchema,
} from "./schema/parameters.js";
export type {
  ClusterWorkflowTemplate,
  CronWorkflow,
  CronWorkflowSpec,
  CronWorkflowStatus,
  Workflow,
  WorkflowTaskResult,
  WorkflowTemplate,
} from "./schema/resources.js";
export {
  ClusterWorkflowTemplateSchema,
  CronWorkflowSchema,
  CronWorkflowSpecSchema,
  CronWorkflowStatusSchema,
  WorkflowSchema,
  WorkflowTaskResultSchema,
  WorkflowTemplateSchema,
} from "./schema/resources.js";
export type { Backoff, RetryStrategy } from "./schema/retry-strategy.js";
export { BackoffSchema, RetryStrategySchema } from "./schema/retry-strategy.js";
export type {
  ContinueOn,
  DAGTask,
  DAGTemplate,
  LifecycleHook,
  LifecycleHooks,
  ResourceTemplate,
  Sequence,
  SuspendTemplate,
  Template,
  TemplateMetadata,
  TemplateRef,
  TemplateTypeField,
  WorkflowStep,
} from "./schema/template.js";
export {
  ContinueOnSchema,
  DAGTaskSchema,
  DAGTemplateSchema,
  LifecycleHookSchema,
  LifecycleHooksSchema,
  ResourceTemplateSchema,
  SequenceSchema,
  SuspendTemplateSchema,
  TEMPLATE_TYPE_FIELDS,
  TemplateMetadataSchema,
  TemplateRefSchema,
  TemplateSchema,
  templateTypes,
  WorkflowStepSchema,
} from "./schema/template.js";
export type {
  PodGC,
  TTLStrategy,
  WorkflowMetadata,
  WorkflowSpec,
  WorkflowTemplateRef,
} from "./schema/workflow-spec.js";
export {
  PodGCSchema,
  TTLStrategySchema,
  WorkflowMetadataSchema,
  WorkflowSpecSchema,
  WorkflowTemplateRefSchema,
} from "./schema/workflow-spec.js";
export type { Condition, NodeStatus, Nodes, WorkflowStatus } from "./schema/workflow-status.js";
export {
  ConditionSchema,
  NodeStatusSchema,
  NodesSchema,
  ResourcesDurationSchema,
  WorkflowStatusSchema,
} from "./schema/workflow-status.js";
export { isValidTimezone, timezoneError } from "./timezone.js";
export { forEachUnknownField, pruneUnknownFields } from "./unknown-fields.js";
export type { DependencyType } from "./validate/dag.js";
export { taskDependencies } from "./validate/dag.js";
// Validation
export type { PathSegment, ValidationIssue } from "./validate/issues.js";
export { formatIssue, formatPath } from "./validate/issues.js";
export type { AnyResource, ValidateOptions, ValidationResult } from "./validate/resource.js";
export {
  describeIssues,
  validateClusterWorkflowTemplate,
  validateCronWorkflow,
  validateManifest,
  validateWorkflow,
  validateWorkflowTaskResult,
  validateWorkflowTemplate,
} from "./validate/resource.js";
