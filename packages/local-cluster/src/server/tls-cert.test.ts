import { createPublicKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedCert } from "./tls-cert.js";

describe("selfSignedCert", () => {
  it("is a valid self-signed CA certificate for the given names and addresses, matching its key", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const { cert, key } = selfSignedCert(["localhost", "127.0.0.1", "::1"], now);
    const x = new X509Certificate(cert);
    expect(x.ca).toBe(true);
    expect(x.subject).toBe("CN=weft-local-cluster");
    expect(x.verify(x.publicKey)).toBe(true);
    expect(x.checkHost("localhost")).toBe("localhost");
    expect(x.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(x.checkIP("::1")).toBe("::1");
    expect(x.checkIP("10.0.0.1")).toBeUndefined();
    expect(Date.parse(x.validFrom)).toBeLessThanOrEqual(now.getTime());
    expect(Date.parse(x.validTo)).toBeGreaterThan(now.getTime() + 9 * 365 * 24 * 3600 * 1000);
    expect(x.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]);
    expect(createPublicKey(key).export({ format: "jwk" })).toEqual(x.publicKey.export({ format: "jwk" }));
  });
});
