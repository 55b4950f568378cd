import { MAX_CRON_WORKFLOW_NAME_LENGTH } from "../constants/api.js";
import { parseCronSchedule } from "../cron-schedule.js";
import type { CronWorkflowSpec } from "../schema/resources.js";
import { timezoneError } from "../timezone.js";
import type { IssueCollector, PathSegment } from "./issues.js";

/** CronWorkflow rules (`validate.go` `CronWorkflow`), with Argo's messages. */
export function validateCronSpec(
  name: string | undefined,
  spec: CronWorkflowSpec,
  path: readonly PathSegment[],
  c: IssueCollector,
): void {
  if (name !== undefined && name.length > MAX_CRON_WORKFLOW_NAME_LENGTH) {
    c.error(
      ["metadata", "name"],
      "cron-name-length",
      `cron workflow name "${name}" must not be more than ${MAX_CRON_WORKFLOW_NAME_LENGTH} characters long (currently ${name.length})`,
    );
  }
  if (spec.schedules.length === 0) {
    c.error([...path, "schedules"], "cron-schedules", "cron workflow must have at least one schedule");
  }
  const zone = spec.timezone ?? "";
  const zoneError = timezoneError(zone);
  if (zoneError !== undefined) {
    c.error([...path, "timezone"], "cron-timezone", `invalid timezone "${zone}": ${zoneError}`);
  }
  spec.schedules.forEach((schedule, i) => {
    const parsed = parseCronSchedule(schedule, zoneError === undefined ? zone : "UTC");
    if (!parsed.ok) {
      c.error(
        [...path, "schedules", i],
        "cron-schedule",
        `cron schedule ${schedule} is malformed: ${parsed.error}`,
      );
    }
  });
  if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds < 0) {
    c.error(
      [...path, "startingDeadlineSeconds"],
      "cron-starting-deadline",
      "startingDeadlineSeconds must be positive",
    );
  }
}
