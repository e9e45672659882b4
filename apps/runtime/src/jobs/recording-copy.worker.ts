import { addDays } from "date-fns";
import { UnrecoverableError, Worker } from "bullmq";
import type { Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import { audioFacts, readAudio, storeAudio, storedAudioOf, type ObjectStore } from "@ringflow/recordings";
import {
  downloadTwilioRecording,
  RecordingCopyError,
  twilioRecordingSid,
} from "../adapters/twilio/recording-media.ts";
import { twilioAccountFor, twilioClientFor } from "../adapters/twilio/rest-client.ts";
import { asteriskAccountFor } from "../adapters/asterisk/asterisk-account.ts";
import { telnyxRecordings } from "../adapters/carriers/telnyx-recordings.ts";
import { signalWireRecordings } from "../adapters/carriers/signalwire-recordings.ts";
import { deleteAsteriskRecording, downloadAsteriskRecording } from "../adapters/asterisk/recording-media.ts";
import { bullConnection, bullPrefix, type QueueConfig } from "./queues.ts";
import { engineFor } from "./recording-transcription.worker.ts";
import {
  RECORDING_COPY_QUEUE,
  recordingCopyJobSchema,
  type RecordingCopyJob,
  type RecordingLimits,
} from "./recording-copy.job.ts";

export interface RecordingCopyDeps {
  db: Db;
  store: ObjectStore;
  twilioApiBaseUrl: string;
  /** TELNYX_API_BASE_URL (else Telnyx's API). */
  telnyxApiBaseUrl?: string | undefined;
  /** SIGNALWIRE_API_BASE_URL (else the project's space). */
  signalWireApiBaseUrl?: string | undefined;
  /** PBX_ALLOW_NETWORKS: Asterisk recordings are fetched from PBXs on these networks although private. */
  pbxAllowNetworks?: readonly string[];
  limits: RecordingLimits;
  /** Once Ringflow holds the audio: queue its transcription (the transcription job's producer). */
  transcribe?: (job: RecordingCopyJob) => Promise<unknown>;
  clock?: () => Date;
}

export type CopyOutcome = "copied" | "already-copied" | "gone";

/**
 * Copy, then (only with a verified copy, and only when the tenant allows it) delete at the provider. Each
 * step is guarded by the row, so a retry or a second job picks up where the first stopped.
 */
export async function runRecordingCopy(deps: RecordingCopyDeps, job: RecordingCopyJob): Promise<CopyOutcome> {
  const { db, store } = deps;
  const now = deps.clock?.() ?? new Date();
  const where = { id: job.recordingId, tenantId: job.tenantId };
  const found = await db.recording.findFirst({
    where,
    include: {
      call: {
        select: {
          provider: true,
          providerAccountId: true,
          flow: { select: { recordingRetentionDays: true } },
        },
      },
      tenant: { select: { recordingRetentionDays: true, deleteProviderRecordings: true } },
    },
  });
  if (!found || found.deletedAt || found.status === "DELETED") return "gone";
  if (found.status !== "AVAILABLE")
    throw new RecordingCopyError("The provider has not finished the recording yet.");
  const { call, tenant } = found;
  if (!isCopiedFrom(call.provider) || !call.providerAccountId || !found.url)
    throw new RecordingCopyError(
      "Only Twilio, SignalWire, Telnyx and Asterisk recordings with a media URL can be copied.",
      true,
    );
  const provider = await providerRecordings(deps, job.tenantId, call.provider, call.providerAccountId);

  let outcome: CopyOutcome = "already-copied";
  if (!found.copiedAt) {
    await db.recording.updateMany({ where, data: { copyAttempts: { increment: 1 } } });
    const audio = await provider.download(found, deps.limits.maxBytes);
    const facts = audioFacts(audio);
    if (!facts) throw new RecordingCopyError(`What ${provider.name} sent is not WAV or MP3 audio.`, true);
    const seconds = facts.durationSeconds ?? found.durationSeconds;
    if (seconds !== null && seconds > deps.limits.maxDurationSeconds)
      throw new RecordingCopyError(
        `The recording lasts ${Math.round(seconds)} s, over the limit of ${deps.limits.maxDurationSeconds} s.`,
        true,
      );
    const stored = await storeAudio(store, found, audio, facts.contentType);
    const days = call.flow?.recordingRetentionDays ?? tenant.recordingRetentionDays;
    const { count } = await db.recording.updateMany({
      where: { ...where, copiedAt: null, deletedAt: null },
      data: {
        ...stored,
        copiedAt: now,
        deleteAfter: addDays(found.createdAt, days),
        durationSeconds: found.durationSeconds ?? (seconds === null ? null : Math.round(seconds)),
        copyFailedAt: null,
        copyError: null,
      },
    });
    // Another run stored its copy first: ours (under its own key) goes.
    if (!count) await store.delete(stored.storageKey);
    else outcome = "copied";
  }

  if (!found.transcribedAt && !found.transcriptionError) await deps.transcribe?.(job);
  // Twilio's transcription is read from Twilio's recording: it stays until the transcript is in (or given up).
  const awaitingTwilio =
    !found.transcribedAt &&
    !found.transcriptionError &&
    (await engineFor(db, job.tenantId, call.provider)).engine === "twilio";
  if (tenant.deleteProviderRecordings && !found.providerDeletedAt && !awaitingTwilio) {
    const copy = storedAudioOf(await db.recording.findFirstOrThrow({ where }));
    if (!copy) throw new RecordingCopyError("The copy is not complete; the provider's recording is kept.");
    // The provider's copy goes only once ours reads back whole.
    await readAudio(store, copy);
    await provider.remove(found);
    await db.recording.updateMany({ where, data: { providerDeletedAt: now } });
  }
  return outcome;
}

const COPIED_FROM = ["TWILIO", "SIGNALWIRE", "TELNYX", "ASTERISK"] as const;
const isCopiedFrom = (provider: string): provider is (typeof COPIED_FROM)[number] =>
  (COPIED_FROM as readonly string[]).includes(provider);

/** A recording as its provider names it: the media URL of its callback, and its id there. */
interface ProviderRecording {
  url: string | null;
  providerRecordingId: string | null;
}

/** Where a provider keeps its recordings: how to fetch one and how to delete it there. */
async function providerRecordings(
  deps: RecordingCopyDeps,
  tenantId: string,
  provider: (typeof COPIED_FROM)[number],
  providerAccountId: string,
): Promise<{
  name: string;
  download(recording: ProviderRecording, maxBytes: number): Promise<Buffer>;
  remove(recording: ProviderRecording): Promise<void>;
}> {
  const { db } = deps;
  if (provider === "TELNYX") return telnyxRecordings(db, tenantId, providerAccountId, deps.telnyxApiBaseUrl);
  if (provider === "SIGNALWIRE")
    return signalWireRecordings(db, tenantId, providerAccountId, deps.signalWireApiBaseUrl);
  if (provider === "ASTERISK") {
    const account = await asteriskAccountFor(db, tenantId, providerAccountId);
    if (!account) throw new RecordingCopyError("The Asterisk account of this recording is gone.", true);
    const allowNetworks = deps.pbxAllowNetworks ?? [];
    return {
      name: "Asterisk",
      download: ({ url }, maxBytes) =>
        downloadAsteriskRecording(account, url ?? "", { maxBytes, allowNetworks }),
      remove: ({ url }) => deleteAsteriskRecording(account, url ?? "", { allowNetworks }),
    };
  }
  const account = await twilioAccountFor(db, tenantId, providerAccountId);
  return {
    name: "Twilio",
    download: ({ url }, maxBytes) =>
      downloadTwilioRecording(account, url ?? "", deps.twilioApiBaseUrl, maxBytes),
    async remove({ url }) {
      const client = await twilioClientFor(db, tenantId, providerAccountId, deps.twilioApiBaseUrl);
      try {
        await client.recordings(twilioRecordingSid(url ?? "", account.accountSid)).remove();
      } catch (error) {
        // Already gone at Twilio (an earlier run deleted it, then stopped before writing so).
        if ((error as { status?: number }).status !== 404) throw error;
      }
    },
  };
}

/** After the last attempt (or a failure no retry can fix) the row carries a visible alert. */
async function raiseCopyAlert(db: Db, job: RecordingCopyJob, error: unknown, at: Date): Promise<void> {
  const message =
    error instanceof RecordingCopyError ? error.message : "The recording could not be copied or stored.";
  await db.recording.updateMany({
    where: { id: job.recordingId, tenantId: job.tenantId, copiedAt: null },
    data: { copyFailedAt: at, copyError: message },
  });
}

export function startRecordingCopyWorker(
  deps: RecordingCopyDeps,
  config: QueueConfig & { concurrency?: number },
  logger?: Logger,
): Worker<RecordingCopyJob> {
  const worker = new Worker<RecordingCopyJob>(
    RECORDING_COPY_QUEUE,
    async (job) => {
      const data = recordingCopyJobSchema.parse(job.data);
      try {
        return await runRecordingCopy(deps, data);
      } catch (error) {
        const final = error instanceof RecordingCopyError && error.final;
        if (final || job.attemptsMade + 1 >= (job.opts.attempts ?? 1))
          await raiseCopyAlert(deps.db, data, error, deps.clock?.() ?? new Date());
        if (final) throw new UnrecoverableError((error as Error).message);
        throw error;
      }
    },
    { connection: bullConnection(config), prefix: bullPrefix(config), concurrency: config.concurrency ?? 2 },
  );
  worker.on("failed", (job, error) =>
    logger?.warn({ err: error, recordingId: job?.data.recordingId }, "recording copy failed"),
  );
  return worker;
}
