import { type ErrorContext, InvalidLocation } from "./errors.js";

/** A key of a Kubernetes Secret (Argo's `accessKeySecret` / `secretKeySecret`). */
export interface SecretRef {
  readonly name?: string | undefined;
  readonly key: string;
}

/** Reads a secret value, e.g. from the Kubernetes API or a mounted volume. */
export type SecretResolver = (ref: SecretRef) => Promise<string>;

export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/** Where credentials come from, in this order: explicit values, secret refs, then the environment. */
export interface CredentialSources {
  readonly credentials?: StaticCredentials | undefined;
  readonly accessKeySecret?: SecretRef | undefined;
  readonly secretKeySecret?: SecretRef | undefined;
  readonly sessionTokenSecret?: SecretRef | undefined;
  readonly secrets?: SecretResolver | undefined;
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Resolves credentials; `envNames` are the provider's variables (`AWS_ACCESS_KEY_ID`, ...). */
export async function resolveCredentials(
  sources: CredentialSources,
  envNames: { accessKeyId: string; secretAccessKey: string; sessionToken: string },
  ctx: ErrorContext,
): Promise<StaticCredentials> {
  if (sources.credentials !== undefined) {
    const c = sources.credentials;
    if (typeof c.accessKeyId !== "string" || c.accessKeyId === "") {
      throw new InvalidLocation("credentials.accessKeyId", "must be a non-empty string", ctx);
    }
    if (typeof c.secretAccessKey !== "string" || c.secretAccessKey === "") {
      throw new InvalidLocation("credentials.secretAccessKey", "must be a non-empty string", ctx);
    }
    return c;
  }
  if (sources.accessKeySecret !== undefined || sources.secretKeySecret !== undefined) {
    const { accessKeySecret, secretKeySecret, secrets } = sources;
    if (accessKeySecret === undefined) throw new InvalidLocation("accessKeySecret", "is required", ctx);
    if (secretKeySecret === undefined) throw new InvalidLocation("secretKeySecret", "is required", ctx);
    if (secrets === undefined) {
      throw new InvalidLocation("secrets", "a secret resolver is needed to read secret refs", ctx);
    }
    const [accessKeyId, secretAccessKey, sessionToken] = await Promise.all([
      secrets(accessKeySecret),
      secrets(secretKeySecret),
      sources.sessionTokenSecret === undefined ? undefined : secrets(sources.sessionTokenSecret),
    ]);
    return { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
  }
  const env = sources.env ?? process.env;
  const accessKeyId = env[envNames.accessKeyId];
  const secretAccessKey = env[envNames.secretAccessKey];
  if (!accessKeyId || !secretAccessKey) {
    throw new InvalidLocation(
      "credentials",
      `are missing: pass credentials, accessKeySecret/secretKeySecret, or set ${envNames.accessKeyId} and ${envNames.secretAccessKey}`,
      ctx,
    );
  }
  const sessionToken = env[envNames.sessionToken];
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
