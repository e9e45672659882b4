import { z } from "zod";
import { readEnv } from "@ringflow/platform";

const envSchema = z.object({
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  RUNTIME_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  HOST: z.string().default("127.0.0.1"),
  /** The URL Twilio posts to; webhook signatures are computed over it, so it must match exactly. */
  RUNTIME_PUBLIC_URL: z.string().url().optional(),
});

export type RuntimeEnv = z.infer<typeof envSchema>;

export function readRuntimeEnv(source: NodeJS.ProcessEnv = process.env) {
  return readEnv("runtime", envSchema, source);
}
