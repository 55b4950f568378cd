import { execFile } from "node:child_process";
import { createServer, request } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closedPort, httpServer, type TestServer } from "../test/servers.ts";
import { TRANSIENT_MESSAGES } from "./classifiers/messages.ts";
import { patternClassifier } from "./classifiers/pattern.ts";
import { classifiers, classify, composeClassifiers, isTransient } from "./classify.ts";
import { TransientError } from "./transient-error.ts";

function codeError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${code} happened`), { code, ...extra });
}

function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

describe("network errors produced for real", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("a refused TCP connection (ECONNREFUSED) is transient", async () => {
    const port = await closedPort();
    const err = await new Promise<unknown>((resolve) => connect(port, "127.0.0.1").on("error", resolve));
    expect(err).toMatchObject({ code: "ECONNREFUSED" });
    expect(classify(err)).toMatchObject({ transient: true, classifier: "network" });
  });

  it("a server that resets the socket mid-request (ECONNRESET / socket hang up) is transient", async () => {
    const s = createServer((req) => req.socket.resetAndDestroy());
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as { port: number }).port;
    const err = await new Promise<unknown>((resolve) => {
      request({ host: "127.0.0.1", port, path: "/" }, () => resolve(new Error("no error")))
        .on("error", resolve)
        .end();
    });
    await new Promise<void>((r) => s.close(() => r()));
    expect(err).toMatchObject({ code: "ECONNRESET" });
    expect(isTransient(err)).toBe(true);
  });

  it("fetch's TypeError('fetch failed') is transient through its cause", async () => {
    const port = await closedPort();
    const err = await rejection(fetch(`http://127.0.0.1:${port}/`));
    expect(err).toBeInstanceOf(TypeError);
    expect(classify(err)).toMatchObject({ transient: true, classifier: "network" });
  });

  it("a fetch aborted by AbortSignal.timeout is transient, a caller's abort is not", async () => {
    server = await httpServer(() => undefined); // never answers
    const timedOut = await rejection(fetch(server.url, { signal: AbortSignal.timeout(20) }));
    expect(timedOut).toMatchObject({ name: "TimeoutError" });
    expect(isTransient(timedOut)).toBe(true);
    const ctl = new AbortController();
    const p = rejection(fetch(server.url, { signal: ctl.signal }));
    ctl.abort();
    const aborted = await p;
    expect(aborted).toMatchObject({ name: "AbortError" });
    expect(isTransient(aborted)).toBe(false);
  });
});

describe("network error codes", () => {
  it.each([
    "ECONNRESET",
    "ETIMEDOUT",
    "ECONNREFUSED",
    "EPIPE",
    "EAI_AGAIN",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
  ])("%s is transient", (code) => {
    expect(classify(codeError(code))).toMatchObject({ transient: true, classifier: "network" });
  });

  it("ENOTFOUND is transient only when it comes from a DNS lookup", () => {
    expect(isTransient(codeError("ENOTFOUND", { syscall: "getaddrinfo", hostname: "api.example" }))).toBe(
      true,
    );
    expect(isTransient(codeError("ENOTFOUND"))).toBe(false);
  });

  it("a network code deep in a cause chain is found", () => {
    const err = new Error("save failed", {
      cause: new Error("upload failed", { cause: codeError("EPIPE") }),
    });
    expect(classify(err)).toMatchObject({ transient: true, reason: "EPIPE: broken pipe" });
  });

  it("a cause cycle does not loop", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    Object.assign(a, { cause: b });
    expect(isTransient(a)).toBe(false);
  });
});

describe("Argo's message patterns", () => {
  it.each(TRANSIENT_MESSAGES.map((m) => [m]))("%s is transient", (message) => {
    expect(classify(new Error(`dial tcp 10.0.0.1:443: ${message}`))).toMatchObject({
      transient: true,
      classifier: "message",
    });
  });

  it("'no more rows in' is transient (offload hydration)", () => {
    expect(classify(new Error("upper: no more rows in this result set"))).toMatchObject({
      transient: true,
      classifier: "sqlHydration",
    });
  });

  it("an unknown message is permanent, and so are nil-like values", () => {
    expect(classify(new Error("boom"))).toMatchObject({ transient: false, classifier: "default" });
    expect(isTransient(undefined)).toBe(false);
    expect(isTransient(null)).toBe(false);
    expect(isTransient("connection reset by peer")).toBe(true);
  });
});

