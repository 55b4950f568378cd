import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeClock } from "./fake-clock.js";
import { LogStore } from "./log-store.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "weft-logs-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function collect(it: AsyncIterable<Buffer>): Promise<string> {
  let out = "";
  for await (const chunk of it) out += chunk.toString();
  return out;
}

describe("LogStore", () => {
  it("writes CRI records and reads the output back, partial lines included", async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 1, 0, 0, 0, 123));
    const store = new LogStore(clock);
    const path = join(dir, "c", "0.log");
    const w = store.open(path);
    w.write("stdout", Buffer.from("hel"));
    w.write("stdout", Buffer.from("lo\nwor"));
    w.write("stderr", Buffer.from("oops\n"));
    w.close();
    expect(readFileSync(path, "utf8")).toBe(
      "2026-01-01T00:00:00.123000000Z stdout F hello\n" +
        "2026-01-01T00:00:00.123000000Z stderr F oops\n" +
        "2026-01-01T00:00:00.123000000Z stdout P wor\n",
    );
    expect(await collect(store.read(path))).toBe("hello\noops\nwor");
    expect(await collect(store.read(path, { timestamps: true, tailLines: 1 }))).toBe(
      "2026-01-01T00:00:00.123000000Z wor",
    );
    expect(await collect(store.read(path, { limitBytes: 8 }))).toBe("hello\noo");
  });

  it("filters by sinceTime", async () => {
    const clock = new FakeClock();
    const store = new LogStore(clock);
    const path = join(dir, "since.log");
    const w = store.open(path);
    w.write("stdout", Buffer.from("old\n"));
    await clock.advance(5000);
    w.write("stdout", Buffer.from("new\n"));
    w.close();
    expect(await collect(store.read(path, { sinceTime: clock.now() - 1000 }))).toBe("new\n");
  });

  it("follows a live log until the writer closes, and stops when aborted", async () => {
    const store = new LogStore(new FakeClock());
    const path = join(dir, "live.log");
    const w = store.open(path);
    w.write("stdout", Buffer.from("one\n"));
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const c of store.read(path, { follow: true })) {
        chunks.push(c.toString());
        if (chunks.length === 1) w.write("stdout", Buffer.from("two\n"));
        if (chunks.length === 2) w.close();
      }
    })();
    await reading;
    expect(chunks).toEqual(["one\n", "two\n"]);

    const w2 = store.open(join(dir, "abort.log"));
    const abort = new AbortController();
    const got: string[] = [];
    const reader = (async () => {
      for await (const c of store.read(join(dir, "abort.log"), { follow: true }, abort.signal)) {
        got.push(c.toString());
        abort.abort();
      }
    })();
    w2.write("stdout", Buffer.from("x\n"));
    await reader;
    expect(got).toEqual(["x\n"]);
    w2.close();
  });
});
