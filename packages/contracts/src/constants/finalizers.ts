/** Finalizers Argo adds (`workflow/common/common.go`). */
export const FINALIZERS = {
  /** Blocks deleting a workflow until its artifacts are garbage-collected. */
  artifactGc: "workflows.argoproj.io/artifact-gc",
  /** Blocks deleting a pod until the controller has captured its status. */
  podStatus: "workflows.argoproj.io/status",
} as const;
export type Finalizer = (typeof FINALIZERS)[keyof typeof FINALIZERS];
