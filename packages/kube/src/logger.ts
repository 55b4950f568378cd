import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import pretty from "pino-pretty";

export interface LoggerConfig {
  /** Default `$LOG_LEVEL`, else "info". */
  level?: string;
  /** `json` (default, for containers) or `pretty` (development); default `$LOG_FORMAT`. */
  format?: "json" | "pretty";
  /** Bound to every line as `name`. */
  name?: string;
  /** Default: stdout, synchronously (lines survive `process.exit`). */
  destination?: DestinationStream;
  /** Paths to censor, e.g. `["config.dbPassword"]`. */
  redact?: string[];
}

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** Structured JSON logs with pino (or pino-pretty in development), no worker-thread transports. */
export function createLogger(config: LoggerConfig = {}): Logger {
  const level = config.level ?? process.env.LOG_LEVEL ?? "info";
  if (!LEVELS.has(level)) {
    throw new TypeError(`logger: level must be one of ${[...LEVELS].join(", ")}, got "${level}"`);
  }
  const format = config.format ?? (process.env.LOG_FORMAT === "pretty" ? "pretty" : "json");
  if (format !== "json" && format !== "pretty") {
    throw new TypeError(`logger: format must be "json" or "pretty", got "${String(format)}"`);
  }
  const options: LoggerOptions = {
    level,
    ...(config.name === undefined ? {} : { name: config.name }),
    ...(config.redact === undefined ? {} : { redact: config.redact }),
  };
  const destination =
    config.destination ??
    (format === "pretty"
      ? pretty({ sync: true, colorize: false })
      : pino.destination({ dest: 1, sync: true }));
  return pino(options, destination);
}
