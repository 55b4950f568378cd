import { describe, expect, it } from "vitest";
import {
  formatLocatedIssue,
  loadManifests,
  parsePath,
  validateManifestFile,
  validateManifestText,
} from "./load.js";

const text = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: dag
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - name: A
            template: leaf
          - name: B
            template: leaf
            depends: "A && X"
    - name: leaf
      container:
        image: busybox
---
{"apiVersion": "argoproj.io/v1alpha1", "kind": "CronWorkflow",
 "metadata": {"name": "c"},
 "spec": {"schedules": ["61 * * * *"], "workflowSpec": {"entrypoint": "main",
   "templates": [{"name": "main", "suspend": {}}]}}}
`;

describe("loading manifests", () => {
  it("reports the file, line and JSON path of each issue, for YAML and JSON documents", () => {
    const result = validateManifestText(text, "wf.yaml");
    expect(result.ok).toBe(false);
    const lines = result.issues.filter((i) => i.severity === "error").map(formatLocatedIssue);
    expect(lines[0]).toBe(
      "wf.yaml:15:22: spec.templates[0].dag.tasks[1].depends: templates.main sorting failed: invalid dependency X",
    );
    expect(lines[1]).toMatch(
      /^wf\.yaml:22:25: spec\.schedules\[0\]: cron schedule 61 \* \* \* \* is malformed: /,
    );
    expect(result.documents.map((d) => d.document.line)).toEqual([1, 20]);
  });

  it("reports syntax errors with a line", () => {
    const loaded = loadManifests("a: [1, 2\nb: c\n", "bad.yaml");
    expect(loaded.documents).toEqual([]);
    expect(loaded.issues[0]?.rule).toBe("yaml-syntax");
    expect(loaded.issues[0]?.file).toBe("bad.yaml");
    expect(typeof loaded.issues[0]?.line).toBe("number");
  });

  it("rejects duplicate keys", () => {
    const loaded = loadManifests("a: 1\na: 2\n", "dup.yaml");
    expect(loaded.issues.map((i) => `${i.line}: ${i.message}`)).toEqual(["2: Map keys must be unique"]);
  });

  it("locates the closest existing ancestor of a missing field", () => {
    const [doc] = loadManifests("spec:\n  templates: []\n").documents;
    expect(doc?.locate(["spec", "templates", 3, "name"])).toEqual({ line: 2, column: 14 });
    expect(doc?.locate([])).toEqual({ line: 1, column: 1 });
  });

  it("skips empty documents and parses paths back", () => {
    expect(loadManifests("---\n---\na: 1\n").documents.map((d) => d.value)).toEqual([{ a: 1 }]);
    expect(parsePath('spec.templates[2].metadata.labels["a/b"]')).toEqual([
      "spec",
      "templates",
      2,
      "metadata",
      "labels",
      "a/b",
    ]);
  });
});

describe("validateManifestFile", () => {
  it("reads through the injected reader and names the file", async () => {
    const files: Record<string, string> = { "a.yaml": text };
    const readFile = async (p: string) => {
      const content = files[p];
      if (content === undefined) throw new Error("ENOENT");
      return content;
    };
    const result = await validateManifestFile("a.yaml", { readFile });
    expect(result.documents.length).toBe(2);
    expect(result.issues.every((i) => i.file === "a.yaml")).toBe(true);
    const missing = await validateManifestFile("b.yaml", { readFile });
    expect(missing.ok).toBe(false);
    expect(missing.issues.map(formatLocatedIssue)).toEqual(["b.yaml: cannot read b.yaml: ENOENT"]);
  });
});
