import { z } from "zod";
import { intOrString, obj, opaque } from "./building-blocks.js";

export const EnvVarSchema = obj({
  name: z.string(),
  value: z.string().optional(),
  valueFrom: opaque("env var source").optional(),
});
export type EnvVar = z.infer<typeof EnvVarSchema>;

export const VolumeMountSchema = obj({
  name: z.string(),
  mountPath: z.string(),
  readOnly: z.boolean().optional(),
  subPath: z.string().optional(),
  subPathExpr: z.string().optional(),
  mountPropagation: z.string().optional(),
  recursiveReadOnly: z.string().optional(),
});
export type VolumeMount = z.infer<typeof VolumeMountSchema>;

export const ResourceRequirementsSchema = obj({
  limits: z.record(z.string(), intOrString).optional(),
  requests: z.record(z.string(), intOrString).optional(),
  claims: z.array(opaque("resource claim")).optional(),
});
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;

/**
 * The fields of `corev1.Container` Weft reads; the rest (probes, lifecycle, security context, ...) are kept
 * whole and passed through to the pod.
 */
export const containerShape = {
  name: z.string().optional(),
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  workingDir: z.string().optional(),
  env: z.array(EnvVarSchema).optional(),
  envFrom: z.array(opaque("env from source")).optional(),
  resources: ResourceRequirementsSchema.optional(),
  volumeMounts: z.array(VolumeMountSchema).optional(),
  imagePullPolicy: z.string().optional(),
  ports: z.array(opaque("container port")).optional(),
  securityContext: opaque("container security context").optional(),
  livenessProbe: opaque("probe").optional(),
  readinessProbe: opaque("probe").optional(),
  startupProbe: opaque("probe").optional(),
  lifecycle: opaque("container lifecycle").optional(),
  stdin: z.boolean().optional(),
  stdinOnce: z.boolean().optional(),
  tty: z.boolean().optional(),
  terminationMessagePath: z.string().optional(),
  terminationMessagePolicy: z.string().optional(),
  volumeDevices: z.array(opaque("volume device")).optional(),
  resizePolicy: z.array(opaque("resize policy")).optional(),
  restartPolicy: z.string().optional(),
};

export const ContainerSchema = obj(containerShape);
export type Container = z.infer<typeof ContainerSchema>;

/** A script template: a container plus the `source` to run. */
export const ScriptTemplateSchema = obj({ ...containerShape, source: z.string() });
export type ScriptTemplate = z.infer<typeof ScriptTemplateSchema>;

/** Sidecars and init containers. */
export const UserContainerSchema = obj({ ...containerShape, mirrorVolumeMounts: z.boolean().optional() });
export type UserContainer = z.infer<typeof UserContainerSchema>;

/** `containerSet` (accepted and kept; Weft does not run container sets). */
export const ContainerSetTemplateSchema = opaque("container set template (accepted, not supported by Weft)");
