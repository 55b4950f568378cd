import { describe, expect, it } from "vitest";
import { parseEndpoint } from "./endpoint.js";
import { InvalidLocation } from "./errors.js";

const ctx = { provider: "s3", operation: "configure" } as const;

describe("parseEndpoint", () => {
  it("accepts URLs and bare hosts (insecure picks http)", () => {
    expect(parseEndpoint("http://127.0.0.1:4590", false, ctx).href).toBe("http://127.0.0.1:4590/");
    expect(parseEndpoint("s3.amazonaws.com", false, ctx).protocol).toBe("https:");
    expect(parseEndpoint("minio:9000", true, ctx).href).toBe("http://minio:9000/");
  });

  it("names the endpoint field in every refusal", () => {
    for (const bad of ["", "  ", "ftp://x", "http://a b", "http://u:p@host", "http://host/?q=1"]) {
      const err = (() => {
        try {
          parseEndpoint(bad, false, ctx);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err, bad).toBeInstanceOf(InvalidLocation);
      expect((err as InvalidLocation).field).toBe("endpoint");
    }
  });
});
