/**
 * A container cannot be configured yet (missing ConfigMap, Secret or key, unsupported field). The kubelet reports
 * it as the container's waiting reason `CreateContainerConfigError` and tries again later, as a real kubelet does.
 */
export class ContainerConfigError extends Error {
  override readonly name = "ContainerConfigError";
}
