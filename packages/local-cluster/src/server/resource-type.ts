/** What the server knows about one kind of resource: names, scope, subresources and storage behaviour. */
import type { JsonSchema } from "./schema.js";

export interface ResourceType {
  group: string;
  /** Served versions; the first one is the preferred (storage) version. */
  versions: string[];
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  verbs: string[];
  subresources: { status: boolean; log?: boolean; binding?: boolean; token?: boolean };
  /** metadata.generation is set to 1 and bumped on spec changes. */
  hasGeneration: boolean;
  /** DELETE answers with the deleted object (true) or a Success Status (false). */
  returnDeletedObject: boolean;
  /** PUT on a missing object creates it. */
  allowCreateOnUpdate: boolean;
  /** PUT without metadata.resourceVersion is accepted. */
  allowUnconditionalUpdate: boolean;
  /** Fields usable in fieldSelector besides metadata.name and metadata.namespace. */
  selectableFields: string[];
  /** Top-level fields a built-in object may carry (checked by fieldValidation); undefined: no check. */
  topLevelFields?: readonly string[];
  /** Name rule: RFC 1123 subdomain (most), label (namespaces), or none. */
  nameRule: "subdomain" | "label" | "path-segment";
  /** Served through a CustomResourceDefinition (unstructured JSON, merge patches only). */
  custom: boolean;
  /** openAPIV3Schema per version, for custom resources. */
  schemas: Map<string, JsonSchema>;
  /** The CRD's metadata.name for custom resources. */
  crdName?: string;
}

export const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export function storageKey(rt: Pick<ResourceType, "group" | "plural">): string {
  return `${rt.group}/${rt.plural}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

export function groupResource(rt: ResourceType): { group: string; resource: string } {
  return { group: rt.group, resource: rt.plural };
}
