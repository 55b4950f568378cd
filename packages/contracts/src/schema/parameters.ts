import { z } from "zod";
import { artifactLocationShape } from "./artifact-location.js";
import { anyString, int32, obj, opaque, stringMap } from "./building-blocks.js";
import { ConfigMapKeySelectorSchema } from "./kubernetes.js";

/** Where an output parameter's value comes from (Argo `ValueFrom`). */
export const ValueFromSchema = obj({
  path: z.string().optional(),
  jsonPath: z.string().optional(),
  jqFilter: z.string().optional(),
  event: z.string().optional(),
  parameter: z.string().optional(),
  supplied: obj({}).optional(),
  configMapKeyRef: ConfigMapKeySelectorSchema.optional(),
  default: anyString.optional(),
  expression: z.string().optional(),
});
export type ValueFrom = z.infer<typeof ValueFromSchema>;

export const ParameterSchema = obj({
  name: z.string(),
  default: anyString.optional(),
  value: anyString.optional(),
  valueFrom: ValueFromSchema.optional(),
  globalName: z.string().optional(),
  enum: z.array(anyString).optional(),
  description: anyString.optional(),
});
export type Parameter = z.infer<typeof ParameterSchema>;

export const ArchiveStrategySchema = obj({
  tar: obj({ compressionLevel: int32.optional() }).optional(),
  none: obj({}).optional(),
  zip: obj({}).optional(),
});
export type ArchiveStrategy = z.infer<typeof ArchiveStrategySchema>;

export const ArtifactGCSchema = obj({
  /** `OnWorkflowCompletion`, `OnWorkflowDeletion`, `Never` or empty. */
  strategy: z.string().optional(),
  podMetadata: obj({ annotations: stringMap.optional(), labels: stringMap.optional() }).optional(),
  serviceAccountName: z.string().optional(),
});
export type ArtifactGC = z.infer<typeof ArtifactGCSchema>;

/** An input or output artifact: a name, an optional container path, and its location fields inline. */
export const ArtifactSchema = obj({
  name: z.string(),
  path: z.string().optional(),
  mode: int32.optional(),
  from: z.string().optional(),
  ...artifactLocationShape,
  globalName: z.string().optional(),
  archive: ArchiveStrategySchema.optional(),
  optional: z.boolean().optional(),
  subPath: z.string().optional(),
  recurseMode: z.boolean().optional(),
  fromExpression: z.string().optional(),
  artifactGC: ArtifactGCSchema.optional(),
  deleted: z.boolean().optional(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const InputsSchema = obj({
  parameters: z.array(ParameterSchema).optional(),
  artifacts: z.array(ArtifactSchema).optional(),
});
export type Inputs = z.infer<typeof InputsSchema>;

export const OutputsSchema = obj({
  parameters: z.array(ParameterSchema).optional(),
  artifacts: z.array(ArtifactSchema).optional(),
  /** stdout of a script template (or of a container template when captured). */
  result: z.string().optional(),
  exitCode: z.string().optional(),
});
export type Outputs = z.infer<typeof OutputsSchema>;

export const ArgumentsSchema = obj({
  parameters: z.array(ParameterSchema).optional(),
  artifacts: z.array(ArtifactSchema).optional(),
});
export type Arguments = z.infer<typeof ArgumentsSchema>;

/** `memoize`: cache a template's outputs in a ConfigMap. */
export const MemoizeSchema = obj({
  key: z.string(),
  cache: obj({ configMap: obj({ name: z.string().optional(), key: z.string().optional() }) }),
  maxAge: z.string(),
});
export type Memoize = z.infer<typeof MemoizeSchema>;

/** `synchronization`: semaphores and mutexes (accepted, not enforced by Weft). */
export const SynchronizationSchema = obj({
  semaphores: z.array(opaque("semaphore reference")).optional(),
  mutexes: z.array(opaque("mutex reference")).optional(),
});
export type Synchronization = z.infer<typeof SynchronizationSchema>;
