import { z } from "zod";
import { allowListEnvSchema, readEnv } from "@ringflow/platform";

const envSchema = z
  .object({
    DATABASE_URL: z.string().url(),
    REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
    REDIS_KEY_PREFIX: z.string().default(""),
    RUNTIME_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    HOST: z.string().default("127.0.0.1"),
    /** The URL Twilio posts to; webhook signatures are computed over it, so it must match exactly. */
    RUNTIME_PUBLIC_URL: z.string().url().optional(),
    /** A short audio loop played while an HTTP request node waits on a slow service. */
    HOLD_MUSIC_URL: z
      .string()
      .url()
      .default("https://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3"),
    /** Hosts (`host` or `host:port`) HTTP request nodes may reach even though they are private or loopback. */
    HTTP_REQUEST_ALLOW_HOSTS: z.string().default(""),
    /** Where Twilio's REST API is (tests point it at a fake). */
    TWILIO_API_BASE_URL: z.string().url().default("https://api.twilio.com"),
    /** SignalWire's and Telnyx's REST APIs, when not their own (tests point them at fakes). */
    SIGNALWIRE_API_BASE_URL: z.string().url().optional(),
    TELNYX_API_BASE_URL: z.string().url().optional(),
    /** How often provider accounts marked down are probed, in ms (0: never). */
    RUNTIME_PROVIDER_PROBE_MS: z.coerce.number().int().min(0).default(15_000),
    /** The builder's origin (the API's public URL): the only browser origin allowed to open a test call. */
    PUBLIC_URL: z.string().url().optional(),
    API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** "false" runs the HTTP server without the BullMQ workers (they can run in another process). */
    RUNTIME_WORKERS: z.enum(["true", "false"]).default("true"),
    /** "false": this process does not connect to the tenants' Asterisks (ARI). */
    RUNTIME_ASTERISK: z.enum(["true", "false"]).default("true"),
    /** PBX networks (CIDR or host[:port]) the runtime may connect to although private, as the API's PBX_ALLOW_NETWORKS. */
    PBX_ALLOW_NETWORKS: allowListEnvSchema,
    /** "false" skips handing every tenant's queues to the queue engine at startup (Postgres keeps them; the API syncs on change). */
    RUNTIME_SYNC_QUEUES_ON_START: z.enum(["true", "false"]).default("true"),
    /** Recordings larger or longer than this are not copied (and stay at the provider), with an alert. */
    RECORDING_MAX_BYTES: z.coerce.number().int().positive().optional(),
    RECORDING_MAX_SECONDS: z.coerce.number().positive().optional(),
    /** The cloud transcription engine's API (Deepgram-style /v1/listen), for tenants that chose it. */
    TRANSCRIPTION_CLOUD_URL: z.string().url().default("https://api.deepgram.com"),
    /** Where speech and converted audio for Asterisk are cached (default: a folder in the system's temp dir). */
    RUNTIME_MEDIA_DIR: z.string().optional(),
    /** The runtime's URL as Asterisk reaches it, when not RUNTIME_PUBLIC_URL (Asterisk plays `sound:<it>/media/…`). */
    ASTERISK_MEDIA_BASE_URL: z.string().url().optional(),
    /** How many speech or audio files are made at once; the rest wait their turn. */
    RUNTIME_MEDIA_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  })
  .transform((env) => ({
    ...env,
    RUNTIME_PUBLIC_URL: (env.RUNTIME_PUBLIC_URL ?? `http://${env.HOST}:${env.RUNTIME_PORT}`).replace(
      /\/+$/,
      "",
    ),
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://${env.HOST}:${env.API_PORT}`).replace(/\/+$/, ""),
  }));

export type RuntimeEnv = z.infer<typeof envSchema>;

export function readRuntimeEnv(source: NodeJS.ProcessEnv = process.env) {
  return readEnv("runtime", envSchema, source);
}
