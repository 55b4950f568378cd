import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FakeClock,
  type KubeClient,
  type LeaderElectionRecord,
  LeaderElector,
  type Lease,
  recordOf,
  watchStream,
} from "../src/index.ts";
import { LOCAL, type TestCluster, testCluster, waitFor } from "./support/cluster.ts";

let cluster: TestCluster;
let admin: KubeClient;

beforeAll(async () => {
  cluster = await testCluster();
  admin = cluster.client();
});
afterAll(() => cluster.close());

interface Candidate {
  elector: LeaderElector;
  controller: AbortController;
  done: Promise<void>;
  log: string[];
}

/** Every version of the lease as the server stored it, in order (from a watch). */
function leaseHistory(ns: string, name: string) {
  const records: LeaderElectionRecord[] = [];
  const ctl = new AbortController();
  const done = watchStream(
    admin.transport,
    admin.leases.type,
    { namespace: ns, resourceVersion: "0", signal: ctl.signal },
    (ev) => {
      const lease = ev.object as unknown as Lease;
      if (lease.metadata?.name === name && (ev.type === "ADDED" || ev.type === "MODIFIED"))
        records.push(recordOf(lease));
    },
    () => undefined,
  ).catch(() => undefined);
  return {
    records,
    stop: () => {
      ctl.abort();
      return done;
    },
  };
}

/** Server-side proof of mutual exclusion: a new holder takes over only from a released or expired record. */
function expectNoOverlap(records: LeaderElectionRecord[]): void {
  for (let i = 1; i < records.length; i++) {
    const prev = records[i - 1] as LeaderElectionRecord;
    const next = records[i] as LeaderElectionRecord;
    if (next.holderIdentity === "" || next.holderIdentity === prev.holderIdentity) continue;
    expect(next.leaderTransitions).toBe(prev.leaderTransitions + 1);
    if (prev.holderIdentity === "") continue;
    const expiry = Date.parse(prev.renewTime) + prev.leaseDurationSeconds * 1000;
    expect(
      Date.parse(next.acquireTime),
      `${next.holderIdentity} took over before ${prev.holderIdentity}'s lease expired`,
    ).toBeGreaterThanOrEqual(expiry);
  }
}

function candidate(
  ns: string,
  identity: string,
  clock: FakeClock,
  releaseOnCancel: boolean,
  seed: number,
): Candidate {
  const log: string[] = [];
  let r = seed;
  const elector = new LeaderElector({
    leases: cluster.client().leases,
    namespace: ns,
    name: "controller",
    identity,
    releaseOnCancel,
    clock,
    random: () => {
      r = (r * 9301 + 49297) % 233280;
      return r / 233280;
    },
    callbacks: {
      onStartedLeading: () => log.push(`started@${clock.now()}`),
      onStoppedLeading: () => log.push(`stopped@${clock.now()}`),
      onNewLeader: (id) => log.push(`leader=${id}`),
    },
  });
  const controller = new AbortController();
  return { elector, controller, done: elector.run(controller.signal), log };
}

/** Advances the shared clock in 250 ms steps; after every step at most one candidate leads. */
async function step(
  clock: FakeClock,
  candidates: Candidate[],
  until: () => boolean,
  what: string,
  limitMs = 60_000,
) {
  const start = clock.now();
  for (;;) {
    expect(candidates.filter((c) => c.elector.isLeader()).length).toBeLessThanOrEqual(1);
    if (until()) return clock.now() - start;
    if (clock.now() - start > limitMs) throw new Error(`not within ${limitMs} ms of clock time: ${what}`);
    await clock.advance(250);
    await new Promise((res) => setTimeout(res, 3));
  }
}

