export { type ArgoRuntime, ossOptionsFromArgo, s3OptionsFromArgo } from "./argo-config.js";
export type { CredentialSources, SecretRef, SecretResolver, StaticCredentials } from "./credentials.js";
export type { ArchiveMode, ArtifactDriver, ObjectLocation, SaveOptions, StreamSource } from "./driver.js";
export {
  AccessDenied,
  ArtifactError,
  ArtifactNotFound,
  type CauseSummary,
  type ErrorContext,
  InvalidLocation,
  type Provider,
  StorageError,
} from "./errors.js";
export { LocalDriver, type LocalDriverOptions } from "./local-driver.js";
export type { ArgoOssConfig, ArgoS3Config } from "./location.js";
export { ARCHIVE_METADATA_KEY, type ObjectDriverOptions } from "./object-store-driver.js";
export { createOssDriver, type OssDriverOptions, ossError } from "./oss-driver.js";
export { createS3Driver, type S3DriverOptions, s3Error } from "./s3-driver.js";
