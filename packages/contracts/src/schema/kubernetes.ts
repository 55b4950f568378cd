import { z } from "zod";
import { int64, obj, opaque, stringMap, timestamp } from "./building-blocks.js";

export const OwnerReferenceSchema = obj({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});
export type OwnerReference = z.infer<typeof OwnerReferenceSchema>;

/** `metav1.ObjectMeta`, with the fields Weft reads. */
export const ObjectMetaSchema = obj({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: int64.optional(),
  creationTimestamp: timestamp.optional(),
  deletionTimestamp: timestamp.optional(),
  deletionGracePeriodSeconds: int64.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  ownerReferences: z.array(OwnerReferenceSchema).optional(),
  finalizers: z.array(z.string()).optional(),
  managedFields: z.array(opaque("managed fields")).optional(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

/** `corev1.SecretKeySelector`. */
export const SecretKeySelectorSchema = obj({
  name: z.string().optional(),
  key: z.string(),
  optional: z.boolean().optional(),
});
export type SecretKeySelector = z.infer<typeof SecretKeySelectorSchema>;

/** `corev1.ConfigMapKeySelector`. */
export const ConfigMapKeySelectorSchema = SecretKeySelectorSchema;
export type ConfigMapKeySelector = SecretKeySelector;

/** `corev1.ObjectReference` (CronWorkflow `status.active`). */
export const ObjectReferenceSchema = obj({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  fieldPath: z.string().optional(),
});
export type ObjectReference = z.infer<typeof ObjectReferenceSchema>;