describe("TransientError", () => {
  it("marks anything transient on purpose, even a permanent cause", () => {
    const notFound = Object.assign(new Error("gone"), {
      $metadata: { httpStatusCode: 404 },
      name: "NoSuchKey",
    });
    expect(isTransient(notFound)).toBe(false);
    expect(classify(new TransientError("try again", { cause: notFound }))).toMatchObject({
      transient: true,
      classifier: "explicit",
    });
    expect(isTransient(new Error("outer", { cause: new TransientError("inner") }))).toBe(true);
  });
});

describe("TRANSIENT_ERROR_PATTERN", () => {
  it("matches messages and a child process's stderr; a changed pattern takes effect at once", async () => {
    let value: string | undefined = "this error is transient";
    const c = patternClassifier(() => value);
    expect(c(new Error("oh, this error is transient"))?.transient).toBe(true);
    const exitErr = await new Promise<unknown>((resolve) =>
      execFile("sh", ["-c", "echo this error is transient >&2; exit 3"], (e) => resolve(e)),
    );
    expect(c(exitErr)).toMatchObject({ transient: true, classifier: "pattern" });
    value = "something else";
    expect(c(new Error("oh, this error is transient"))).toBeUndefined();
    expect(c(exitErr)).toBeUndefined();
    value = "";
    expect(c(new Error("anything"))).toBeUndefined();
  });

  it("an invalid pattern is reported once and ignored", () => {
    const warnings: string[] = [];
    const c = patternClassifier(
      () => "([unclosed",
      (m) => warnings.push(m),
    );
    expect(c(new Error("([unclosed"))).toBeUndefined();
    expect(c(new Error("again"))).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/TRANSIENT_ERROR_PATTERN is not a valid regular expression and is ignored/);
  });

  it("the default classifier reads the process environment", () => {
    const before = process.env.TRANSIENT_ERROR_PATTERN;
    try {
      process.env.TRANSIENT_ERROR_PATTERN = "^flaky widget";
      expect(classify(new Error("flaky widget broke"))).toMatchObject({
        transient: true,
        classifier: "pattern",
      });
      delete process.env.TRANSIENT_ERROR_PATTERN;
      expect(isTransient(new Error("flaky widget broke"))).toBe(false);
    } finally {
      if (before === undefined) delete process.env.TRANSIENT_ERROR_PATTERN;
      else process.env.TRANSIENT_ERROR_PATTERN = before;
    }
  });
});

describe("HTTP status classes", () => {
  it.each([408, 429, 500, 502, 503, 504, 599])("%i is transient", (status) => {
    expect(classify(Object.assign(new Error("http"), { statusCode: status }))).toMatchObject({
      transient: true,
      classifier: "http",
    });
  });

  it.each([400, 401, 403, 404, 409, 422, 501])("%i is permanent", (status) => {
    expect(classify(Object.assign(new Error("http"), { status }))).toMatchObject({
      transient: false,
      classifier: "http",
    });
  });

  it("Retry-After in seconds or as a date becomes retryAfterMs", () => {
    const err = Object.assign(new Error("slow down"), { statusCode: 429, headers: { "Retry-After": "7" } });
    expect(classify(err).retryAfterMs).toBe(7000);
    const date = new Date(Date.now() + 60_000).toUTCString();
    const err2 = Object.assign(new Error("busy"), {
      response: { status: 503, headers: new Headers({ "retry-after": date }) },
    });
    const ms = classify(err2).retryAfterMs ?? 0;
    expect(ms).toBeGreaterThan(50_000);
    expect(ms).toBeLessThanOrEqual(60_000);
  });
});

describe("composeClassifiers", () => {
  it("the first verdict wins, and no verdict is undefined", () => {
    const c = composeClassifiers(classifiers.oss, classifiers.network);
    expect(c(codeError("ECONNRESET"))?.classifier).toBe("network");
    expect(c(new Error("plain"))).toBeUndefined();
    expect(classify(codeError("ECONNRESET"), [classifiers.s3])).toMatchObject({
      transient: false,
      classifier: "default",
    });
  });

  it("a classifier that throws has no opinion", () => {
    const broken = (): never => {
      throw new Error("bug");
    };
    expect(classify(codeError("ECONNRESET"), [broken, classifiers.network]).transient).toBe(true);
  });
});
