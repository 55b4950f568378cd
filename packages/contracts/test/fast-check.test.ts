import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadManifests, offloadVersion, validateManifest, validateManifestText } from "../src/index.ts";

const kinds = fc.constantFrom(
  "Workflow",
  "WorkflowTemplate",
  "ClusterWorkflowTemplate",
  "CronWorkflow",
  "WorkflowTaskResult",
);

/** Arbitrary JSON, sometimes shaped like a manifest so validation gets past the first checks. */
const manifestish = fc.oneof(
  fc.jsonValue(),
  fc.record({
    apiVersion: fc.oneof(fc.constant("argoproj.io/v1alpha1"), fc.jsonValue()),
    kind: kinds,
    metadata: fc.oneof(fc.record({ name: fc.string() }), fc.jsonValue()),
    spec: fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          entrypoint: fc.oneof(fc.string(), fc.jsonValue()),
          schedules: fc.array(fc.string()),
          timezone: fc.string(),
          templates: fc.array(
            fc.record(
              {
                name: fc.string(),
                dag: fc.record({
                  tasks: fc.array(
                    fc.record(
                      { name: fc.string(), depends: fc.string(), template: fc.string() },
                      { requiredKeys: [] },
                    ),
                  ),
                }),
                steps: fc.array(
                  fc.array(fc.record({ name: fc.string(), template: fc.string() }, { requiredKeys: [] })),
                ),
                container: fc.record({ image: fc.string() }, { requiredKeys: [] }),
                metrics: fc.jsonValue(),
              },
              { requiredKeys: [] },
            ),
          ),
          workflowSpec: fc.jsonValue(),
        },
        { requiredKeys: [] },
      ),
    ),
  }),
);

describe("fast-check", () => {
  it("validation never throws on arbitrary JSON; it returns issues", () => {
    fc.assert(
      fc.property(manifestish, (input) => {
        const result = validateManifest(input);
        expect(Array.isArray(result.issues)).toBe(true);
        if (!result.ok) expect(result.issues.some((i) => i.severity === "error")).toBe(true);
        for (const issue of result.issues) expect(typeof issue.message).toBe("string");
      }),
      { numRuns: 400 },
    );
  });

  it("loading never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const loaded = loadManifests(text, "fuzz.yaml");
        expect(Array.isArray(loaded.documents)).toBe(true);
        expect(validateManifestText(text, "fuzz.yaml").ok === false || loaded.documents.length === 0).toBe(
          true,
        );
      }),
      { numRuns: 200 },
    );
  });

  it("offloadVersion is deterministic and independent of key order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.jsonValue())), (nodes) => {
        const reversed = Object.fromEntries(
          Object.entries(nodes)
            .reverse()
            .map(([k, v]) => [k, Object.fromEntries(Object.entries(v).reverse())]),
        );
        expect(offloadVersion(reversed)).toBe(offloadVersion(nodes));
      }),
      { numRuns: 200 },
    );
  });
});
