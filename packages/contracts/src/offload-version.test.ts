import { describe, expect, it } from "vitest";
import { canonicalNodesJson, offloadVersion } from "./offload-version.js";

describe("offloadVersion", () => {
  it("matches Argo's vector for nil nodes", () => {
    expect(canonicalNodesJson(null)).toBe("null");
    expect(offloadVersion(null)).toBe("fnv:784127654");
    expect(offloadVersion(undefined)).toBe("fnv:784127654");
  });

  it("matches Argo's vector for one empty NodeStatus", () => {
    expect(canonicalNodesJson({ "my-node": {} })).toBe(
      '{"my-node":{"id":"","name":"","type":"","startedAt":null,"finishedAt":null}}',
    );
    expect(offloadVersion({ "my-node": {} })).toBe("fnv:2308444803");
  });

  it("sorts node IDs and writes fields in Go order regardless of input order", () => {
    const a = {
      "wf-2": { phase: "Running", type: "Pod", name: "wf.b", id: "wf-2" },
      "wf-1": { type: "Pod", id: "wf-1", name: "wf.a", children: ["wf-2"] },
    };
    const b = {
      "wf-1": { id: "wf-1", name: "wf.a", type: "Pod", children: ["wf-2"] },
      "wf-2": { id: "wf-2", name: "wf.b", type: "Pod", phase: "Running" },
    };
    expect(canonicalNodesJson(a)).toBe(canonicalNodesJson(b));
    expect(canonicalNodesJson(a)).toBe(
      '{"wf-1":{"id":"wf-1","name":"wf.a","type":"Pod","startedAt":null,"finishedAt":null,"children":["wf-2"]},' +
        '"wf-2":{"id":"wf-2","name":"wf.b","type":"Pod","phase":"Running","startedAt":null,"finishedAt":null}}',
    );
    expect(offloadVersion(a)).toBe(offloadVersion(b));
  });

  it("applies omitempty the way Go does", () => {
    const json = canonicalNodesJson({
      n: {
        id: "n",
        name: "n",
        type: "Pod",
        displayName: "",
        estimatedDuration: 0,
        children: [],
        resourcesDuration: {},
        daemoned: false,
        taskResultSynced: false,
        nodeFlag: { hooked: false },
      },
    });
    // *bool fields keep false; plain bools, zero numbers, empty strings, slices and maps are dropped.
    expect(json).toBe(
      '{"n":{"id":"n","name":"n","type":"Pod","startedAt":null,"finishedAt":null,"daemoned":false,"nodeFlag":{},"taskResultSynced":false}}',
    );
  });

  it("writes times as RFC 3339 UTC seconds and escapes like Go", () => {
    const json = canonicalNodesJson({
      n: {
        id: "n",
        name: "n",
        type: "Pod",
        startedAt: "2024-05-01T10:00:00.750+02:00",
        message: "a<b & c>d\u2028",
      },
    });
    expect(json).toContain('"message":"a\\u003cb \\u0026 c\\u003ed\\u2028"');
    expect(json).toContain('"startedAt":"2024-05-01T08:00:00Z"');
  });

  it("changes when any content changes, including fields Argo does not declare", () => {
    const base = { n: { id: "n", name: "n", type: "Pod" } };
    expect(offloadVersion(base)).not.toBe(offloadVersion({ n: { ...base.n, phase: "Failed" } }));
    expect(offloadVersion(base)).not.toBe(offloadVersion({ n: { ...base.n, extra: 1 } }));
  });
});

describe("canonicalNodesJson key order", () => {
  it("sorts keys by UTF-8 bytes like Go, also above the BMP", () => {
    // U+FF5E sorts before U+1F600 by code point, though its UTF-16 unit is larger than the surrogate's.
    const json = canonicalNodesJson({ "\u{1F600}": {}, "\uFF5E": {}, b: {}, a: {} });
    expect(Object.keys(JSON.parse(json) as object)).toEqual(["a", "b", "\uFF5E", "\u{1F600}"]);
  });
});

describe("canonicalNodesJson AnyString values", () => {
  it("writes numeric and boolean parameter values as strings, as Argo's AnyString does", () => {
    const json = canonicalNodesJson({
      n: {
        id: "n",
        name: "n",
        type: "Pod",
        inputs: {
          parameters: [
            { name: "count", value: 3 },
            { name: "b", value: true },
          ],
        },
      },
    });
    expect(json).toContain(
      '"inputs":{"parameters":[{"name":"count","value":"3"},{"name":"b","value":"true"}]}',
    );
  });
});
