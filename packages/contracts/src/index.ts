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
export type {
  ArtifactLocation,
  ArtifactLocationKind,
  LocalArtifact,
  OSSArtifact,
  RawArtifact,
  ResolvedArtifactLocation,
  S3Artifact,
} from "./schema/artifact-location.js";
export {
  ArtifactLocationSchema,
  artifactLocationKinds,
  LocalArtifactSchema,
  OSSArtifactSchema,
  RawArtifactSchema,
  resolveArtifactLocation,
  S3ArtifactSchema,
  SUPPORTED_ARTIFACT_LOCATION_KINDS,
  UNSUPPORTED_ARTIFACT_LOCATION_KINDS,
} from "./schema/artifact-location.js";
export type {
  ArtifactRepository,
  ArtifactRepositoryRef,
  ArtifactRepositoryRefStatus,
} from "./schema/artifact-repository.js";
export {
  ArtifactRepositoryRefSchema,
  ArtifactRepositoryRefStatusSchema,
  ArtifactRepositorySchema,
} from "./schema/artifact-repository.js";
export type {
  ConfigMapKeySelector,
  ObjectMeta,
  ObjectReference,
  OwnerReference,
  SecretKeySelector,
} from "./schema/kubernetes.js";
export {
  ConfigMapKeySelectorSchema,
  ObjectMetaSchema,
  ObjectReferenceSchema,
  OwnerReferenceSchema,
  SecretKeySelectorSchema,
} from "./schema/kubernetes.js";
