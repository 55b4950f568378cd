/** CustomResourceDefinition (apiextensions.k8s.io/v1) validation and its translation into a served resource type. */
import { ALL_VERBS, type ResourceType } from "./resource-type.js";
import type { JsonSchema } from "./schema.js";
import type { FieldError } from "./status.js";
import { isRecord, type KubeObject } from "./types.js";

export const CRD_CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

export function validateCrd(crd: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const spec = isRecord(crd.spec) ? crd.spec : undefined;
  if (spec === undefined) return [{ type: "FieldValueRequired", field: "spec", message: "Required value" }];
  const group = str(spec.group);
  const names = isRecord(spec.names) ? spec.names : {};
  const plural = str(names.plural);
  if (group === undefined)
    errors.push({ type: "FieldValueRequired", field: "spec.group", message: "Required value" });
  else if (!group.includes(".")) {
    errors.push({
      type: "FieldValueInvalid",
      field: "spec.group",
      message: `Invalid value: ${JSON.stringify(group)}: should be a domain with at least one dot`,
    });
  }
  if (plural === undefined)
    errors.push({ type: "FieldValueRequired", field: "spec.names.plural", message: "Required value" });
  if (str(names.kind) === undefined)
    errors.push({ type: "FieldValueRequired", field: "spec.names.kind", message: "Required value" });
  if (str(names.listKind) === undefined && names.listKind !== undefined) {
    errors.push({ type: "FieldValueRequired", field: "spec.names.listKind", message: "Required value" });
  }
  if (spec.scope !== "Namespaced" && spec.scope !== "Cluster") {
    errors.push({
      type: "FieldValueNotSupported",
      field: "spec.scope",
      message: `Unsupported value: ${JSON.stringify(spec.scope ?? "")}: supported values: "Cluster", "Namespaced"`,
    });
  }
  if (group !== undefined && plural !== undefined && crd.metadata.name !== `${plural}.${group}`) {
    errors.push({
      type: "FieldValueInvalid",
      field: "metadata.name",
      message: `Invalid value: ${JSON.stringify(crd.metadata.name ?? "")}: must be spec.names.plural+"."+spec.group`,
    });
  }
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) {
    errors.push({
      type: "FieldValueRequired",
      field: "spec.versions",
      message: "Required value: must have exactly one version marked as storage version",
    });
  } else {
    const storage = versions.filter((v) => isRecord(v) && v.storage === true).length;
    if (storage !== 1) {
      errors.push({
        type: "FieldValueInvalid",
        field: "spec.versions",
        message: `Invalid value: ${JSON.stringify(versions.map((v) => (isRecord(v) ? v.name : v)))}: must have exactly one version marked as storage version`,
      });
    }
    versions.forEach((v, i) => {
      if (!isRecord(v) || str(v.name) === undefined) {
        errors.push({
          type: "FieldValueRequired",
          field: `spec.versions[${i}].name`,
          message: "Required value",
        });
      }
    });
  }
  return errors;
}

/** The resource type a valid CRD serves (served versions only, the storage version first). */
export function crdResourceType(crd: KubeObject): ResourceType | undefined {
  if (validateCrd(crd).length > 0 || !isRecord(crd.spec)) return undefined;
  const spec = crd.spec;
  const names = isRecord(spec.names) ? spec.names : {};
  const kind = str(names.kind) ?? "";
  const plural = str(names.plural) ?? "";
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(
    (v): v is Record<string, unknown> => isRecord(v) && v.served !== false,
  );
  versions.sort((a, b) => Number(b.storage === true) - Number(a.storage === true));
  const schemas = new Map<string, JsonSchema>();
  let status = false;
  for (const v of versions) {
    const schema =
      isRecord(v.schema) && isRecord(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
    if (schema !== undefined) schemas.set(String(v.name), schema as JsonSchema);
    if (isRecord(v.subresources) && isRecord(v.subresources.status)) status = true;
  }
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
  return {
    group: str(spec.group) ?? "",
    versions: versions.map((v) => String(v.name)),
    kind,
    listKind: str(names.listKind) ?? `${kind}List`,
    plural,
    singular: str(names.singular) ?? kind.toLowerCase(),
    shortNames: strings(names.shortNames),
    categories: strings(names.categories),
    namespaced: spec.scope === "Namespaced",
    verbs: ALL_VERBS,
    subresources: { status },
    hasGeneration: true,
    returnDeletedObject: true,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: false,
    selectableFields: [],
    nameRule: "subdomain",
    custom: true,
    schemas,
    crdName: crd.metadata.name ?? "",
  };
}
