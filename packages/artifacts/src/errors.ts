/** The storage an error came from. */
export type Provider = "s3" | "oss" | "local";

/** Where a failed operation was pointed: never the request body, never credentials. */
export interface ErrorContext {
  readonly provider: Provider;
  readonly operation: string;
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  /** The storage's request id (`x-amz-request-id`, `x-oss-request-id`), when it answered. */
  readonly requestId?: string | undefined;
  /** The storage's error code (`NoSuchKey`, `AccessDenied`, ...). */
  readonly code?: string | undefined;
  /** HTTP status, when there was a response. */
  readonly status?: number | undefined;
  /** Attempts made, the first included. */
  readonly attempts?: number | undefined;
}

/** What is kept of the SDK error: its name, code and message, not its request (ali-oss puts the body there). */
export interface CauseSummary {
  readonly name: string;
  readonly message: string;
  readonly code?: string | undefined;
}

export function summarizeCause(err: unknown): CauseSummary | undefined {
  if (err === undefined || err === null) return undefined;
  if (typeof err !== "object") return { name: typeof err, message: String(err) };
  const rec = err as { name?: unknown; message?: unknown; code?: unknown; Code?: unknown };
  const code = typeof rec.code === "string" ? rec.code : typeof rec.Code === "string" ? rec.Code : undefined;
  return {
    name: typeof rec.name === "string" ? rec.name : "Error",
    message: typeof rec.message === "string" ? rec.message : "",
    ...(code === undefined ? {} : { code }),
  };
}

function describe(ctx: ErrorContext): string {
  const where = ctx.bucket === undefined ? (ctx.key ?? "") : `${ctx.bucket}/${ctx.key ?? ""}`;
  const parts = [`${ctx.provider} ${ctx.operation}`];
  if (where !== "") parts.push(where);
  const extra = [
    ctx.status === undefined ? undefined : `status ${ctx.status}`,
    ctx.code === undefined ? undefined : `code ${ctx.code}`,
    ctx.requestId === undefined ? undefined : `request id ${ctx.requestId}`,
    ctx.attempts === undefined ? undefined : `${ctx.attempts} attempt${ctx.attempts === 1 ? "" : "s"}`,
  ].filter((x) => x !== undefined);
  return `${parts.join(" ")}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`;
}

/** Base of every error the drivers throw. `cause` is a summary of the SDK error, never the SDK error itself. */
export class ArtifactError extends Error {
  override readonly name: string = "ArtifactError";
  readonly provider: Provider;
  readonly operation: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly requestId: string | undefined;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly attempts: number | undefined;
  /** Whether the last failure was transient (retries ran out) rather than permanent. */
  readonly transient: boolean;

  constructor(message: string, ctx: ErrorContext, options: { cause?: unknown; transient?: boolean } = {}) {
    super(`${message}: ${describe(ctx)}`, { cause: summarizeCause(options.cause) });
    this.provider = ctx.provider;
    this.operation = ctx.operation;
    this.bucket = ctx.bucket;
    this.key = ctx.key;
    this.requestId = ctx.requestId;
    this.code = ctx.code;
    this.status = ctx.status;
    this.attempts = ctx.attempts;
    this.transient = options.transient ?? false;
  }
}

/** The object (or directory) does not exist, or neither does its bucket (`code` tells which). */
export class ArtifactNotFound extends ArtifactError {
  override readonly name: string = "ArtifactNotFound";
}

/** The storage refused the credentials or the permission (`AccessDenied`, `SignatureDoesNotMatch`, ...). */
export class AccessDenied extends ArtifactError {
  override readonly name: string = "AccessDenied";
}

/** A location or option is malformed; `field` names it. Thrown before any network call. */
export class InvalidLocation extends ArtifactError {
  override readonly name: string = "InvalidLocation";
  readonly field: string;

  constructor(field: string, rule: string, ctx: ErrorContext) {
    super(`invalid location: "${field}" ${rule}`, ctx);
    this.field = field;
  }
}

/** Any other storage failure, transient ones whose retries ran out included. */
export class StorageError extends ArtifactError {
  override readonly name: string = "StorageError";
}
