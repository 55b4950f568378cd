/** A problem found in a manifest. */
export interface ValidationIssue {
  /** JSON path of the offending value, e.g. `spec.templates[2].dag.tasks[1].depends` (`""` for the root). */
  readonly path: string;
  /** A stable rule identifier, e.g. `dag-dependency-exists`. */
  readonly rule: string;
  /** The message; for Argo's rules, Argo's exact text. */
  readonly message: string;
  /** Errors make the manifest invalid; warnings (unknown or ignored fields) do not. */
  readonly severity: "error" | "warning";
}

export type PathSegment = string | number;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `["spec", "templates", 2, "name"]` → `spec.templates[2].name`; odd keys are quoted: `labels["a/b"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (IDENT.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** `path: message`, or just the message for the root. */
export function formatIssue(issue: ValidationIssue): string {
  return issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
}

/** Collects issues while a validator walks a manifest. */
export class IssueCollector {
  readonly issues: ValidationIssue[] = [];

  error(path: readonly PathSegment[], rule: string, message: string): void {
    this.issues.push({ path: formatPath(path), rule, message, severity: "error" });
  }

  warning(path: readonly PathSegment[], rule: string, message: string): void {
    this.issues.push({ path: formatPath(path), rule, message, severity: "warning" });
  }
}
