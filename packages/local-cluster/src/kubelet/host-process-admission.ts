import type { V1Pod } from "@kubernetes/client-node";

/** The taint a joined node carries, and the key a pod must tolerate (by name) to run on it. */
export const HOST_PROCESS_TAINT = "weft.dev/host-processes";

/** The message of a pod the kubelet refuses to run (reason `HostProcessesNotTolerated`). */
export const HOST_PROCESS_REJECTION = `this node runs pods as host processes and only admits pods that tolerate ${HOST_PROCESS_TAINT} by key`;

/** Whether the pod tolerates the host-process taint by its key (a blanket `operator: Exists` does not count). */
export function toleratesHostProcesses(pod: V1Pod): boolean {
  return (pod.spec?.tolerations ?? []).some((t) => t.key === HOST_PROCESS_TAINT);
}
