/** The pending-ticks annotation: scheduled times in Unix seconds, ascending, comma-separated. */
export function formatPendingTicks(ticks: Iterable<number>): string {
  return [...ticks]
    .sort((a, b) => a - b)
    .map((ms) => String(Math.floor(ms / 1000)))
    .join(",");
}

export function parsePendingTicks(text: string | undefined): number[] {
  if (text === undefined || text.trim() === "") return [];
  const out: number[] = [];
  for (const part of text.split(",")) {
    const s = Number(part.trim());
    if (Number.isInteger(s) && s > 0) out.push(s * 1000);
  }
  return out;
}

/**
 * Which lost ticks may still be caught up at `nowMs`: those within `startingDeadlineSeconds` of their scheduled
 * time. Without a deadline nothing is caught up (Argo never catches up without one).
 */
export function splitPendingTicks(
  ticks: Iterable<number>,
  nowMs: number,
  startingDeadlineSeconds: number | undefined,
): { due: number[]; expired: number[] } {
  const due: number[] = [];
  const expired: number[] = [];
  for (const t of ticks) {
    if (startingDeadlineSeconds !== undefined && nowMs < t + startingDeadlineSeconds * 1000) due.push(t);
    else expired.push(t);
  }
  due.sort((a, b) => a - b);
  return { due, expired };
}
