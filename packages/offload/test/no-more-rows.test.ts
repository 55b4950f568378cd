import { FakeClock } from "@weft/retry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OffloadNotFoundError } from "../src/errors.ts";
import { createHydrator } from "../src/hydrator.ts";
import { openStore } from "../src/open.ts";
import type { OffloadRepository } from "../src/repository.ts";
import { createSqlRepository } from "../src/sql-repository.ts";
import type { OffloadStore } from "../src/store.ts";
import type { OffloadableWorkflow } from "../src/workflow.ts";
import { BACKENDS, createTestDatabase, type TestDatabase } from "./databases.ts";
import { deleteOnSave, runScenario, TTL } from "./world.ts";

const T0 = Date.parse("2026-12-01T12:00:00Z");

/** Interleavings per backend: 10,000 on the embedded SQLite, fewer (still randomized) on the servers. */
const INTERLEAVINGS: Record<string, number> = {
  sqlite: Number(process.env.WEFT_OFFLOAD_INTERLEAVINGS_SQLITE ?? 10_000),
  postgres: Number(process.env.WEFT_OFFLOAD_INTERLEAVINGS_SERVER ?? 500),
  mysql: Number(process.env.WEFT_OFFLOAD_INTERLEAVINGS_SERVER ?? 500),
};
/** Scenarios run this many at a time (each with its own repository and clock, one shared store). */
const LANES: Record<string, number> = { sqlite: 1, postgres: 6, mysql: 6 };

/**
 * Runs `count` scenarios, `lanes` at a time; each lane has its own clock (its repositories read it) and scenarios
 * are spread a day apart so their rows never meet.
 */
async function inLanes(
  count: number,
  lanes: number,
  repoWith: (clock: { now: number }) => OffloadRepository,
  run: (i: number, clock: { now: number }, repo: OffloadRepository) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const clock = { now: T0 };
      const repo = repoWith(clock);
      for (let i = next++; i < count; i = next++) {
        clock.now = T0 + lane * 1_000_000_000 + i * 100_000;
        await run(i, clock, repo);
      }
    }),
  );
}

/** Scenarios per mutant in the control test: enough that each mutant is caught many times over. */
const CONTROL_RUNS = 60;

describe.each(BACKENDS)('"upper: no more rows in this result set" on %s', (backend) => {
  let db: TestDatabase;
  let store: OffloadStore;
  const repoWith = (clock: { now: number }): OffloadRepository =>
    createSqlRepository(store, { now: () => clock.now, retryClock: new FakeClock({ auto: true }) });

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    store = openStore({ url: db.url, poolMax: 8 });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  /** Argo issue #13220, step by step: returns the error of the reapply's re-read of version A, if any. */
  async function theBug(repo: OffloadRepository, clock: { now: number }, uid: string): Promise<unknown> {
    const hydrator = createHydrator(repo, { alwaysOffload: true });
    const base: OffloadableWorkflow = {
      metadata: { uid, namespace: "argo", name: uid },
      status: { phase: "Running", nodes: { a: { id: "a", name: uid, type: "Pod", phase: "Running" } } },
    };
    // 1. The workflow is dehydrated at version A, and nothing changes for longer than the TTL.
    const stored = await hydrator.dehydrate(base);
    const versionA = stored.status?.offloadNodeStatusVersion;
    clock.now += TTL + 60_000;
    // 2. The controller's copy (orig) points at A; it computes new nodes and saves version B.
    const orig = structuredClone(stored);
    const woc = await hydrator.hydrate(orig);
    const next = {
      ...woc,
      status: { ...woc.status, nodes: { a: { id: "a", name: uid, type: "Pod", phase: "Succeeded" } } },
    };
    const dehydrated = await hydrator.dehydrate(next);
    expect(dehydrated.status?.offloadNodeStatusVersion).not.toBe(versionA);
    // 3. The user stops the workflow at that moment: the update is a Conflict, and reapplyUpdate re-reads A.
    try {
      const again = await hydrator.hydrate(orig);
      expect(again.status?.nodes).toEqual(base.status?.nodes);
      return undefined;
    } catch (err) {
      return err;
    }
  }

  it("a conflicting update can re-read the version its original copy points at", async () => {
    const clock = { now: T0 };
    expect(await theBug(repoWith(clock), clock, "bug-fixed")).toBeUndefined();
  });

  it("(control) with Argo's old delete-on-save the same steps fail with NotFound", async () => {
    const clock = { now: T0 };
    const err = await theBug(deleteOnSave(repoWith(clock)), clock, "bug-mutant");
    expect(err).toBeInstanceOf(OffloadNotFoundError);
  });

  it(`${INTERLEAVINGS[backend]} randomized interleavings of save / conflict / stop / GC: no NotFound for a referenced version, no live version collected`, async () => {
    const total = INTERLEAVINGS[backend] ?? 0;
    const violations: string[] = [];
    let steps = 0;
    await inLanes(total, LANES[backend] ?? 1, repoWith, async (i, clock, repo) => {
      const r = await runScenario({ repo, clock, seed: 1_000_000 + i });
      violations.push(...r.violations);
      steps += r.steps;
    });
    expect(violations).toEqual([]);
    expect(steps).toBeGreaterThan(total * 6);
  }, 60_000);

  it("(control) the same interleavings catch delete-on-save and a GC that ignores the workflow lock", async () => {
    const mutants = { deleteOnSave: 0, gcWithoutLock: 0 };
    await inLanes(CONTROL_RUNS, LANES[backend] ?? 1, repoWith, async (i, clock, repo) => {
      clock.now += 5_000_000_000;
      const a = await runScenario({ repo: deleteOnSave(repo), clock, seed: 2_000_000 + i });
      mutants.deleteOnSave += a.violations.length;
      const b = await runScenario({ repo, clock, seed: 3_000_000 + i, gcTakesLock: false });
      mutants.gcWithoutLock += b.violations.length;
    });
    expect(mutants.deleteOnSave).toBeGreaterThan(0);
    expect(mutants.gcWithoutLock).toBeGreaterThan(0);
  }, 60_000);
});