describe("leader election", () => {
  it("rejects bad timings, naming the option", () => {
    const base = { leases: admin.leases, namespace: "n", name: "l", identity: "a" };
    expect(() => new LeaderElector({ ...base, leaseDurationMs: 10_000, renewDeadlineMs: 10_000 })).toThrow(
      /leaseDurationMs \(10000\) must be greater than renewDeadlineMs/,
    );
    expect(() => new LeaderElector({ ...base, renewDeadlineMs: 2_000, retryPeriodMs: 2_000 })).toThrow(
      /renewDeadlineMs \(2000\) must be greater than 1.2 x retryPeriodMs/,
    );
    expect(() => new LeaderElector({ ...base, identity: "" })).toThrow(/identity must be a non-empty string/);
    expect(() => new LeaderElector({ ...base, retryPeriodMs: -1 })).toThrow(
      /retryPeriodMs must be a positive number/,
    );
    const d = new LeaderElector(base);
    expect([d.leaseDurationMs, d.renewDeadlineMs, d.retryPeriodMs]).toEqual([15_000, 10_000, 2_000]);
  });

  it("the leader is killed without releasing: the other takes over only after the lease expires", async () => {
    const ns = await cluster.namespace("le-kill");
    const history = leaseHistory(ns, "controller");
    const clock = new FakeClock();
    const a = candidate(ns, "a", clock, false, 1);
    await step(clock, [a], () => a.elector.isLeader(), "a leads");
    const b = candidate(ns, "b", clock, false, 2);
    const both = [a, b];
    await step(clock, both, () => b.elector.getLeader() === "a", "b sees a");
    await step(clock, both, () => clock.now() > 40_000, "a renews for a while");
    expect(b.elector.isLeader()).toBe(false);
    // Kill a: it stops renewing and does not release.
    a.controller.abort();
    await a.done;
    const lastRenew = (await admin.leases.get(ns, "controller")).spec?.renewTime ?? "";
    const killedAt = clock.wallNow();
    const waited = await step(clock, both, () => b.elector.isLeader(), "b takes over");
    expect(Date.parse(lastRenew) + 15_000).toBeLessThanOrEqual(clock.wallNow());
    expect(waited).toBeGreaterThanOrEqual(15_000 - (killedAt - Date.parse(lastRenew)) - 250);
    // b saw a's last renewal at most one jittered retry period (4.4 s) late, and polls again at most 4.4 s after expiry.
    expect(waited).toBeLessThanOrEqual(15_000 + 2 * 2_000 * 2.2 + 500);
    const lease = await admin.leases.get(ns, "controller");
    expect(lease.spec).toMatchObject({ holderIdentity: "b", leaseDurationSeconds: 15, leaseTransitions: 1 });
    expect(b.log).toContain("leader=a");
    expect(b.log).toContain("leader=b");
    b.controller.abort();
    await b.done;
    await waitFor(() => history.records.length >= 3, "lease history");
    await history.stop();
    expectNoOverlap(history.records);
    expect(new Set(history.records.map((r) => r.holderIdentity))).toEqual(new Set(["a", "b"]));
  });

  it("a graceful release hands over at once", async () => {
    const ns = await cluster.namespace("le-release");
    const history = leaseHistory(ns, "controller");
    const clock = new FakeClock();
    const a = candidate(ns, "a", clock, true, 3);
    await step(clock, [a], () => a.elector.isLeader(), "a leads");
    const b = candidate(ns, "b", clock, true, 4);
    const both = [a, b];
    await step(clock, both, () => b.elector.getLeader() === "a" && clock.now() > 6_000, "b campaigns");
    a.controller.abort();
    await a.done;
    expect(a.log.filter((l) => l.startsWith("stopped"))).toHaveLength(1);
    const waited = await step(clock, both, () => b.elector.isLeader(), "b takes over");
    expect(waited).toBeLessThanOrEqual(2_000 * 2.2 + 250);
    b.controller.abort();
    await b.done;
    expect((await admin.leases.get(ns, "controller")).spec).toMatchObject({
      holderIdentity: "",
      leaseTransitions: 1,
    });
    await waitFor(() => history.records.some((r) => r.holderIdentity === "b"), "lease history");
    await history.stop();
    expectNoOverlap(history.records);
    const firstB = history.records.findIndex((r) => r.holderIdentity === "b");
    expect(history.records[firstB - 1]).toMatchObject({ holderIdentity: "", leaseDurationSeconds: 1 });
    expect(history.records[firstB - 2]?.holderIdentity).toBe("a");
  });

  it.runIf(LOCAL)(
    "local-only: a leader that cannot renew steps down after the renew deadline, before anyone else can take over",
    async () => {
      const server = cluster.local;
      if (server === undefined) throw new Error("local-only");
      const ns = await cluster.namespace("le-partition");
      const history = leaseHistory(ns, "controller");
      const clock = new FakeClock();
      const a = candidate(ns, "a", clock, true, 5);
      await step(clock, [a], () => a.elector.isLeader(), "a leads");
      const b = candidate(ns, "b", clock, true, 6);
      const both = [a, b];
      await step(clock, both, () => b.elector.getLeader() === "a" && clock.now() > 5_000, "b sees a");
      const fault = server.faults.failNext(
        Number.POSITIVE_INFINITY,
        { verb: "update", resource: "leases", namespace: ns },
        500,
      );
      const cutAt = clock.now();
      await step(clock, both, () => !a.elector.isLeader(), "a steps down");
      expect(clock.now() - cutAt).toBeLessThanOrEqual(10_000 + 2_000 + 250);
      expect(a.elector.check()).toBeUndefined();
      fault.remove();
      await step(clock, both, () => b.elector.isLeader(), "b takes over");
      await a.done;
      b.controller.abort();
      await b.done;
      await waitFor(() => history.records.some((r) => r.holderIdentity === "b"), "lease history");
      await history.stop();
      expectNoOverlap(history.records);
    },
  );
});
