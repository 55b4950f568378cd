/** Object validation of names, labels and the built-in types' required fields, worded as kube-apiserver does. */
import { validateCrd } from "./crd.js";
import type { ResourceType } from "./resource-type.js";
import type { FieldError } from "./status.js";
import { isRecord, type KubeObject } from "./types.js";

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

function invalidValue(field: string, value: unknown, detail: string): FieldError {
  return { type: "FieldValueInvalid", field, message: `Invalid value: ${JSON.stringify(value)}: ${detail}` };
}

function required(field: string, detail?: string): FieldError {
  return {
    type: "FieldValueRequired",
    field,
    message: detail === undefined ? "Required value" : `Required value: ${detail}`,
  };
}

export function validateName(
  name: string,
  rule: ResourceType["nameRule"],
  field = "metadata.name",
): FieldError[] {
  if (rule === "path-segment") {
    if (name === "." || name === ".." || name.includes("/") || name.includes("%")) {
      return [invalidValue(field, name, `may not contain '/' or '%' and may not be '.' or '..'`)];
    }
    return [];
  }
  const max = rule === "label" ? 63 : 253;
  const errors: FieldError[] = [];
  if (name.length > max) errors.push(invalidValue(field, name, `must be no more than ${max} characters`));
  if (!(rule === "label" ? LABEL : SUBDOMAIN).test(name)) {
    errors.push(invalidValue(field, name, rule === "label" ? LABEL_MSG : SUBDOMAIN_MSG));
  }
  return errors;
}

function validateQualifiedKey(key: string, field: string): FieldError[] {
  const parts = key.split("/");
  const name = parts.length === 2 ? (parts[1] ?? "") : key;
  const prefix = parts.length === 2 ? parts[0] : undefined;
  const errors: FieldError[] = [];
  if (parts.length > 2 || name === "" || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    errors.push(
      invalidValue(
        field,
        key,
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ),
    );
  }
  if (prefix !== undefined && (!SUBDOMAIN.test(prefix) || prefix.length > 253)) {
    errors.push(invalidValue(field, key, `prefix part ${SUBDOMAIN_MSG}`));
  }
  return errors;
}

export function validateMetadata(obj: KubeObject, rt: ResourceType): FieldError[] {
  const meta = obj.metadata;
  const errors: FieldError[] = [];
  const name = meta.name ?? "";
  if (name === "") errors.push(required("metadata.name", "name or generateName is required"));
  else errors.push(...validateName(name, rt.nameRule));
  if (meta.labels !== undefined) {
    if (!isRecord(meta.labels)) {
      errors.push(invalidValue("metadata.labels", meta.labels, "must be a map of strings"));
    } else {
      for (const [k, v] of Object.entries(meta.labels)) {
        errors.push(...validateQualifiedKey(k, "metadata.labels"));
        if (typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v)) {
          errors.push(
            invalidValue(
              "metadata.labels",
              v,
              "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            ),
          );
        }
      }
    }
  }
  if (meta.annotations !== undefined) {
    if (!isRecord(meta.annotations)) {
      errors.push(invalidValue("metadata.annotations", meta.annotations, "must be a map of strings"));
    } else {
      let total = 0;
      for (const [k, v] of Object.entries(meta.annotations)) {
        errors.push(...validateQualifiedKey(k.toLowerCase(), "metadata.annotations"));
        total += k.length + (typeof v === "string" ? v.length : 0);
      }
      if (total > 262144) {
        errors.push({
          type: "FieldValueTooLong",
          field: "metadata.annotations",
          message: "Too long: must have at most 262144 bytes",
        });
      }
    }
  }
  for (const [i, f] of (meta.finalizers ?? []).entries()) {
    if (typeof f !== "string" || validateQualifiedKey(f, "").length > 0) {
      errors.push(
        invalidValue(`metadata.finalizers[${i}]`, f, "name part must consist of alphanumeric characters"),
      );
    }
  }
  return errors;
}

function validatePod(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const spec = obj.spec;
  if (!isRecord(spec)) return [required("spec.containers")];
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) return [required("spec.containers")];
  const seen = new Set<string>();
  const check = (list: unknown, field: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((c, i) => {
      const path = `${field}[${i}]`;
      if (!isRecord(c)) {
        errors.push(invalidValue(path, c, "must be an object"));
        return;
      }
      if (typeof c.name !== "string" || c.name === "") errors.push(required(`${path}.name`));
      else {
        if (!LABEL.test(c.name) || c.name.length > 63)
          errors.push(invalidValue(`${path}.name`, c.name, LABEL_MSG));
        if (seen.has(c.name))
          errors.push({
            type: "FieldValueDuplicate",
            field: `${path}.name`,
            message: `Duplicate value: ${JSON.stringify(c.name)}`,
          });
        seen.add(c.name);
      }
      if (typeof c.image !== "string" || c.image === "") errors.push(required(`${path}.image`));
    });
  };
  check(spec.initContainers, "spec.initContainers");
  check(containers, "spec.containers");
  const policy = spec.restartPolicy;
  if (policy !== undefined && policy !== "Always" && policy !== "OnFailure" && policy !== "Never") {
    errors.push({
      type: "FieldValueNotSupported",
      field: "spec.restartPolicy",
      message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Always", "OnFailure", "Never"`,
    });
  }
  return errors;
}

function validateDataKeys(obj: KubeObject, field: "data" | "binaryData" | "stringData"): FieldError[] {
  const data = obj[field];
  if (data === undefined || data === null) return [];
  if (!isRecord(data)) return [invalidValue(field, data, "must be a map")];
  const errors: FieldError[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (!CONFIG_KEY.test(k) || k.length > 253) {
      errors.push(
        invalidValue(
          field,
          k,
          "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
        ),
      );
    }
    if (typeof v !== "string") errors.push(invalidValue(`${field}[${k}]`, v, "must be a string"));
  }
  return errors;
}

/** ConfigMaps and Secrets hold at most 1 MiB of data (core.MaxSecretSize). */
function validateDataSize(obj: KubeObject): FieldError[] {
  let total = 0;
  for (const field of ["data", "binaryData"]) {
    const data = obj[field];
    if (!isRecord(data)) continue;
    for (const [k, v] of Object.entries(data)) total += k.length + (typeof v === "string" ? v.length : 0);
  }
  if (total <= 1048576) return [];
  return [
    { type: "FieldValueTooLong", field: "[]", message: "Too long: may not be more than 1048576 bytes" },
  ];
}

/** Kind-specific validation of the built-in types. */
export function validateBuiltin(obj: KubeObject, rt: ResourceType): FieldError[] {
  if (rt.custom) return [];
  switch (rt.kind) {
    case "Pod":
      return validatePod(obj);
    case "CustomResourceDefinition":
      return validateCrd(obj);
    case "ConfigMap":
      return [
        ...validateDataKeys(obj, "data"),
        ...validateDataKeys(obj, "binaryData"),
        ...validateDataSize(obj),
      ];
    case "Secret":
      return [
        ...validateDataKeys(obj, "data"),
        ...validateDataKeys(obj, "stringData"),
        ...validateDataSize(obj),
      ];
    default:
      return [];
  }
}

/** Top-level fields a built-in object does not declare (for fieldValidation). */
export function unknownTopLevelFields(obj: KubeObject, rt: ResourceType): string[] {
  if (rt.topLevelFields === undefined) return [];
  return Object.keys(obj).filter((k) => !rt.topLevelFields?.includes(k));
}
