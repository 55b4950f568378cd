/** Argo's conventional offload table name; the checked-in migrations are generated for it. */
export const DEFAULT_TABLE_NAME = "argo_workflows";

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Longest name that still leaves room for `<name>_migrations` and `<name>_pkey` within MySQL's 64. */
export const MAX_TABLE_NAME_LENGTH = 48;

/** Validates a table name (it is spliced into DDL, so only plain identifiers are accepted). */
export function checkTableName(name: unknown, field = "tableName"): string {
  if (typeof name !== "string" || name === "") {
    throw new TypeError(`${field}: must be a non-empty string (Argo installs use "argo_workflows")`);
  }
  if (!TABLE_NAME.test(name)) {
    throw new TypeError(`${field}: "${name}" must match ${TABLE_NAME.source} (letters, digits, underscore)`);
  }
  if (name.length > MAX_TABLE_NAME_LENGTH) {
    throw new TypeError(`${field}: "${name}" is ${name.length} characters, at most ${MAX_TABLE_NAME_LENGTH}`);
  }
  return name;
}
