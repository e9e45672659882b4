import path from "node:path";
import * as z from "zod";
import { LocalObjectStore } from "./local-store.ts";
import type { ObjectStore } from "./object-store.ts";
import { S3ObjectStore } from "./s3-store.ts";

/** The storage settings shared by the runtime (which writes recordings) and the API (which reads them). */
export const recordingStoreEnvSchema = z.object({
  /** "local" (files under RECORDINGS_DIR) or "s3". */
  RECORDINGS_STORE: z.enum(["local", "s3"]).default("local"),
  RECORDINGS_DIR: z.string().default(path.resolve(".data/recordings")),
  RECORDINGS_S3_BUCKET: z.string().optional(),
  RECORDINGS_S3_REGION: z.string().default("us-east-1"),
  RECORDINGS_S3_ENDPOINT: z.string().url().optional(),
  RECORDINGS_S3_ACCESS_KEY_ID: z.string().optional(),
  RECORDINGS_S3_SECRET_ACCESS_KEY: z.string().optional(),
  RECORDINGS_S3_PREFIX: z.string().default(""),
  RECORDINGS_S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("true"),
});
export type RecordingStoreEnv = z.infer<typeof recordingStoreEnvSchema>;

export function recordingStoreFromEnv(source: NodeJS.ProcessEnv = process.env): ObjectStore {
  const env = recordingStoreEnvSchema.parse(source);
  if (env.RECORDINGS_STORE === "local") return new LocalObjectStore(path.resolve(env.RECORDINGS_DIR));
  if (!env.RECORDINGS_S3_BUCKET || !env.RECORDINGS_S3_ACCESS_KEY_ID || !env.RECORDINGS_S3_SECRET_ACCESS_KEY)
    throw new Error(
      "RECORDINGS_STORE=s3 needs RECORDINGS_S3_BUCKET, RECORDINGS_S3_ACCESS_KEY_ID and RECORDINGS_S3_SECRET_ACCESS_KEY.",
    );
  return new S3ObjectStore({
    bucket: env.RECORDINGS_S3_BUCKET,
    region: env.RECORDINGS_S3_REGION,
    endpoint: env.RECORDINGS_S3_ENDPOINT,
    accessKeyId: env.RECORDINGS_S3_ACCESS_KEY_ID,
    secretAccessKey: env.RECORDINGS_S3_SECRET_ACCESS_KEY,
    prefix: env.RECORDINGS_S3_PREFIX,
    forcePathStyle: env.RECORDINGS_S3_FORCE_PATH_STYLE === "true",
  });
}
