import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classify } from "../src/classify.ts";
import { httpServer, type TestServer } from "./servers.ts";

interface Answer {
  code: number;
  reason: string;
  message: string;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

// The real @kubernetes/client-node talking over real HTTP to a server that answers with Kubernetes Status bodies.
let answer: Answer = { code: 500, reason: "InternalError", message: "unset" };
let server: TestServer;
let api: CoreV1Api;

beforeAll(async () => {
  server = await httpServer((_req, res) => {
    res.writeHead(answer.code, { "content-type": "application/json", ...answer.headers });
    res.end(
      JSON.stringify({
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: answer.message,
        reason: answer.reason,
        code: answer.code,
        ...(answer.details ? { details: answer.details } : {}),
      }),
    );
  });
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: server.url, skipTLSVerify: true }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  api = kc.makeApiClient(CoreV1Api);
});

afterAll(() => server.close());

async function failure(a: Answer): Promise<unknown> {
  answer = a;
  try {
    await api.readNamespacedPod({ name: "p", namespace: "default" });
  } catch (e) {
    return e;
  }
  throw new Error("expected the call to fail");
}

describe("Kubernetes Status errors through @kubernetes/client-node", () => {
  it.each<[string, Answer, boolean]>([
    ["429 TooManyRequests", { code: 429, reason: "TooManyRequests", message: "rate limited" }, true],
    [
      "503 ServiceUnavailable",
      { code: 503, reason: "ServiceUnavailable", message: "apiserver is shutting down" },
      true,
    ],
    ["504 Timeout", { code: 504, reason: "Timeout", message: "Timeout: request did not complete" }, true],
    [
      "500 ServerTimeout",
      { code: 500, reason: "ServerTimeout", message: "The list operation could not be completed" },
      true,
    ],
    [
      "500 resource quota evaluation timed out",
      {
        code: 500,
        reason: "InternalError",
        message: "Internal error occurred: resource quota evaluation timed out",
      },
      true,
    ],
    [
      "500 other InternalError",
      { code: 500, reason: "InternalError", message: "Internal error occurred: bad" },
      false,
    ],
    [
      "500 etcd leader changed",
      { code: 500, reason: "InternalError", message: "etcdserver: leader changed" },
      true,
    ],
    [
      "403 exceeded quota",
      { code: 403, reason: "Forbidden", message: 'pods "p" is forbidden: exceeded quota: compute-resources' },
      true,
    ],
    [
      "403 Forbidden",
      { code: 403, reason: "Forbidden", message: 'pods "p" is forbidden: User cannot get' },
      false,
    ],
    [
      "409 resourcequota conflict",
      {
        code: 409,
        reason: "Conflict",
        message: 'Operation cannot be fulfilled on resourcequotas "q": the object has been modified',
        details: { name: "q", kind: "resourcequotas" },
      },
      true,
    ],
    [
      "409 Conflict",
      {
        code: 409,
        reason: "Conflict",
        message: 'Operation cannot be fulfilled on pods "p": the object has been modified',
      },
      false,
    ],
    ["409 AlreadyExists", { code: 409, reason: "AlreadyExists", message: 'pods "p" already exists' }, false],
    ["404 NotFound", { code: 404, reason: "NotFound", message: 'pods "p" not found' }, false],
    ["422 Invalid", { code: 422, reason: "Invalid", message: 'Pod "p" is invalid' }, false],
  ])("%s → transient %s", async (_name, a, expected) => {
    const err = await failure(a);
    expect(err).toMatchObject({ code: a.code });
    expect(classify(err).transient).toBe(expected);
  });

  it("429 honours Retry-After and details.retryAfterSeconds", async () => {
    const fromHeader = await failure({
      code: 429,
      reason: "TooManyRequests",
      message: "slow down",
      headers: { "Retry-After": "3" },
    });
    expect(classify(fromHeader)).toMatchObject({
      transient: true,
      classifier: "kubernetes",
      retryAfterMs: 3000,
    });
    const fromDetails = await failure({
      code: 429,
      reason: "TooManyRequests",
      message: "slow down",
      details: { retryAfterSeconds: 2 },
    });
    expect(classify(fromDetails).retryAfterMs).toBe(2000);
  });
});
