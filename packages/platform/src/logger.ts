import { pino, type Logger } from "pino";

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

export function createLogger(name: string): Logger {
  return pino({
    name,
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    redact: { paths: REDACT, censor: "[redacted]" },
  });
}

export type { Logger };
