import { describe, expect, it } from "vitest";
import { isAuthenticated } from "./auth.ts";

describe("isAuthenticated", () => {
  it("accepts only the exact bearer token", () => {
    expect(isAuthenticated({ authorization: "Bearer s3cret" }, "s3cret")).toBe(true);
    expect(isAuthenticated({ authorization: "Bearer s3cre" }, "s3cret")).toBe(false);
    expect(isAuthenticated({ authorization: "Bearer s3cretX" }, "s3cret")).toBe(false);
    expect(isAuthenticated({ authorization: "Basic s3cret" }, "s3cret")).toBe(false);
    expect(isAuthenticated({}, "s3cret")).toBe(false);
  });
});
