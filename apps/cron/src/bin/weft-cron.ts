#!/usr/bin/env node
/** weft-cron: flags and environment in, the scheduler running until SIGTERM/SIGINT. */
import { readFileSync } from "node:fs";
import { createLogger } from "@weft/kube";
import { HELP, parseConfig } from "../config.js";
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
// `app`, not pino's `name`: log lines carry `name` (the CronWorkflow, the applied object) of their own.
const log = createLogger({ level: config.logLevel, format: config.logFormat }).child({ app: "weft-cron" });
log.info({ ...config, help: undefined, version: undefined }, "weft-cron starting");
try {
  const running = await runCron(config, log);
  // SIGTERM/SIGINT: not ready, stop scheduling, release the lease, close the servers, exit (a second signal: at once).
  running.lifecycle.installSignalHandlers();
} catch (error) {
  log.fatal({ err: error }, "weft-cron failed to start");
  process.exit(1);
}
