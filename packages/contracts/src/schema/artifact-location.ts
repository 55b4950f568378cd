import { z } from "zod";
import { int32, obj, opaque } from "./building-blocks.js";
import { SecretKeySelectorSchema } from "./kubernetes.js";

/** `S3Bucket` + `key` (Argo `S3Artifact`). */
export const S3ArtifactSchema = obj({
  endpoint: z.string().optional(),
  bucket: z.string().optional(),
  region: z.string().optional(),
  insecure: z.boolean().optional(),
  accessKeySecret: SecretKeySelectorSchema.optional(),
  secretKeySecret: SecretKeySelectorSchema.optional(),
  sessionTokenSecret: SecretKeySelectorSchema.optional(),
  roleARN: z.string().optional(),
  useSDKCreds: z.boolean().optional(),
  createBucketIfNotPresent: obj({ objectLocking: z.boolean().optional() }).optional(),
  encryptionOptions: obj({
    kmsKeyId: z.string().optional(),
    kmsEncryptionContext: z.string().optional(),
    enableEncryption: z.boolean().optional(),
    serverSideCustomerKeySecret: SecretKeySelectorSchema.optional(),
  }).optional(),
  caSecret: SecretKeySelectorSchema.optional(),
  /** `path` (default) or `virtual`. */
  addressingStyle: z.string().optional(),
  key: z.string().optional(),
});
export type S3Artifact = z.infer<typeof S3ArtifactSchema>;

/** `OSSBucket` + `key` (Argo `OSSArtifact`, Alibaba Cloud OSS). */
export const OSSArtifactSchema = obj({
  endpoint: z.string().optional(),
  bucket: z.string().optional(),
  accessKeySecret: SecretKeySelectorSchema.optional(),
  secretKeySecret: SecretKeySelectorSchema.optional(),
  createBucketIfNotPresent: z.boolean().optional(),
  securityToken: z.string().optional(),
  lifecycleRule: obj({
    markInfrequentAccessAfterDays: int32.optional(),
    markDeletionAfterDays: int32.optional(),
  }).optional(),
  useSDKCreds: z.boolean().optional(),
  key: z.string(),
});
export type OSSArtifact = z.infer<typeof OSSArtifactSchema>;

/**
 * Weft's embedded artifact repository (not in Argo): an object `key` inside the local repository, with an
 * optional `repository` name when several are configured.
 */
export const LocalArtifactSchema = obj({
  key: z.string(),
  repository: z.string().optional(),
});
export type LocalArtifact = z.infer<typeof LocalArtifactSchema>;

/** Inline raw content (`raw.data`). */
export const RawArtifactSchema = obj({ data: z.string() });
export type RawArtifact = z.infer<typeof RawArtifactSchema>;

/**
 * Where an artifact lives. Argo inlines these fields into `Artifact` (at most one location is set).
 * Weft reads `s3`, `oss`, `raw` and `local`; the other Argo kinds are accepted and kept, with a warning.
 */
export const artifactLocationShape = {
  archiveLogs: z.boolean().optional(),
  s3: S3ArtifactSchema.optional(),
  oss: OSSArtifactSchema.optional(),
  local: LocalArtifactSchema.optional(),
  raw: RawArtifactSchema.optional(),
  git: opaque("Git artifact (accepted, not supported by Weft)").optional(),
  http: opaque("HTTP artifact (accepted, not supported by Weft)").optional(),
  artifactory: opaque("Artifactory artifact (accepted, not supported by Weft)").optional(),
  hdfs: opaque("HDFS artifact (accepted, not supported by Weft)").optional(),
  gcs: opaque("GCS artifact (accepted, not supported by Weft)").optional(),
  azure: opaque("Azure artifact (accepted, not supported by Weft)").optional(),
  plugin: opaque("plugin artifact (accepted, not supported by Weft)").optional(),
};

export const ArtifactLocationSchema = obj(artifactLocationShape);
export type ArtifactLocation = z.infer<typeof ArtifactLocationSchema>;

/** The location kinds Weft can read and write. */
export const SUPPORTED_ARTIFACT_LOCATION_KINDS = ["s3", "oss", "local", "raw"] as const;
/** The location kinds Argo defines that Weft accepts but cannot use. */
export const UNSUPPORTED_ARTIFACT_LOCATION_KINDS = [
  "git",
  "http",
  "artifactory",
  "hdfs",
  "gcs",
  "azure",
  "plugin",
] as const;

export type ArtifactLocationKind =
  | (typeof SUPPORTED_ARTIFACT_LOCATION_KINDS)[number]
  | (typeof UNSUPPORTED_ARTIFACT_LOCATION_KINDS)[number];

const ALL_KINDS: readonly ArtifactLocationKind[] = [
  ...SUPPORTED_ARTIFACT_LOCATION_KINDS,
  ...UNSUPPORTED_ARTIFACT_LOCATION_KINDS,
];

/** The location kinds set on `location` (normally zero or one). */
export function artifactLocationKinds(location: Readonly<Record<string, unknown>>): ArtifactLocationKind[] {
  return ALL_KINDS.filter((kind) => location[kind] !== undefined && location[kind] !== null);
}

/** A location narrowed to one of the kinds Weft supports. */
export type ResolvedArtifactLocation =
  | { readonly kind: "s3"; readonly s3: S3Artifact }
  | { readonly kind: "oss"; readonly oss: OSSArtifact }
  | { readonly kind: "local"; readonly local: LocalArtifact }
  | { readonly kind: "raw"; readonly raw: RawArtifact };

/** The single supported location of `location`, or `undefined` when none (or an unsupported one) is set. */
export function resolveArtifactLocation(location: ArtifactLocation): ResolvedArtifactLocation | undefined {
  if (location.s3 !== undefined) return { kind: "s3", s3: location.s3 };
  if (location.oss !== undefined) return { kind: "oss", oss: location.oss };
  if (location.local !== undefined) return { kind: "local", local: location.local };
  if (location.raw !== undefined) return { kind: "raw", raw: location.raw };
  return undefined;
}
