export { fnv1_32, fnv1a32 } from "./fnv.js";
export type { GoField, GoType } from "./go-json.js";
export { goMarshal, goQuote } from "./go-json.js";
export { goNodeStatus, goNodes } from "./go-layout.js";
export type { PodNameInput, PodNameVersion } from "./node-id.js";
export {
  DEFAULT_POD_NAME_VERSION,
  MAX_POD_NAME_PREFIX_LENGTH,
  nodeId,
  podName,
  podNameVersionFor,
} from "./node-id.js";
export {
  containerNodeName,
  dagTaskNodeName,
  expandedNodeName,
  hookNodeName,
  itemDescription,
  nodeDisplayName,
  onExitNodeName,
  retryChildNodeName,
  stepGroupNodeName,
  stepNodeName,
} from "./node-names.js";
export { canonicalNodesJson, offloadVersion } from "./offload-version.js";
