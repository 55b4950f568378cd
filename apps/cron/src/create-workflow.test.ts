import { presets } from "@weft/retry";
import { FakeClock } from "@weft/workqueue";
import { describe, expect, it } from "vitest";
import { createWorkflowWithRetry } from "./create-workflow.js";
import type { Workflow } from "./types.js";

const wf: Workflow = { metadata: { name: "c-1", namespace: "argo" } };
const status = (code: number, reason: string) =>
  Object.assign(new Error(`HTTP ${code}`), {
    code,
    body: JSON.stringify({ kind: "Status", code, reason, message: reason }),
  });
const reset = () => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });

/** Steps the fake clock whenever a retry waits, until `p` settles. */
async function drive<T>(clock: FakeClock, p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => {
    done = true;
  });
  while (!done) {
    await new Promise((r) => setImmediate(r));
    if (!done) clock.step(50);
  }
  return p;
}

describe("createWorkflowWithRetry", () => {
  const base = (clock: FakeClock) => ({
    clock,
    retry: presets.cronCreate,
    deadlineMs: clock.now() + 60_000,
    random: () => 0,
  });

  it("retries connection resets with the cronCreate backoff and succeeds", async () => {
    const clock = new FakeClock(1_000_000);
    let calls = 0;
    const started: number[] = [];
    const outcome = await drive(
      clock,
      createWorkflowWithRetry(wf, {
        ...base(clock),
        create: async (w) => {
          started.push(clock.now());
          if (++calls <= 2) throw reset();
          return { ...w, metadata: { ...w.metadata, uid: "u" } };
        },
      }),
    );
    expect(outcome).toMatchObject({ kind: "created", attempts: 3 });
    expect((started[1] ?? 0) - (started[0] ?? 0)).toBeGreaterThanOrEqual(100);
    expect((started[2] ?? 0) - (started[1] ?? 0)).toBeGreaterThanOrEqual(200);
  });

  it("treats AlreadyExists as done, without retrying", async () => {
    const clock = new FakeClock(0);
    let calls = 0;
    const outcome = await createWorkflowWithRetry(wf, {
      ...base(clock),
      create: async () => {
        calls++;
        throw status(409, "AlreadyExists");
      },
    });
    expect(outcome).toEqual({ kind: "exists", attempts: 1 });
    expect(calls).toBe(1);
  });

  it("does not retry a 422 Invalid", async () => {
    const clock = new FakeClock(0);
    let calls = 0;
    const outcome = await createWorkflowWithRetry(wf, {
      ...base(clock),
      create: async () => {
        calls++;
        throw status(422, "Invalid");
      },
    });
    expect(outcome).toMatchObject({ kind: "permanent", attempts: 1, message: "Invalid" });
    expect(calls).toBe(1);
  });

  it("gives up as transient after 4 attempts (3 retries)", async () => {
    const clock = new FakeClock(0);
    const outcome = await drive(
      clock,
      createWorkflowWithRetry(wf, {
        ...base(clock),
        create: async () => Promise.reject(status(503, "ServiceUnavailable")),
      }),
    );
    expect(outcome).toMatchObject({ kind: "transient", attempts: 4 });
  });

  it("stops at the per-tick deadline", async () => {
    const clock = new FakeClock(0);
    const outcome = await drive(
      clock,
      createWorkflowWithRetry(wf, {
        ...base(clock),
        deadlineMs: 250,
        create: async () => Promise.reject(reset()),
      }),
    );
    expect(outcome.kind).toBe("transient");
    expect(outcome.attempts).toBeLessThan(4);
    const late = await createWorkflowWithRetry(wf, {
      ...base(clock),
      deadlineMs: clock.now() - 1,
      create: async (w) => w,
    });
    expect(late).toMatchObject({ kind: "transient", attempts: 0 });
  });
});
