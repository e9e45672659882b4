import path from "node:path";
import { z } from "zod";
import { allowListEnvSchema, readEnv } from "@ringflow/platform";

const envSchema = z.object({
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  RUNTIME_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().default("127.0.0.1"),
  /** Where the browser reaches the API (and the builder); used for the Origin check and cookies. */
  PUBLIC_URL: z.string().url().optional(),
  /** Where Twilio reaches the runtime; written into numbers' voice URLs when they are bound. */
  RUNTIME_PUBLIC_URL: z.string().url().optional(),
  /** Another base URL for Twilio's REST API (a proxy, or a local stand-in under test); Twilio's own by default. */
  TWILIO_API_BASE_URL: z.string().url().optional(),
  /** SignalWire's REST base URL instead of the space's own (tests, proxies). */
  SIGNALWIRE_API_BASE_URL: z.string().url().optional(),
  /** Telnyx's REST base URL instead of https://api.telnyx.com/v2 (tests, proxies). */
  TELNYX_API_BASE_URL: z.string().url().optional(),
  /** A second runtime address carriers fall back to when RUNTIME_PUBLIC_URL does not answer. */
  RUNTIME_FALLBACK_URL: z.string().url().optional(),
  /**
   * Behind a reverse proxy: "true" or the proxies' addresses (Fastify's trustProxy), so the
   * client address (rate limits, audit log) comes from X-Forwarded-For. Unset: the socket's address.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value) =>
      value === undefined || value === "" || value === "false" ? false : value === "true" || value,
    ),
  /**
   * Tenants' PBX networks (CIDRs and/or host[:port], comma-separated) that "Test connection" may reach
   * although they are private or local. None by default.
   */
  PBX_ALLOW_NETWORKS: allowListEnvSchema,
  /**
   * Networks (CIDRs and/or host[:port]) that tenants' webhooks may reach although they are private or local.
   * None by default: webhooks go to public addresses only.
   */
  WEBHOOK_ALLOW_NETWORKS: allowListEnvSchema,
  /** Development and tests: mail is written to this directory as JSON files instead of the log. */
  MAIL_OUTBOX_DIR: z
    .string()
    .optional()
    .transform((value) => (value ? path.resolve(value) : undefined)),
  /**
   * How long a desktop's socket counts as open after its API process last vouched for it (a process that dies
   * vouches no more), and how long an agent whose last desktop closed stays signed in for calls.
   */
  DESKTOP_PRESENCE_MS: z.coerce.number().int().min(300).max(600_000).default(30_000),
  BUILDER_DIST: z.string().default(path.resolve(import.meta.dirname, "../../builder/dist")),
});

export type ApiEnv = z.infer<typeof envSchema>;

export function readApiEnv(source: NodeJS.ProcessEnv = process.env) {
  return readEnv("API", envSchema, source);
}
