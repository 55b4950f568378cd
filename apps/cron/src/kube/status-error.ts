/** The HTTP code and Kubernetes `Status` reason an API error carries (client-node's `ApiException` or similar). */
export interface ApiErrorInfo {
  readonly code: number | undefined;
  readonly reason: string | undefined;
  readonly message: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
}

export function apiErrorInfo(error: unknown): ApiErrorInfo {
  const rec = record(error);
  let body: unknown = rec?.body;
  if (typeof body === "string" && body.trimStart().startsWith("{")) {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  const status = record(body);
  const code =
    typeof rec?.code === "number" ? rec.code : typeof status?.code === "number" ? status.code : undefined;
  const reason = typeof status?.reason === "string" ? status.reason : undefined;
  const message =
    typeof status?.message === "string"
      ? status.message
      : error instanceof Error
        ? error.message
        : String(error);
  return { code, reason, message };
}

export function isAlreadyExists(error: unknown): boolean {
  const info = apiErrorInfo(error);
  return info.code === 409 && (info.reason === "AlreadyExists" || info.reason === undefined);
}

export function isNotFound(error: unknown): boolean {
  return apiErrorInfo(error).code === 404;
}
