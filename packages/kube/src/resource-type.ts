/** Where a kind lives in the API: enough to build every URL for it. */
export interface ResourceType {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  /** URL segment, e.g. `pods`, `workflows`. Also the `kind` label of request metrics. */
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export const PODS: ResourceType = { group: "", version: "v1", plural: "pods", kind: "Pod", namespaced: true };
export const EVENTS: ResourceType = {
  group: "",
  version: "v1",
  plural: "events",
  kind: "Event",
  namespaced: true,
};
export const LEASES: ResourceType = {
  group: "coordination.k8s.io",
  version: "v1",
  plural: "leases",
  kind: "Lease",
  namespaced: true,
};
const argo = (plural: string, kind: string): ResourceType => ({
  group: "argoproj.io",
  version: "v1alpha1",
  plural,
  kind,
  namespaced: true,
});
export const WORKFLOWS = argo("workflows", "Workflow");
export const CRON_WORKFLOWS = argo("cronworkflows", "CronWorkflow");
export const WORKFLOW_TEMPLATES = argo("workflowtemplates", "WorkflowTemplate");
export const WORKFLOW_TASK_RESULTS = argo("workflowtaskresults", "WorkflowTaskResult");

export function apiVersionOf(rt: ResourceType): string {
  return rt.group === "" ? rt.version : `${rt.group}/${rt.version}`;
}

/** `/api/v1/namespaces/ns/pods/name/status` and the like; `namespace` undefined lists across namespaces. */
export function resourcePath(
  rt: ResourceType,
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  let path = rt.group === "" ? `/api/${rt.version}` : `/apis/${rt.group}/${rt.version}`;
  if (rt.namespaced && namespace !== undefined) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${rt.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource !== undefined) path += `/${subresource}`;
  return path;
}
