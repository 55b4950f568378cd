import { describe, expect, it } from "vitest";
import { substitute } from "./substitute.js";

describe("substitute", () => {
  const scope = { "workflow.name": "wf-1", status: "Failed", duration: "1.500000" };

  it("replaces every tag, ignoring spaces inside the braces", () => {
    expect(substitute("{{workflow.name}}/{{ status }}/{{duration}}", scope)).toEqual({
      ok: true,
      text: "wf-1/Failed/1.500000",
    });
  });

  it("leaves text without tags alone", () => {
    expect(substitute("plain", scope)).toEqual({ ok: true, text: "plain" });
  });

  it("an unknown variable is an error", () => {
    expect(substitute("{{inputs.parameters.x}}", scope)).toEqual({
      ok: false,
      error: "failed to resolve {{inputs.parameters.x}}",
    });
  });

  it("does not resolve prototype properties", () => {
    expect(substitute("{{constructor}}", scope).ok).toBe(false);
  });

  it("expression tags are reported as unsupported", () => {
    expect(substitute("{{=1+1}}", scope)).toEqual({
      ok: false,
      error: "expression templates are not supported in metrics: {{=1+1}}",
    });
  });
});
