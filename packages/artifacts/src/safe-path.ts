import { isAbsolute, join, normalize, relative, sep } from "node:path";

/**
 * The relative path `rel` normalised to forward slashes, or `undefined` if it is absolute, empty, or climbs
 * out (`..`) of wherever it is joined.
 */
export function safeRelative(rel: string): string | undefined {
  if (rel === "" || rel.includes("\0")) return undefined;
  const slashed = rel.replaceAll("\\", "/");
  if (slashed.startsWith("/") || isAbsolute(rel) || /^[A-Za-z]:/.test(slashed)) return undefined;
  const parts = slashed.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.length === 0 || parts.some((p) => p === "..")) return undefined;
  return parts.join("/");
}

/** `root` joined with `rel`, or `undefined` if the result would be outside `root`. */
export function joinInside(root: string, rel: string): string | undefined {
  const safe = safeRelative(rel);
  if (safe === undefined) return undefined;
  const full = normalize(join(root, ...safe.split("/")));
  const back = relative(root, full);
  if (back === "" || back.startsWith(`..${sep}`) || back === ".." || isAbsolute(back)) return undefined;
  return full;
}
