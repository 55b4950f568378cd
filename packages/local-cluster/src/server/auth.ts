/** Bearer-token authentication: every request must carry `Authorization: Bearer <token>` (compared in constant time). */
import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export function isAuthenticated(headers: IncomingHttpHeaders, token: string): boolean {
  const header = headers.authorization;
  if (typeof header !== "string" || !header.startsWith("Bearer ")) return false;
  const given = Buffer.from(header.slice("Bearer ".length).trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
