#!/usr/bin/env node
/** weft-cron: flags and environment in, the scheduler running until SIGTERM/SIGINT. */
import { readFileSync } from "node:fs";
import { HELP, parseConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { runCron } from "../main.js";

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.argv.slice(2), process.env);
} catch (error) {
  console.error(
    `weft-cron: ${error instanceof Error ? error.message : String(error)}\n(see weft-cron --help)`,
  );
  process.exit(2);
}
if (config.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (config.version) {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}
const log = createLogger(config.logLevel, config.logFormat);
log.info({ ...config, help: undefined, version: undefined }, "weft-cron starting");
try {
  const running = await runCron(config, log);
  let signals = 0;
  const shutdown = (signal: string): void => {
    signals++;
    if (signals > 1) process.exit(1);
    log.info({ signal }, "shutting down");
    const backstop = setTimeout(() => {
      log.error("shutdown took longer than 25 s; exiting");
      process.exit(1);
    }, 25_000);
    backstop.unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
} catch (error) {
  log.fatal({ err: error }, "weft-cron failed to start");
  process.exit(1);
}
