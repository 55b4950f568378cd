import { OffloadNotFoundError } from "../src/errors.ts";
import { collectGarbage } from "../src/gc.ts";
import { createHydrator, type Hydrator } from "../src/hydrator.ts";
import type { Nodes } from "../src/nodes.ts";
import type { OffloadRepository } from "../src/repository.ts";
import { seededRandom } from "./fixtures.ts";

/**
 * A model of the controller, the API server and the user around one workflow, for the "no more rows" bug:
 * the controller's update can hit a Conflict (the user stopped the workflow at the same moment) and must then
 * re-read the version its original copy points at. Actors advance one step at a time in a seeded random order;
 * each step is one call into the hydrator / repository / GC, so every interleaving of those calls can occur.
 */

export const TTL = 5 * 60_000;

type Wf = {
  metadata: { uid: string; namespace: string; name: string };
  spec: { shutdown?: string };
  status: { phase: string; nodes?: Nodes; offloadNodeStatusVersion?: string };
};

/** What the API server stores: the dehydrated object and its resourceVersion. */
interface ApiObject {
  rv: number;
  deleted: boolean;
  wf: Wf;
}

export interface ScenarioOptions {
  /** The repository (possibly a mutant) the actors use. */
  readonly repo: OffloadRepository;
  /** The wall clock the repository reads. */
  readonly clock: { now: number };
  readonly seed: number;
  /** Argo's GC takes the workflow's key lock; `false` is a mutant that does not. */
  readonly gcTakesLock?: boolean;
}

export interface ScenarioResult {
  readonly violations: string[];
  readonly steps: number;
}

const clone = <T>(v: T): T => structuredClone(v);
const completed = (phase: string) => phase === "Succeeded" || phase === "Failed" || phase === "Error";

type Step = AsyncGenerator<void, void, void>;
interface Actor {
  readonly name: string;
  readonly gen: Step;
  readonly blocked: () => boolean;
}

