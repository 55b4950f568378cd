import type { SecretRef } from "./credentials.js";

/**
 * The Argo `S3Artifact` / `artifactRepository.s3` fields the S3 driver reads. Structurally the same as
 * `S3Artifact` from `@weft/contracts`, so a location parsed from a manifest can be passed (src/contracts-compat.test.ts).
 */
export interface ArgoS3Config {
  readonly endpoint?: string | undefined;
  readonly bucket?: string | undefined;
  readonly region?: string | undefined;
  readonly insecure?: boolean | undefined;
  readonly accessKeySecret?: SecretRef | undefined;
  readonly secretKeySecret?: SecretRef | undefined;
  readonly sessionTokenSecret?: SecretRef | undefined;
  readonly roleARN?: string | undefined;
  readonly useSDKCreds?: boolean | undefined;
  readonly createBucketIfNotPresent?: { readonly objectLocking?: boolean | undefined } | undefined;
  readonly encryptionOptions?:
    | { readonly kmsKeyId?: string | undefined; readonly enableEncryption?: boolean | undefined }
    | undefined;
  readonly caSecret?: SecretRef | undefined;
  /** `path` (default) or `virtual`. */
  readonly addressingStyle?: string | undefined;
  readonly key?: string | undefined;
}

/** The Argo `OSSArtifact` / `artifactRepository.oss` fields the OSS driver reads (as `OSSArtifact` in contracts). */
export interface ArgoOssConfig {
  readonly endpoint?: string | undefined;
  readonly bucket?: string | undefined;
  readonly accessKeySecret?: SecretRef | undefined;
  readonly secretKeySecret?: SecretRef | undefined;
  readonly securityToken?: string | undefined;
  readonly useSDKCreds?: boolean | undefined;
  readonly createBucketIfNotPresent?: boolean | undefined;
  readonly lifecycleRule?: unknown;
  readonly key?: string | undefined;
}
