import { connect, createServer, type Server } from "node:net";
import { FakeClock } from "@weft/retry";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { OffloadFailedError, OffloadStoreError } from "../src/errors.ts";
import { createHydrator } from "../src/hydrator.ts";
import { openOffloadRepository, sqlitePath } from "../src/open.ts";
import { createTestDatabase } from "./databases.ts";
import { realisticNodes } from "./fixtures.ts";

/** A loopback port nothing listens on (bound on port 0, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/**
 * A TCP proxy on a random port to `target` that drops the first `drop` connections (a server restarting), then
 * forwards.
 */
async function flakyProxy(
  target: URL,
  drop: number,
): Promise<{ port: number; dropped: () => number; close(): Promise<void> }> {
  let dropped = 0;
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    if (dropped < drop) {
      dropped++;
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return {
    port: address.port,
    dropped: () => dropped,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe.each(["postgres", "mysql"] as const)("%s that restarts", (backend) => {
  it("retries the dropped connections and then succeeds", async () => {
    const db = await createTestDatabase(backend);
    const target = new URL(db.url);
    const proxy = await flakyProxy(target, 2);
    const via = new URL(db.url);
    via.port = String(proxy.port);
    const retries: string[] = [];
    const repo = openOffloadRepository({
      url: via.toString(),
      retryClock: new FakeClock({ auto: true }),
      hooks: { onRetry: (e) => retries.push(e.verdict.classifier) },
    });
    try {
      const v = await repo.save("u1", "argo", { a: { id: "a", name: "a", type: "Pod" } });
      expect(await repo.get("u1", v)).toEqual({ a: { id: "a", name: "a", type: "Pod" } });
      expect(proxy.dropped()).toBe(2);
      expect(retries).toHaveLength(2);
    } finally {
      await repo.close();
      await proxy.close();
      await db.drop();
    }
  });
});

describe.each([
  ["postgres", (port: number) => `postgres://postgres@127.0.0.1:${port}/weft`],
  ["mysql", (port: number) => `mysql://root@127.0.0.1:${port}/weft`],
] as const)("%s that is down", (_backend, urlFor) => {
  it("retries with Argo's write backoff, then fails with a clear error (no crash)", async () => {
    const clock = new FakeClock({ auto: true });
    const retries: Array<{ delayMs: number; classifier: string }> = [];
    const repo = openOffloadRepository({
      url: urlFor(await closedPort()),
      retryClock: clock,
      hooks: { onRetry: (e) => retries.push({ delayMs: e.delayMs, classifier: e.verdict.classifier }) },
    });
    try {
      const err = await repo
        .save("u1", "argo", { a: { id: "a", name: "a", type: "Pod" } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OffloadStoreError);
      expect(err).toMatchObject({ attempts: 5, transient: true });
      expect((err as Error).message).toMatch(
        /^offload save uid=u1 version=fnv:\d+ failed after 5 attempts \(database unavailable\): .*ECONNREFUSED/,
      );
      expect(retries.map((r) => r.delayMs)).toEqual([1000, 2000, 4000, 8000]);
      expect(retries.every((r) => r.classifier === "network")).toBe(true);
    } finally {
      await repo.close();
    }
  });

  it("retries reads with Argo's read backoff", async () => {
    const clock = new FakeClock({ auto: true });
    const repo = openOffloadRepository({ url: urlFor(await closedPort()), retryClock: clock });
    try {
      await expect(repo.get("u1", "fnv:1")).rejects.toThrow(
        /offload get uid=u1 version=fnv:1 failed after 5 attempts/,
      );
      expect(clock.sleeps).toEqual([100, 200, 400, 800]);
    } finally {
      await repo.close();
    }
  });

  it("dehydrate reports Argo's too-large text followed by the offload failure", async () => {
    const repo = openOffloadRepository({
      url: urlFor(await closedPort()),
      retryClock: new FakeClock({ auto: true }),
    });
    const hydrator = createHydrator(repo, { maxWorkflowSize: 2048 });
    const wf = { metadata: { uid: "u1", namespace: "argo" }, status: { nodes: realisticNodes(64 * 1024) } };
    try {
      const err = await hydrator.dehydrate(wf).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OffloadFailedError);
      expect((err as Error).message).toMatch(
        /^workflow is longer than maximum allowed size\. compressed size \d+ > maxSize 2048Tried to offload but encountered error: offload save uid=u1 .* failed after 5 attempts \(database unavailable\)/,
      );
      expect(wf.status.nodes).toBeDefined(); // the input is untouched
    } finally {
      await repo.close();
    }
  });
});

describe("sqlite that is busy or cannot be opened", () => {
  it("retries SQLITE_BUSY (another connection holds the write lock) and succeeds once it is released", async () => {
    const db = await createTestDatabase("sqlite");
    const repo = openOffloadRepository({
      url: db.url,
      busyTimeoutMs: 20,
      retryClock: new FakeClock({ auto: true }),
    });
    await repo.migrate();
    const other = new Database(sqlitePath(db.url));
    const retried: string[] = [];
    try {
      other.exec("BEGIN IMMEDIATE");
      const hooked = openOffloadRepository({
        url: db.url,
        busyTimeoutMs: 20,
        retryClock: new FakeClock({ auto: true }),
        hooks: {
          onRetry: (e) => {
            retried.push(e.verdict.reason);
            if (other.inTransaction) other.exec("COMMIT");
          },
        },
      });
      await hooked.migrate(); // reads only: not blocked by the other connection's reserved lock
      const v = await hooked.save("u1", "argo", { a: { id: "a", name: "a", type: "Pod" } });
      expect(retried).toEqual(["SQLite SQLITE_BUSY"]);
      expect(await repo.get("u1", v)).toEqual({ a: { id: "a", name: "a", type: "Pod" } });
      await hooked.close();
    } finally {
      other.close();
      await repo.close();
      await db.drop();
    }
  });

  it("a path that cannot be opened is one clear, permanent failure", async () => {
    const repo = openOffloadRepository({ url: "sqlite:/nonexistent-weft-dir/offload.db" });
    const err = await repo.list("").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OffloadStoreError);
    expect(err).toMatchObject({ attempts: 1, transient: false });
    expect((err as Error).message).toMatch(
      /offload list namespace= failed after 1 attempt: .*directory does not exist/,
    );
    await repo.close();
  });
});
