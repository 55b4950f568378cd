import { fnv1a32 } from "./fnv.js";

/**
 * Node IDs and pod names, as Argo generates them (`Workflow.NodeID`, `util.GeneratePodName`).
 */

/** `v1` pod names are the node ID; `v2` (the default) is `<workflow>-<template>-<fnv1a32(nodeName)>`. */
export type PodNameVersion = "v1" | "v2";

export const DEFAULT_POD_NAME_VERSION: PodNameVersion = "v2";

const MAX_K8S_RESOURCE_NAME_LENGTH = 253;
const K8S_NAMING_HASH_LENGTH = 10;
/** The longest `<workflow>-<template>` prefix a v2 pod name keeps (242 characters). */
export const MAX_POD_NAME_PREFIX_LENGTH = MAX_K8S_RESOURCE_NAME_LENGTH - K8S_NAMING_HASH_LENGTH - 1;

/**
 * The node ID for a node name: the workflow name for the root node, otherwise `<workflow>-<fnv1a32(nodeName)>`.
 */
export function nodeId(workflowName: string, nodeName: string): string {
  if (nodeName === workflowName) return workflowName;
  return `${workflowName}-${fnv1a32(nodeName)}`;
}

export interface PodNameInput {
  readonly workflowName: string;
  readonly nodeName: string;
  /** The template name; empty or absent for inline templates. */
  readonly templateName?: string | undefined;
  /** Defaults to `v2`. */
  readonly version?: PodNameVersion | undefined;
}

/**
 * The pod name for a node. `v1`: the node ID. `v2`: the workflow name for the root node, otherwise
 * `<workflow>[-<template>]` truncated to 242 characters, then `-<fnv1a32(nodeName)>`.
 */
export function podName(input: PodNameInput): string {
  const version = input.version ?? DEFAULT_POD_NAME_VERSION;
  if (version === "v1") return nodeId(input.workflowName, input.nodeName);
  if (input.workflowName === input.nodeName) return input.workflowName;
  let prefix = input.workflowName;
  if (input.templateName !== undefined && input.templateName !== "")
    prefix = `${prefix}-${input.templateName}`;
  if (prefix.length > MAX_POD_NAME_PREFIX_LENGTH) prefix = prefix.slice(0, MAX_POD_NAME_PREFIX_LENGTH);
  return `${prefix}-${fnv1a32(input.nodeName)}`;
}

/**
 * The pod name version a workflow asks for: the `workflows.argoproj.io/pod-name-format` annotation when it is
 * `v1` or `v2`, else the environment's `POD_NAMES` value (passed in), else `v2`.
 */
export function podNameVersionFor(
  annotations: Readonly<Record<string, string>> | undefined,
  envPodNames?: string | undefined,
): PodNameVersion {
  const fromAnnotation = annotations?.["workflows.argoproj.io/pod-name-format"];
  if (fromAnnotation !== undefined) return fromAnnotation === "v1" ? "v1" : "v2";
  return envPodNames === "v1" ? "v1" : "v2";
}