export async function runScenario(options: ScenarioOptions): Promise<ScenarioResult> {
  const { repo, clock, seed } = options;
  const rand = seededRandom(seed);
  const pick = (n: number) => Math.floor(rand() * n);
  const hydrator: Hydrator = createHydrator(repo, { alwaysOffload: true });
  const uid = `uid-${seed}`;
  const namespace = `ns-${seed}`;
  const violations: string[] = [];
  const lock = { held: false };
  let nodeSeq = 0;

  const hydrate = async (wf: Wf, what: string): Promise<Wf | undefined> => {
    try {
      return await hydrator.hydrate(wf);
    } catch (err) {
      if (err instanceof OffloadNotFoundError) {
        violations.push(`seed ${seed}: ${what}: NotFound for referenced version ${err.version}`);
        return undefined;
      }
      throw err;
    }
  };

  // The workflow as first persisted: one root node, offloaded.
  const initial: Wf = {
    metadata: { uid, namespace, name: `wf-${seed}` },
    spec: {},
    status: {
      phase: "Running",
      nodes: { [`wf-${seed}`]: { id: `wf-${seed}`, name: `wf-${seed}`, type: "DAG", phase: "Running" } },
    },
  };
  const api: ApiObject = { rv: 1, deleted: false, wf: clone(await hydrator.dehydrate(initial)) };

  function mutate(wf: Wf): Wf {
    const nodes: Record<string, Record<string, unknown>> = clone({ ...(wf.status.nodes ?? {}) }) as Record<
      string,
      Record<string, unknown>
    >;
    let phase = wf.status.phase;
    if (wf.spec.shutdown === "Stop") {
      for (const n of Object.values(nodes)) if (n.phase === "Running") n.phase = "Failed";
      phase = "Failed";
    } else {
      const r = rand();
      if (r < 0.55) {
        const id = `wf-${seed}-${nodeSeq++}`;
        nodes[id] = { id, name: `wf-${seed}.step-${nodeSeq}`, type: "Pod", phase: "Running" };
      } else if (r < 0.85) {
        const running = Object.values(nodes).filter((n) => n.phase === "Running" && n.type === "Pod");
        const n = running[pick(running.length)];
        if (n) n.phase = "Succeeded";
      } // else: nothing changed, the same version is saved again
      if (rand() < 0.1) phase = "Succeeded";
    }
    return { ...wf, status: { ...wf.status, phase, nodes } };
  }

  /** The nodes `next` changed relative to `base`, and its phase (the merge patch of reapplyUpdate). */
  function diff(base: Wf, next: Wf) {
    const changed: Record<string, unknown> = {};
    const before = base.status.nodes ?? {};
    for (const [id, n] of Object.entries(next.status.nodes ?? {})) {
      if (JSON.stringify(before[id]) !== JSON.stringify(n)) changed[id] = n;
    }
    return { changed, phase: next.status.phase };
  }

  async function* controller(): Step {
    const operations = 1 + pick(3);
    for (let op = 0; op < operations; op++) {
      yield;
      if (api.deleted) return;
      lock.held = true;
      try {
        const orig = clone(api.wf);
        const rv = api.rv;
        const hydrated = await hydrate(orig, "operate: hydrate");
        if (hydrated === undefined) return;
        if (completed(hydrated.status.phase)) continue;
        yield;
        const woc = mutate(hydrated);
        const dehydrated = await hydrator.dehydrate(woc);
        yield;
        if (api.deleted) return;
        if (api.rv === rv) {
          api.wf = clone(dehydrated);
          api.rv++;
          continue;
        }
        // Conflict: Argo's reapplyUpdate hydrates the original copy (the bug's failing read), builds the patch, then
        // retries up to 5 times against the latest object.
        const origAgain = await hydrate(orig, "reapplyUpdate: hydrate orig");
        if (origAgain === undefined) return;
        const patch = diff(origAgain, woc);
        for (let attempt = 0; attempt < 5; attempt++) {
          yield;
          if (api.deleted) return;
          const latest = clone(api.wf);
          const rv2 = api.rv;
          if (completed(latest.status.phase)) break;
          const fresh = await hydrate(latest, "reapplyUpdate: hydrate latest");
          if (fresh === undefined) return;
          const merged: Wf = {
            ...fresh,
            status: {
              ...fresh.status,
              phase: patch.phase,
              nodes: { ...fresh.status.nodes, ...(patch.changed as Nodes) },
            },
          };
          const d = await hydrator.dehydrate(merged);
          yield;
          if (api.deleted) return;
          if (api.rv === rv2) {
            api.wf = clone(d);
            api.rv++;
            break;
          }
        }
      } finally {
        lock.held = false;
      }
    }
  }

  async function* user(): Step {
    const stops = 1 + pick(2);
    for (let i = 0; i < stops; i++) {
      yield;
      if (api.deleted) return;
      api.wf.spec.shutdown = "Stop"; // `argo stop`: a patch of the spec, no node change
      api.rv++;
    }
    if (rand() < 0.2) {
      yield;
      api.deleted = true;
    }
  }

  const liveVersionOf = () => (api.deleted ? undefined : api.wf.status.offloadNodeStatusVersion);

  async function checkLive(what: string) {
    const live = liveVersionOf();
    if (live === undefined) return;
    try {
      await repo.get(uid, live);
    } catch (err) {
      if (err instanceof OffloadNotFoundError)
        violations.push(`seed ${seed}: ${what}: live version ${live} collected`);
      else throw err;
    }
  }

  async function* gc(): Step {
    const runs = 1 + pick(3);
    for (let i = 0; i < runs; i++) {
      yield;
      await collectGarbage(repo, { ttl: TTL, namespace, liveVersionOf });
      await checkLive("after GC");
    }
  }

  async function* ticker(): Step {
    const ticks = 1 + pick(4);
    for (let i = 0; i < ticks; i++) {
      yield;
      clock.now += Math.floor(rand() * 2 * TTL);
    }
  }

  const gcTakesLock = options.gcTakesLock ?? true;
  const actors: Actor[] = [
    { name: "controller", gen: controller(), blocked: () => false },
    { name: "user", gen: user(), blocked: () => false },
    { name: "gc", gen: gc(), blocked: () => gcTakesLock && lock.held },
    { name: "clock", gen: ticker(), blocked: () => false },
  ];
  for (const a of actors) await a.gen.next(); // run each to its first yield (nothing happens before it)
  let steps = 0;
  let live = [...actors];
  while (live.length > 0) {
    const runnable = live.filter((a) => !a.blocked());
    const actor = runnable[pick(runnable.length)];
    if (actor === undefined) throw new Error(`seed ${seed}: every actor is blocked`);
    steps++;
    if ((await actor.gen.next()).done) live = live.filter((a) => a !== actor);
  }

  // Everything has settled: after another TTL, GC leaves exactly the live version (or nothing if deleted).
  clock.now += 2 * TTL + 1000;
  await collectGarbage(repo, { ttl: TTL, namespace, liveVersionOf });
  await checkLive("final GC");
  const remaining = (await repo.list(namespace)).map((r) => r.version);
  const expected = liveVersionOf();
  if (JSON.stringify(remaining) !== JSON.stringify(expected === undefined ? [] : [expected])) {
    violations.push(
      `seed ${seed}: after the final GC the table holds [${remaining}], expected [${expected ?? ""}]`,
    );
  }
  return { violations, steps };
}

/** Argo before PR #13286: `Save` also deleted the workflow's other versions older than the TTL. */
export function deleteOnSave(repo: OffloadRepository, ttl = TTL): OffloadRepository {
  return {
    ...repo,
    async save(uid, namespace, nodes) {
      const version = await repo.save(uid, namespace, nodes);
      const old = (await repo.listOld(namespace, ttl)).get(uid) ?? [];
      for (const v of old) if (v !== version) await repo.delete(uid, v);
      return version;
    },
  };
}
