import { describe, expect, it } from "vitest";
import { builtinResources } from "./builtin-resources.ts";
import type { ResourceType } from "./resource-type.ts";
import { unknownTopLevelFields, validateBuiltin, validateMetadata, validateName } from "./validation.ts";

const byPlural = (p: string) => builtinResources().find((r) => r.plural === p) as ResourceType;

describe("validateName", () => {
  it("applies RFC 1123 subdomain, label and path-segment rules", () => {
    expect(validateName("a.b-c", "subdomain")).toEqual([]);
    expect(validateName("A", "subdomain")[0]?.message).toContain("a lowercase RFC 1123 subdomain");
    expect(validateName("a.b", "label")[0]?.message).toContain("a lowercase RFC 1123 label");
    expect(validateName("x".repeat(64), "label").map((e) => e.message)).toContainEqual(
      expect.stringContaining("must be no more than 63 characters"),
    );
    expect(validateName("pod.17ab:x", "path-segment")).toEqual([]);
    expect(validateName("a/b", "path-segment")).toHaveLength(1);
  });
});

describe("validateMetadata", () => {
  it("checks label keys and values, annotation keys and finalizer names", () => {
    const rt = byPlural("configmaps");
    const errors = validateMetadata(
      {
        metadata: {
          name: "ok",
          labels: { "example.com/app": "web", "bad key": "v", k: "-x" },
          annotations: { "Bad/Prefix/x": "1" },
          finalizers: ["example.com/f", "no spaces allowed"],
        },
      },
      rt,
    );
    expect(errors.map((e) => e.field)).toEqual([
      "metadata.labels",
      "metadata.labels",
      "metadata.annotations",
      "metadata.finalizers[1]",
    ]);
  });
});

describe("validateBuiltin", () => {
  it("requires pod containers with unique names and images, and a known restartPolicy", () => {
    const pods = byPlural("pods");
    const errors = validateBuiltin(
      {
        metadata: { name: "p" },
        spec: { restartPolicy: "Sometimes", containers: [{ name: "a", image: "i" }, { name: "a" }] },
      },
      pods,
    );
    expect(errors.map((e) => `${e.type} ${e.field}`)).toEqual([
      "FieldValueDuplicate spec.containers[1].name",
      "FieldValueRequired spec.containers[1].image",
      "FieldValueNotSupported spec.restartPolicy",
    ]);
  });

  it("checks configmap keys and the 1 MiB data limit", () => {
    const cms = byPlural("configmaps");
    expect(validateBuiltin({ metadata: { name: "c" }, data: { "bad key": "v" } }, cms)).toHaveLength(1);
    expect(validateBuiltin({ metadata: { name: "c" }, data: { k: "x".repeat(1048577) } }, cms)[0]?.type).toBe(
      "FieldValueTooLong",
    );
  });

  it("lists top-level fields a built-in does not declare", () => {
    expect(unknownTopLevelFields({ metadata: {}, data: {}, bogus: 1 }, byPlural("configmaps"))).toEqual([
      "bogus",
    ]);
  });
});
