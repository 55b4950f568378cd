import { describe, expect, it } from "vitest";
import { dns1123LabelErrors, dns1123SubdomainErrors, workflowFieldNameErrors } from "./names.js";

describe("names", () => {
  it("checks RFC 1123 subdomains and labels with the Kubernetes messages", () => {
    expect(dns1123SubdomainErrors("my-wf.v1")).toEqual([]);
    expect(dns1123SubdomainErrors("a".repeat(254))[0]).toBe("must be no more than 253 characters");
    expect(dns1123LabelErrors("Bad")).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("checks Argo field names", () => {
    expect(workflowFieldNameErrors("My-name1-2")).toEqual([]);
    expect(workflowFieldNameErrors("123-NAME")).toEqual([]);
    expect(workflowFieldNameErrors("a".repeat(129))).toEqual(["must be no more than 128 characters"]);
  });
});
