export type { Clock as KubeletClock } from "./kubelet/clock.js";
export { sleep, systemClock as kubeletSystemClock } from "./kubelet/clock.js";
export type { KeyValues, PodConfigSource } from "./kubelet/config-source.js";
export { ApiConfigSource, StaticConfigSource } from "./kubelet/config-source.js";
export { ContainerConfigError } from "./kubelet/container-config-error.js";
export type { ContainerLaunch, LaunchContext } from "./kubelet/container-launch.js";
export { prepareLaunch } from "./kubelet/container-launch.js";
export type { EnvContext } from "./kubelet/env.js";
export { fieldValue, resolveContainerEnv } from "./kubelet/env.js";
export { expandVars } from "./kubelet/expansion.js";
export { FakeClock } from "./kubelet/fake-clock.js";
export { FakeProcess, FakeSpawner } from "./kubelet/fake-spawner.js";
export { HOST_PROCESS_TAINT, toleratesHostProcesses } from "./kubelet/host-process-admission.js";
export type { KubeletOptions } from "./kubelet/kubelet.js";
export { Kubelet } from "./kubelet/kubelet.js";
export { validateKubeletOptions } from "./kubelet/kubelet-options.js";
export { cleanLeftovers } from "./kubelet/leftovers.js";
export { LogServer, parseLogQuery } from "./kubelet/log-server.js";
export type { PodLogRequest, PodLogSource } from "./kubelet/log-source.js";
export { PodLogError } from "./kubelet/log-source.js";
export type { LogReadOptions } from "./kubelet/log-store.js";
export { ContainerLogWriter, LogStore } from "./kubelet/log-store.js";
export type { MemoryProbe } from "./kubelet/memory-probe.js";
export { HostMemoryProbe } from "./kubelet/memory-probe.js";
export type { MountMapping } from "./kubelet/mount-paths.js";
export { rewriteMountPaths } from "./kubelet/mount-paths.js";
export { PodDirs, volumeEnvName } from "./kubelet/pod-dirs.js";
export type {
  ContainerRuntime,
  ContainerState,
  PodRuntime,
  PodStatusJson,
} from "./kubelet/pod-status.js";
export { computePodStatus, lostPodStatus, podHasStarted, podPhase, qosClass } from "./kubelet/pod-status.js";
export type { PodEventSink, PodWorkerOptions, StopRequest } from "./kubelet/pod-worker.js";
export { PodWorker } from "./kubelet/pod-worker.js";
export type { ProbeRunner } from "./kubelet/probe-runner.js";
export { HostProbeRunner, probePort } from "./kubelet/probe-runner.js";
export type { ProcessExit, ProcessHandle, ProcessSpawner, SpawnSpec } from "./kubelet/process-spawner.js";
export { exitCodeOf, HostProcessSpawner } from "./kubelet/process-spawner.js";
export { parseQuantity } from "./kubelet/quantity.js";
export type { ServiceAccountTokenSource, VolumeSetupOptions } from "./kubelet/volumes.js";
export { mountHostPath, setUpVolumes, VolumeSetupError } from "./kubelet/volumes.js";
export type { ApiServer, ApiServerOptions } from "./server/api-server.js";
export { startApiServer } from "./server/api-server.js";
export type {
  FaultAction,
  FaultHandle,
  FaultInjector,
  FaultMatch,
  FaultRule,
  Verb,
} from "./server/faults.js";
export { sequentialIds } from "./server/ids.js";
export { kubeconfigYaml } from "./server/kubeconfig.js";
export type { Clock, IdSource, KubeObject } from "./server/types.js";
