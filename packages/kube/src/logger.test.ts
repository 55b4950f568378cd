import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

function sink(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(
        ...String(chunk)
          .split("\n")
          .filter((l) => l !== ""),
      );
      done();
    },
  });
  return { lines, stream };
}

describe("createLogger", () => {
  it("writes JSON lines with the name, level and redacted fields", () => {
    const { lines, stream } = sink();
    const log = createLogger({ name: "cron", level: "debug", destination: stream, redact: ["db.password"] });
    log.debug({ db: { password: "s3cret", host: "pg" } }, "connected");
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line).toMatchObject({
      name: "cron",
      level: 20,
      msg: "connected",
      db: { password: "[Redacted]", host: "pg" },
    });
  });

  it("rejects an unknown level or format, naming it", () => {
    expect(() => createLogger({ level: "loud" })).toThrow(/level must be one of .* got "loud"/);
    expect(() => createLogger({ format: "xml" as never })).toThrow(
      /format must be "json" or "pretty", got "xml"/,
    );
  });
});
