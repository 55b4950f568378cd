import type { SecretResolver } from "./credentials.js";
import { type ErrorContext, InvalidLocation } from "./errors.js";
import type { ArgoOssConfig, ArgoS3Config } from "./location.js";
import type { OssDriverOptions } from "./oss-driver.js";
import type { S3DriverOptions } from "./s3-driver.js";

/** What an Argo repository config leaves to the runtime: how to read secrets, the environment, tuning. */
export interface ArgoRuntime {
  readonly secrets?: SecretResolver;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function unsupported(field: string, ctx: ErrorContext): never {
  throw new InvalidLocation(field, "is not supported by Weft's driver yet", ctx);
}

/**
 * Driver options from an Argo `artifactRepository.s3` (or an `S3Artifact` location): a bare `endpoint` with
 * `insecure`, `region`, `accessKeySecret`/`secretKeySecret`/`sessionTokenSecret` read through `secrets`,
 * `useSDKCreds` (the AWS_* environment), `createBucketIfNotPresent` and `addressingStyle`.
 */
export function s3OptionsFromArgo(
  repo: ArgoS3Config,
  runtime: ArgoRuntime & Partial<S3DriverOptions> = {},
): S3DriverOptions {
  const ctx: ErrorContext = { provider: "s3", operation: "configure", bucket: repo.bucket };
  if (repo.roleARN !== undefined) unsupported("roleARN", ctx);
  if (repo.caSecret !== undefined) unsupported("caSecret", ctx);
  if (repo.encryptionOptions?.enableEncryption === true || repo.encryptionOptions?.kmsKeyId !== undefined) {
    unsupported("encryptionOptions", ctx);
  }
  if (
    repo.addressingStyle !== undefined &&
    repo.addressingStyle !== "path" &&
    repo.addressingStyle !== "virtual"
  ) {
    throw new InvalidLocation("addressingStyle", 'must be "path" or "virtual"', ctx);
  }
  const useEnv = repo.useSDKCreds === true || repo.accessKeySecret === undefined;
  return {
    ...runtime,
    ...(repo.endpoint === undefined ? {} : { endpoint: repo.endpoint }),
    ...(repo.bucket === undefined ? {} : { bucket: repo.bucket }),
    ...(repo.region === undefined ? {} : { region: repo.region }),
    insecure: repo.insecure ?? false,
    forcePathStyle: repo.addressingStyle !== "virtual",
    createBucketIfNotPresent: repo.createBucketIfNotPresent !== undefined,
    ...(useEnv
      ? {}
      : {
          accessKeySecret: repo.accessKeySecret,
          secretKeySecret: repo.secretKeySecret,
          sessionTokenSecret: repo.sessionTokenSecret,
        }),
  };
}

/**
 * Driver options from an Argo `artifactRepository.oss` (or an `OSSArtifact` location): `endpoint`, `bucket`,
 * `accessKeySecret`/`secretKeySecret` read through `secrets`, `securityToken`, `useSDKCreds` (OSS_* environment).
 */
export function ossOptionsFromArgo(
  repo: ArgoOssConfig,
  runtime: ArgoRuntime & Partial<OssDriverOptions> = {},
): OssDriverOptions {
  const ctx: ErrorContext = { provider: "oss", operation: "configure", bucket: repo.bucket };
  if (repo.endpoint === undefined || repo.endpoint === "") {
    throw new InvalidLocation("endpoint", "is required for OSS", ctx);
  }
  if (repo.createBucketIfNotPresent === true) unsupported("createBucketIfNotPresent", ctx);
  if (repo.lifecycleRule !== undefined) unsupported("lifecycleRule", ctx);
  const useEnv = repo.useSDKCreds === true || repo.accessKeySecret === undefined;
  const { secrets } = runtime;
  return {
    ...runtime,
    endpoint: repo.endpoint,
    ...(repo.bucket === undefined ? {} : { bucket: repo.bucket }),
    ...(useEnv
      ? {}
      : {
          accessKeySecret: repo.accessKeySecret,
          secretKeySecret: repo.secretKeySecret,
          ...(repo.securityToken === undefined || secrets === undefined
            ? {}
            : { sessionTokenSecret: TOKEN_REF, secrets: withToken(secrets, repo.securityToken) }),
        }),
  };
}

const TOKEN_REF = { key: "\0securityToken" } as const;

/** A resolver that also answers the inline `securityToken` (Argo puts it in the config, not in a Secret). */
function withToken(secrets: SecretResolver, token: string): SecretResolver {
  return (ref) => (ref === TOKEN_REF ? Promise.resolve(token) : secrets(ref));
}
