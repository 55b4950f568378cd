/**
 * The TokenRequest API (`POST .../serviceaccounts/{name}/token`): HS256-signed JWTs with the claims of a projected
 * service-account token (iss, sub `system:serviceaccount:{ns}:{name}`, aud, exp, iat, nbf, kubernetes.io), which
 * the server then accepts as bearer tokens. There is no RBAC: such a token can do what the main token can.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { badRequest, invalid } from "./status.js";
import type { Clock, KubeObject } from "./types.js";
import { isRecord } from "./types.js";

const ISSUER = "https://kubernetes.default.svc.cluster.local";
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

export class ServiceAccountTokens {
  readonly #key = randomBytes(32);
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  #sign(payload: string): string {
    return createHmac("sha256", this.#key).update(payload).digest("base64url");
  }

  /** Answers a TokenRequest for `account` (the ServiceAccount object). */
  issue(
    account: KubeObject,
    body: unknown,
  ): { apiVersion: string; kind: string; metadata: unknown; spec: unknown; status: unknown } {
    const spec = isRecord(body) && isRecord(body.spec) ? body.spec : {};
    const seconds = spec.expirationSeconds ?? 3600;
    if (typeof seconds !== "number" || !Number.isInteger(seconds)) {
      throw badRequest("spec.expirationSeconds: must be an integer");
    }
    const name = account.metadata.name ?? "";
    if (seconds < 600) {
      throw invalid("TokenRequest", "authentication.k8s.io", name, [
        {
          type: "FieldValueInvalid",
          field: "spec.expirationSeconds",
          message: `Invalid value: ${seconds}: may not specify a duration less than 10 minutes`,
        },
      ]);
    }
    const audiences = Array.isArray(spec.audiences) && spec.audiences.length > 0 ? spec.audiences : [ISSUER];
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    const namespace = account.metadata.namespace ?? "";
    const claims = {
      aud: audiences,
      exp: now + seconds,
      iat: now,
      nbf: now,
      iss: ISSUER,
      sub: `system:serviceaccount:${namespace}:${name}`,
      "kubernetes.io": { namespace, serviceaccount: { name, uid: account.metadata.uid ?? "" } },
    };
    const unsigned = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}`;
    const token = `${unsigned}.${this.#sign(unsigned)}`;
    return {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      metadata: { name, namespace, creationTimestamp: null },
      spec: { audiences, expirationSeconds: seconds, boundObjectRef: spec.boundObjectRef ?? null },
      status: {
        token,
        expirationTimestamp: `${new Date((now + seconds) * 1000).toISOString().slice(0, 19)}Z`,
      },
    };
  }

  /** True for an unexpired token this server issued. */
  verify(token: string): boolean {
    const parts = token.split(".");
    if (parts.length !== 3) return false;
    const [header = "", payload = "", signature = ""] = parts;
    const expected = Buffer.from(this.#sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    try {
      const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      return (
        isRecord(claims) && typeof claims.exp === "number" && claims.exp * 1000 > this.#clock.now().getTime()
      );
    } catch {
      return false;
    }
  }
}
