import { describe, expect, it } from "vitest";
import { TransientError } from "./transient-error.js";

describe("TransientError", () => {
  it("keeps the message and the cause", () => {
    const cause = new Error("boom");
    const err = new TransientError("retry me", { cause });
    expect(err.name).toBe("TransientError");
    expect(err.message).toBe("retry me");
    expect(err.cause).toBe(cause);
    expect(err).toBeInstanceOf(Error);
  });
});
