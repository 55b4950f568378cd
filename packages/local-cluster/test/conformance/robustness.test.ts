/** Arbitrary bodies, paths and content types never break the server: every answer is a Status or an object. */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Cluster, connect, TEST_TIMEOUT } from "./cluster.ts";

vi.setConfig({ testTimeout: TEST_TIMEOUT, hookTimeout: TEST_TIMEOUT });

let c: Cluster;
let ns: string;

beforeAll(async () => {
  c = await connect();
  ns = await c.namespace("fuzz");
});
afterAll(async () => {
  await c.close();
});

describe("robustness", () => {
  it("answers garbage bodies on every write verb with a 4xx Status and keeps serving", async () => {
    const paths = [
      `/api/v1/namespaces/${ns}/configmaps`,
      `/api/v1/namespaces/${ns}/configmaps/target`,
      `/api/v1/namespaces/${ns}/pods`,
      `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`,
    ];
    await c.core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: "target" } } });
    const body = fc.oneof(
      fc.string(),
      fc.json(),
      fc.constantFrom(
        "{",
        "[]",
        "null",
        '{"metadata": 5}',
        '{"metadata": {"name": 7}}',
        '{"kind": "Pod"}',
        "\u0000\u0001",
      ),
    );
    const method = fc.constantFrom("POST", "PUT", "PATCH");
    const type = fc.constantFrom(
      "application/json",
      "application/yaml",
      "application/merge-patch+json",
      "application/json-patch+json",
      "application/strategic-merge-patch+json",
      "text/plain",
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), method, type, body, async (path, m, contentType, text) => {
        const res = await c.raw(m, path, { body: text, contentType });
        if (res.status >= 400) {
          expect(res.status).toBeLessThan(500);
          const status = res.json();
          expect(status).toMatchObject({ kind: "Status", status: "Failure", code: res.status });
        } else {
          expect(res.json()).toHaveProperty("metadata");
        }
      }),
      { numRuns: 60 },
    );
    const alive = await c.core.readNamespacedConfigMap({ name: "target", namespace: ns });
    expect(alive.metadata?.name).toBe("target");
  });
});
