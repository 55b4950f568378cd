/**
 * Kubernetes and Argo name rules, with the exact messages of `k8s.io/apimachinery/pkg/util/validation` and
 * Argo's `workflow/validate`.
 */

const DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

/** apimachinery `RegexError`: note the doubled space before `or`, as Kubernetes prints it. */
function regexError(msg: string, fmt: string, examples: readonly string[]): string {
  let out = `${msg} (e.g. `;
  examples.forEach((example, i) => {
    if (i > 0) out += " or ";
    out += `'${example}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** Problems with `value` as an RFC 1123 subdomain (object names); empty when valid. */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        ["example.com"],
      ),
    );
  }
  return errs;
}

/** Problems with `value` as an RFC 1123 label; empty when valid. */
export function dns1123LabelErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!DNS1123_LABEL_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL_FMT,
        ["my-name", "123-abc"],
      ),
    );
  }
  return errs;
}

const WORKFLOW_FIELD_NAME_RE = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
export const WORKFLOW_FIELD_NAME_MAX_LENGTH = 128;

/** Argo's rule for template, step and task names; empty when valid. */
export function workflowFieldNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > WORKFLOW_FIELD_NAME_MAX_LENGTH) errs.push(maxLenError(WORKFLOW_FIELD_NAME_MAX_LENGTH));
  if (!WORKFLOW_FIELD_NAME_RE.test(name)) {
    errs.push(
      "name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character (e.g. My-name1-2, 123-NAME)",
    );
  }
  return errs;
}

const PARAM_OR_ARTIFACT_NAME_RE = /^[-a-zA-Z0-9_]+$/;

/** Argo's rule for parameter and artifact names; empty when valid. */
export function paramOrArtifactNameErrors(name: string): string[] {
  if (PARAM_OR_ARTIFACT_NAME_RE.test(name)) return [];
  return [
    "Parameter/Artifact name must consist of alpha-numeric characters, '_' or '-' e.g. my_param_1, MY-PARAM-1",
  ];
}

const METRIC_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Argo's `IsValidMetricName`: the Prometheus legacy name rule without `:`. */
export function isValidMetricName(name: string): boolean {
  return METRIC_NAME_RE.test(name);
}
