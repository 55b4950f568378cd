import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A fresh path next to `target` (same filesystem, so a rename into place is atomic). */
export function siblingTempPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.weft-${randomBytes(6).toString("hex")}`);
}

/** A fresh path in `dir`. */
export function tempPathIn(dir: string, suffix: string): string {
  return join(dir, `weft-artifact-${randomBytes(8).toString("hex")}${suffix}`);
}

export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true }).catch(() => undefined);
}
