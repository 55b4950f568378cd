/** Bearer-token authentication: every request must carry `Authorization: Bearer <token>` (compared in constant time). */
import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** `verify` accepts further tokens (service-account tokens the server issued). */
export function isAuthenticated(
  headers: IncomingHttpHeaders,
  token: string,
  verify: (bearer: string) => boolean = () => false,
): boolean {
  const header = headers.authorization;
  if (typeof header !== "string" || !header.startsWith("Bearer ")) return false;
  const bearer = header.slice("Bearer ".length).trim();
  const given = Buffer.from(bearer);
  const expected = Buffer.from(token);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
  return verify(bearer);
}
