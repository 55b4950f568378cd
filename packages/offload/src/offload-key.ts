/** One stored version of one workflow's nodes. */
export interface OffloadKey {
  readonly uid: string;
  readonly version: string;
}

function checkString(field: string, value: unknown, max: number): string {
  if (typeof value !== "string") throw new TypeError(`${field}: must be a string, got ${typeof value}`);
  if (value === "") throw new TypeError(`${field}: must not be empty`);
  if (value.length > max) throw new TypeError(`${field}: is ${value.length} characters, at most ${max}`);
  return value;
}

/** Column widths of Argo's table: `uid varchar(128)`, `version varchar(64)`, `namespace varchar(256)`. */
export const MAX_UID_LENGTH = 128;
export const MAX_VERSION_LENGTH = 64;
export const MAX_NAMESPACE_LENGTH = 256;
export const MAX_CLUSTER_NAME_LENGTH = 64;

export const checkUid = (uid: unknown): string => checkString("uid", uid, MAX_UID_LENGTH);
export const checkVersion = (version: unknown): string => checkString("version", version, MAX_VERSION_LENGTH);
export const checkNamespace = (namespace: unknown): string =>
  checkString("namespace", namespace, MAX_NAMESPACE_LENGTH);
export const checkClusterName = (name: unknown): string =>
  checkString("clusterName", name, MAX_CLUSTER_NAME_LENGTH);

/** `list`/`listOld` namespace: `""` means every namespace. */
export function checkNamespaceFilter(namespace: unknown): string {
  if (typeof namespace !== "string") {
    throw new TypeError(`namespace: must be a string ("" for every namespace), got ${typeof namespace}`);
  }
  if (namespace.length > MAX_NAMESPACE_LENGTH) {
    throw new TypeError(`namespace: is ${namespace.length} characters, at most ${MAX_NAMESPACE_LENGTH}`);
  }
  return namespace;
}
