import type { CronCondition } from "./types.js";

/** Sets (or replaces) the condition of `type` with status True; returns whether anything changed. */
export function setCondition(list: CronCondition[], type: string, message: string): boolean {
  const existing = list.find((c) => c.type === type);
  if (existing !== undefined && existing.status === "True" && existing.message === message) return false;
  if (existing !== undefined) {
    existing.status = "True";
    existing.message = message;
  } else {
    list.push({ type, status: "True", message });
  }
  return true;
}

/** Removes the condition of `type`; returns whether it was there. */
export function removeCondition(list: CronCondition[], type: string): boolean {
  const index = list.findIndex((c) => c.type === type);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}
