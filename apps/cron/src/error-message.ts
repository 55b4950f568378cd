import { toKubeApiError } from "@weft/kube";

/** The Kubernetes `Status` message of an API error (typed by `@weft/kube`), else the error's own message. */
export function errorMessage(error: unknown): string {
  return toKubeApiError(error)?.message ?? (error instanceof Error ? error.message : String(error));
}
