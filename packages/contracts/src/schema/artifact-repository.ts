import { z } from "zod";
import { OSSArtifactSchema, S3ArtifactSchema } from "./artifact-location.js";
import { obj, opaque } from "./building-blocks.js";

/**
 * An artifact repository as configured in the `artifact-repositories` ConfigMap (Argo `ArtifactRepository`):
 * a bucket plus a `keyFormat` template for output keys. `local` is Weft's embedded repository.
 */
export const ArtifactRepositorySchema = obj({
  archiveLogs: z.boolean().optional(),
  s3: S3ArtifactSchema.omit({ key: true })
    .extend({ keyFormat: z.string().optional(), keyPrefix: z.string().optional() })
    .optional(),
  oss: OSSArtifactSchema.omit({ key: true }).extend({ keyFormat: z.string().optional() }).optional(),
  local: obj({
    /** Directory (or store name) of the embedded repository. */
    path: z.string().optional(),
    keyFormat: z.string().optional(),
  }).optional(),
  gcs: opaque("GCS repository (accepted, not supported by Weft)").optional(),
  azure: opaque("Azure repository (accepted, not supported by Weft)").optional(),
  artifactory: opaque("Artifactory repository (accepted, not supported by Weft)").optional(),
  hdfs: opaque("HDFS repository (accepted, not supported by Weft)").optional(),
});
export type ArtifactRepository = z.infer<typeof ArtifactRepositorySchema>;

/** `spec.artifactRepositoryRef`: a key of a ConfigMap holding an {@link ArtifactRepository}. */
export const ArtifactRepositoryRefSchema = obj({
  /** Defaults to `artifact-repositories`. */
  configMap: z.string().optional(),
  /** Defaults to the ConfigMap's `workflows.argoproj.io/default-artifact-repository` annotation. */
  key: z.string().optional(),
});
export type ArtifactRepositoryRef = z.infer<typeof ArtifactRepositoryRefSchema>;

/** `status.artifactRepositoryRef`: the ref the controller resolved. */
export const ArtifactRepositoryRefStatusSchema = ArtifactRepositoryRefSchema.extend({
  namespace: z.string().optional(),
  default: z.boolean().optional(),
  artifactRepository: ArtifactRepositorySchema.optional(),
});
export type ArtifactRepositoryRefStatus = z.infer<typeof ArtifactRepositoryRefStatusSchema>;
