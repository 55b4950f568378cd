import { describe, expect, it } from "vitest";
import { ServiceAccountTokens } from "./service-account-tokens.ts";
import type { Clock } from "./types.ts";

function clockAt(ms: { now: number }): Clock {
  return { now: () => new Date(ms.now), setTimeout: () => 0, clearTimeout: () => {} };
}

const account = { metadata: { name: "runner", namespace: "ns", uid: "u-1" } };

describe("ServiceAccountTokens", () => {
  it("issues a JWT with the service-account claims that it verifies until it expires", () => {
    const time = { now: Date.UTC(2026, 0, 1) };
    const tokens = new ServiceAccountTokens(clockAt(time));
    const res = tokens.issue(account, { spec: { audiences: ["weft"], expirationSeconds: 600 } });
    const token = (res.status as { token: string }).token;
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
    expect(claims).toMatchObject({
      aud: ["weft"],
      sub: "system:serviceaccount:ns:runner",
      "kubernetes.io": { namespace: "ns", serviceaccount: { name: "runner", uid: "u-1" } },
    });
    expect(res.status).toMatchObject({ expirationTimestamp: "2026-01-01T00:10:00Z" });
    expect(tokens.verify(token)).toBe(true);
    expect(tokens.verify(`${token.slice(0, -2)}xx`)).toBe(false);
    expect(new ServiceAccountTokens(clockAt(time)).verify(token)).toBe(false);
    time.now += 601_000;
    expect(tokens.verify(token)).toBe(false);
  });

  it("refuses lifetimes under ten minutes with a 422 naming the field", () => {
    const tokens = new ServiceAccountTokens(clockAt({ now: 0 }));
    expect(() => tokens.issue(account, { spec: { expirationSeconds: 60 } })).toThrow(
      expect.objectContaining({ code: 422, message: expect.stringContaining("spec.expirationSeconds") }),
    );
  });
});
