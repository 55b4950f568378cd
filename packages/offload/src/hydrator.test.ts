import { FakeClock } from "@weft/retry";
import { afterEach, describe, expect, it } from "vitest";
import { disabledOffloadRepository } from "./disabled-repository.js";
import { OffloadFailedError, OffloadNotFoundError } from "./errors.js";
import { createHydrator } from "./hydrator.js";
import { openOffloadRepository } from "./open.js";
import type { OffloadRepository } from "./repository.js";
import type { OffloadableWorkflow } from "./workflow.js";

function workflow(nodeCount: number): OffloadableWorkflow {
  const nodes: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < nodeCount; i++) {
    nodes[`wf-${i}`] = {
      id: `wf-${i}`,
      name: `wf.step(${i})`,
      type: "Pod",
      phase: "Succeeded",
      message: `m${i * 7919}`,
    };
  }
  return { metadata: { name: "wf", uid: "uid-1", namespace: "argo" }, status: { phase: "Running", nodes } };
}

describe("hydrator", () => {
  const repos: OffloadRepository[] = [];
  const repo = () => {
    const r = openOffloadRepository({ url: "sqlite::memory:", retryClock: new FakeClock({ auto: true }) });
    repos.push(r);
    return r;
  };
  afterEach(async () => {
    for (const r of repos.splice(0)) await r.close();
  });

  it("isHydrated: neither compressedNodes nor offloadNodeStatusVersion is set", () => {
    const h = createHydrator(repo());
    expect(h.isHydrated(workflow(1))).toBe(true);
    expect(h.isHydrated({ status: { compressedNodes: "H4sI" } })).toBe(false);
    expect(h.isHydrated({ status: { offloadNodeStatusVersion: "fnv:1" } })).toBe(false);
  });

  it("hydrateWithNodes sets nodes and clears both other fields", () => {
    const h = createHydrator(repo());
    const wf = { status: { phase: "Running", compressedNodes: "x", offloadNodeStatusVersion: "fnv:1" } };
    expect(h.hydrateWithNodes(wf, { a: { id: "a" } })).toEqual({
      status: { phase: "Running", nodes: { a: { id: "a" } } },
    });
  });

  it("leaves a small workflow as it is and does not touch the repository", async () => {
    const r = repo();
    const h = createHydrator(r);
    const wf = workflow(3);
    expect(await h.dehydrate(wf)).toEqual(wf);
    expect(await r.list("")).toEqual([]);
  });

  it("compresses when that is enough, and hydrate restores the nodes", async () => {
    const r = repo();
    const h = createHydrator(r, { maxWorkflowSize: 4096 });
    const wf = workflow(100);
    const packed = await h.dehydrate(wf);
    expect(packed.status?.compressedNodes).toBeTruthy();
    expect(packed.status?.nodes).toBeUndefined();
    expect(packed.status?.offloadNodeStatusVersion).toBeUndefined();
    expect(await r.list("")).toEqual([]);
    expect(await h.hydrate(packed)).toEqual(wf);
  });

  it("offloads when compression is not enough, keeping only the version", async () => {
    const r = repo();
    const h = createHydrator(r, { maxWorkflowSize: 400 });
    const wf = workflow(100);
    const out = await h.dehydrate(wf);
    expect(out.status).toEqual({
      phase: "Running",
      offloadNodeStatusVersion: expect.stringMatching(/^fnv:\d+$/),
    });
    expect(await r.get("uid-1", out.status?.offloadNodeStatusVersion ?? "")).toEqual(wf.status?.nodes);
    expect(await h.hydrate(out)).toEqual(wf);
    expect(await h.dehydrate(out)).toBe(out); // not hydrated: nothing to do
  });

  it("alwaysOffload skips compression", async () => {
    const h = createHydrator(repo(), { alwaysOffload: true });
    const out = await h.dehydrate(workflow(1));
    expect(out.status?.offloadNodeStatusVersion).toMatch(/^fnv:/);
    expect(out.status?.nodes).toBeUndefined();
  });

  it("a missing offloaded version is a typed NotFound", async () => {
    const h = createHydrator(repo());
    const err = await h
      .hydrate({ metadata: { uid: "uid-1" }, status: { offloadNodeStatusVersion: "fnv:404" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OffloadNotFoundError);
  });

  it("with offloading disabled, a too-large workflow fails with Argo's exact message", async () => {
    const h = createHydrator(disabledOffloadRepository(), { maxWorkflowSize: 400 });
    const err = await h.dehydrate(workflow(100)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OffloadFailedError);
    expect((err as Error).message).toMatch(
      /^workflow is longer than maximum allowed size\. compressed size \d+ > maxSize 400Tried to offload but encountered error: offload node status is not supported$/,
    );
    expect(disabledOffloadRepository().isEnabled()).toBe(false);
  });
});
