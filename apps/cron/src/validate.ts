import { CONCURRENCY_POLICIES, MAX_CRON_WORKFLOW_NAME_LENGTH, timezoneError } from "@weft/contracts";
import { parseSchedule } from "./schedule.js";
import type { CronWorkflow } from "./types.js";

/** The schedules in effect: `schedules`, or the deprecated single `schedule` (Argo 3.6). */
export function schedulesOf(cron: CronWorkflow): string[] {
  const list = cron.spec.schedules ?? [];
  if (list.length > 0) return [...list];
  return cron.spec.schedule ? [cron.spec.schedule] : [];
}

const TEMPLATE_NAME = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;

function validateWorkflowSpec(spec: Record<string, unknown> | undefined): string | undefined {
  if (spec === undefined) return undefined;
  const templates = Array.isArray(spec.templates) ? (spec.templates as unknown[]) : [];
  const names = new Set<string>();
  for (const [i, t] of templates.entries()) {
    const name = t !== null && typeof t === "object" ? (t as { name?: unknown }).name : undefined;
    if (typeof name !== "string" || name === "") return `templates[${i}].name is required`;
    if (name.length > 128 || !TEMPLATE_NAME.test(name)) {
      return `templates.${name}.name '${name}' is invalid: name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character (e.g. My-name1-2, 123-NAME)`;
    }
    names.add(name);
  }
  const entrypoint = spec.entrypoint;
  const hasRef = spec.workflowTemplateRef !== undefined;
  if (typeof entrypoint === "string" && entrypoint !== "" && !hasRef && !names.has(entrypoint)) {
    return `spec.entrypoint template '${entrypoint}' not found`;
  }
  return undefined;
}

/**
 * Argo's `validateCronWorkflow` with its messages; the first failure is returned (the SpecError message), undefined
 * when the CronWorkflow may be scheduled.
 */
export function validateCronWorkflow(cron: CronWorkflow): string | undefined {
  const name = cron.metadata.name ?? "";
  if (name.length > MAX_CRON_WORKFLOW_NAME_LENGTH) {
    return `cron workflow name "${name}" must not be more than ${MAX_CRON_WORKFLOW_NAME_LENGTH} characters long (currently ${name.length})`;
  }
  if (cron.spec.schedule && (cron.spec.schedules ?? []).length > 0) {
    return "cron workflow cant be configured with both Spec.Schedule and Spec.Schedules";
  }
  const schedules = schedulesOf(cron);
  if (schedules.length === 0) return "cron workflow must have at least one schedule";
  const zone = cron.spec.timezone ?? "";
  const zoneError = timezoneError(zone);
  if (zoneError !== undefined) return `invalid timezone "${zone}": ${zoneError}`;
  for (const s of schedules) {
    const parsed = parseSchedule(s, zone);
    if (!parsed.ok) return `cron schedule ${s} is malformed: ${parsed.error}`;
  }
  const policy = cron.spec.concurrencyPolicy ?? "";
  if (policy !== "" && !(CONCURRENCY_POLICIES as readonly string[]).includes(policy)) {
    return `'${policy}' is not a valid concurrencyPolicy`;
  }
  const sds = cron.spec.startingDeadlineSeconds;
  if (sds !== undefined && sds !== null && sds < 0) return "startingDeadlineSeconds must be positive";
  const wfError = validateWorkflowSpec(cron.spec.workflowSpec);
  if (wfError !== undefined) return `cannot validate Workflow: ${wfError}`;
  return undefined;
}
