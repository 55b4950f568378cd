import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateCrds, renderCrdYaml } from "../src/index.ts";

const dir = join(import.meta.dirname, "..", "crds");

type Props = Record<string, unknown>;

/** The apiextensions.k8s.io/v1 structural-schema rules, as the API server checks them. */
function structuralProblems(node: Props, path: string, out: string[]): void {
  const preserve = node["x-kubernetes-preserve-unknown-fields"] === true;
  const intOrString = node["x-kubernetes-int-or-string"] === true;
  if (node.type === undefined && !preserve && !intOrString) out.push(`${path}: no type`);
  if (node.$ref !== undefined) out.push(`${path}: $ref`);
  if (node.properties !== undefined && node.additionalProperties !== undefined) {
    out.push(`${path}: properties and additionalProperties`);
  }
  if (node.type === "array" && node.items === undefined) out.push(`${path}: array without items`);
  if (node.anyOf !== undefined) {
    if (!intOrString) out.push(`${path}: anyOf outside int-or-string`);
    for (const branch of node.anyOf as Props[]) {
      for (const k of Object.keys(branch)) if (k !== "type") out.push(`${path}: anyOf branch sets ${k}`);
    }
  }
  if (Array.isArray(node.enum)) {
    for (const v of node.enum as unknown[]) if (typeof v !== "string") out.push(`${path}: non-string enum`);
  }
  for (const [k, child] of Object.entries((node.properties as Record<string, Props> | undefined) ?? {})) {
    structuralProblems(child, `${path}.${k}`, out);
  }
  if (typeof node.items === "object") structuralProblems(node.items as Props, `${path}[]`, out);
  if (typeof node.additionalProperties === "object") {
    structuralProblems(node.additionalProperties as Props, `${path}{}`, out);
  }
}

describe("generated CRDs", () => {
  const crds = generateCrds();

  it("match the checked-in files (run `pnpm run crds` after changing a schema)", () => {
    for (const crd of crds) {
      expect(readFileSync(join(dir, crd.file), "utf8"), crd.file).toBe(renderCrdYaml(crd));
    }
  });

  it("are structural apiextensions.k8s.io/v1 schemas", () => {
    for (const crd of crds) {
      const manifest = parse(renderCrdYaml(crd)) as {
        apiVersion: string;
        spec: { versions: Array<{ schema: { openAPIV3Schema: Props } }> };
      };
      expect(manifest.apiVersion).toBe("apiextensions.k8s.io/v1");
      const problems: string[] = [];
      const root = manifest.spec.versions[0]?.schema.openAPIV3Schema ?? {};
      structuralProblems(root, crd.file, problems);
      // metadata may only be a bare object at the root.
      expect((root.properties as Record<string, Props>).metadata).toEqual({ type: "object" });
      expect(problems).toEqual([]);
    }
  });

  it("declare Argo's names, printer columns, status subresource and preserved subtrees", () => {
    const wf = crds.find((c) => c.file === "argoproj.io_workflows.yaml")?.manifest as {
      metadata: { name: string };
      spec: {
        names: { shortNames: string[] };
        versions: Array<{
          additionalPrinterColumns: Array<{ name: string; jsonPath: string }>;
          subresources: unknown;
          schema: { openAPIV3Schema: { properties: Record<string, Props> } };
        }>;
      };
    };
    expect(wf.metadata.name).toBe("workflows.argoproj.io");
    expect(wf.spec.names.shortNames).toEqual(["wf"]);
    const v = wf.spec.versions[0];
    expect(v?.additionalPrinterColumns.map((c) => `${c.name}=${c.jsonPath}`)).toEqual([
      "Status=.status.phase",
      "Age=.status.startedAt",
      "Message=.status.message",
    ]);
    expect(v?.subresources).toEqual({ status: {} });
    const spec = v?.schema.openAPIV3Schema.properties.spec as Props;
    const templates = (spec.properties as Record<string, Props>).templates as Props;
    const template = (templates.items as Props).properties as Record<string, Props>;
    const steps = template.steps as { items: { items: { properties: Record<string, Props> } } };
    expect(steps.items.items.properties.withItems).toEqual({
      type: "array",
      items: { "x-kubernetes-preserve-unknown-fields": true },
    });
    expect(steps.items.items.properties.inline?.["x-kubernetes-preserve-unknown-fields"]).toBe(true);
    const retry = (template.retryStrategy as { properties: Record<string, Props> }).properties;
    expect(retry.limit).toEqual({
      anyOf: [{ type: "integer" }, { type: "string" }],
      "x-kubernetes-int-or-string": true,
    });
    const names = crds.map((c) => (c.manifest as { metadata: { name: string } }).metadata.name);
    expect(names).toEqual([
      "workflows.argoproj.io",
      "workflowtemplates.argoproj.io",
      "clusterworkflowtemplates.argoproj.io",
      "cronworkflows.argoproj.io",
      "workflowtaskresults.argoproj.io",
    ]);
  });
});
