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
