import { UnrecoverableError, Worker } from "bullmq";
import { openCredentials, type Db } from "@ringflow/db";
import { languageTagSchema } from "@ringflow/flow-schema";
import type { Logger } from "@ringflow/platform";
import {
  CLOUD_ENGINE_KEY_KIND,
  readAudio,
  redactedTranscript,
  storedAudioOf,
  transcribeInCloud,
  transcribeLocally,
  TranscriptionError,
  type ObjectStore,
  type Transcript,
} from "@ringflow/recordings";
import { fetchTwilioTranscription } from "../adapters/twilio/recording-transcription.ts";
import { twilioAccountFor } from "../adapters/twilio/rest-client.ts";
import { bullConnection, bullPrefix, type QueueConfig } from "./queues.ts";
import {
  RECORDING_TRANSCRIPTION_QUEUE,
  recordingTranscriptionJobSchema,
  transcriptionEngineSettingSchema,
  type RecordingTranscriptionJob,
} from "./recording-transcription.job.ts";

export interface RecordingTranscriptionDeps {
  db: Db;
  store: ObjectStore;
  twilioApiBaseUrl: string;
  /**
   * The cloud engine's API (TRANSCRIPTION_CLOUD_URL), set by the deployment: the worker posts audio there, so
   * tenants cannot point it elsewhere. A tenant's `cloudBaseUrl`, which only the deployment writes, overrides it.
   */
  cloudBaseUrl?: string;
  /** After Twilio's transcript is in: the copy job, which kept Twilio's recording for it, may now delete it. */
  afterTwilioTranscript?: (job: RecordingTranscriptionJob) => Promise<unknown>;
  clock?: () => Date;
}

export type TranscriptionOutcome = "transcribed" | "already-transcribed" | "gone" | "off";

/**
 * What the recording is in: the call's language when it was recorded (the caller's choice in a Language block,
 * else the flow's), else the call's last language, else its flow's default, else US English.
 */
function languageOf(recording: {
  language: string | null;
  call: { language: string | null; flowVersion: { document: unknown } | null };
}): string {
  const doc = (recording.call.flowVersion?.document ?? {}) as { languages?: { default?: unknown } };
  for (const candidate of [recording.language, recording.call.language, doc.languages?.default]) {
    const tag = languageTagSchema.safeParse(candidate);
    if (tag.success) return tag.data;
  }
  return "en-US";
}

/** The tenant's engine for this recording (Twilio's only serves recordings that came from Twilio). */
export async function engineFor(db: Db, tenantId: string, provider: string) {
  const setting = await db.transcriptionSetting.findFirst({ where: { tenantId } });
  const engine = transcriptionEngineSettingSchema.catch("local").parse(setting?.engine ?? "local");
  return { engine: engine === "twilio" && provider !== "TWILIO" ? ("local" as const) : engine, setting };
}

export async function runRecordingTranscription(
  deps: RecordingTranscriptionDeps,
  job: RecordingTranscriptionJob,
): Promise<TranscriptionOutcome> {
  const { db } = deps;
  const where = { id: job.recordingId, tenantId: job.tenantId };
  const found = await db.recording.findFirst({
    where,
    include: {
      call: {
        select: {
          provider: true,
          providerAccountId: true,
          language: true,
          flowVersion: { select: { document: true } },
        },
      },
    },
  });
  if (!found || found.deletedAt || found.status === "DELETED") return "gone";
  if (found.transcribedAt) return "already-transcribed";
  const { engine, setting } = await engineFor(db, job.tenantId, found.call.provider);
  if (engine === "off") return "off";
  const language = languageOf(found);

  let transcript: Transcript;
  if (engine === "twilio") {
    if (!found.call.providerAccountId || !found.url)
      throw new TranscriptionError("The recording has no Twilio media URL.", true);
    const account = await twilioAccountFor(db, job.tenantId, found.call.providerAccountId);
    transcript = await fetchTwilioTranscription(account, found.url, deps.twilioApiBaseUrl, language);
  } else {
    const stored = storedAudioOf(found);
    if (!stored) throw new TranscriptionError("The recording has not been copied yet.");
    const audio = await readAudio(deps.store, stored);
    if (engine === "local") transcript = await transcribeLocally(audio, { language });
    else {
      const baseUrl = setting?.cloudBaseUrl ?? deps.cloudBaseUrl;
      if (!baseUrl || !setting?.cloudKey || !setting.cloudKeyId)
        throw new TranscriptionError(
          "The cloud transcription service is not set up for this workspace.",
          true,
        );
      const { apiKey } = openCredentials<{ apiKey: string }>({
        tenantId: job.tenantId,
        kind: CLOUD_ENGINE_KEY_KIND,
        credentials: setting.cloudKey,
        credentialsKeyId: setting.cloudKeyId,
      });
      transcript = await transcribeInCloud(audio, found.contentType ?? "audio/wav", {
        baseUrl,
        apiKey,
        model: setting.cloudModel ?? undefined,
        language,
      });
    }
  }

  // Nothing a caller said is stored before redaction.
  const safe = redactedTranscript(transcript);
  const { count } = await db.recording.updateMany({
    where: { ...where, deletedAt: null, transcribedAt: null },
    data: {
      transcript: safe.text,
      transcriptTurns: safe.turns,
      transcriptLanguage: safe.language,
      transcriptEngine: safe.engine,
      transcribedAt: deps.clock?.() ?? new Date(),
      transcriptionError: null,
    },
  });
  if (engine === "twilio") await deps.afterTwilioTranscript?.(job);
  return count ? "transcribed" : "already-transcribed";
}

/** After the last attempt (or a failure no retry fixes) the row says why it has no transcript. */
async function recordFailure(
  deps: RecordingTranscriptionDeps,
  job: RecordingTranscriptionJob,
  error: unknown,
) {
  const message =
    error instanceof TranscriptionError ? error.message : "The recording could not be transcribed.";
  await deps.db.recording.updateMany({
    where: { id: job.recordingId, tenantId: job.tenantId, transcribedAt: null },
    data: { transcriptionError: message },
  });
  const found = await deps.db.recording.findFirst({
    where: { id: job.recordingId, tenantId: job.tenantId },
    select: { call: { select: { provider: true } } },
  });
  if (found && (await engineFor(deps.db, job.tenantId, found.call.provider)).engine === "twilio")
    await deps.afterTwilioTranscript?.(job);
}

export function startRecordingTranscriptionWorker(
  deps: RecordingTranscriptionDeps,
  config: QueueConfig & { concurrency?: number },
  logger?: Logger,
): Worker<RecordingTranscriptionJob> {
  const worker = new Worker<RecordingTranscriptionJob>(
    RECORDING_TRANSCRIPTION_QUEUE,
    async (job) => {
      const data = recordingTranscriptionJobSchema.parse(job.data);
      try {
        return await runRecordingTranscription(deps, data);
      } catch (error) {
        const final = error instanceof TranscriptionError && error.final;
        if (final || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await recordFailure(deps, data, error);
        if (final) throw new UnrecoverableError((error as Error).message);
        throw error;
      }
    },
    // One at a time: the local engine takes a core while it decodes.
    { connection: bullConnection(config), prefix: bullPrefix(config), concurrency: config.concurrency ?? 1 },
  );
  // The error's message says what went wrong, never what the caller said.
  worker.on("failed", (job, error) =>
    logger?.warn(
      { err: error.message, recordingId: job?.data.recordingId },
      "recording transcription failed",
    ),
  );
  return worker;
}
