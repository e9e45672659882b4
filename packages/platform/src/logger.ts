import { pino, type DestinationStream, type Logger } from "pino";

// Secrets never reach a log line, whatever object a caller hands the logger.
const REDACT = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "authToken",
  "*.authToken",
  "apiSecret",
  "*.apiSecret",
  "credentials",
  "*.credentials",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "headers.cookie",
  "headers.authorization",
  "req.headers.cookie",
  "req.headers.authorization",
  'headers["x-twilio-signature"]',
  'req.headers["x-twilio-signature"]',
];

/**
 * A service's logger. `options` is for tests that read what a service really logs: every level, into a stream
 * of their own, with the same redaction.
 */
export function createLogger(
  name: string,
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  const settings = {
    name,
    level: options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    redact: { paths: REDACT, censor: "[redacted]" },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

export type { Logger };
