import { type Logger, pino } from "pino";
import { PinoPretty } from "pino-pretty";

/** JSON logs on stdout (synchronous, so they survive exit), or pino-pretty for people. */
export function createLogger(level: string, format: "json" | "pretty"): Logger {
  const options = { level, base: { app: "weft-cron" } };
  return format === "pretty" ? pino(options, PinoPretty({ colorize: true, sync: true })) : pino(options);
}
