// npm run bench:recordings: recordings copied per minute by one copy worker (download from a loopback Twilio,
// checks, encryption, storage, read-back, delete at Twilio), and the local engine's real-time factor and word
// error rate on sentences spoken by espeak-ng (8 kHz telephone audio, as Twilio records). Medians printed.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createDb, generateKeySpec } from "@ringflow/db";
import { createScratchDatabase } from "@ringflow/db/testing";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { percentile, sortedCopy, table } from "@ringflow/platform";
import {
  audioFacts,
  LOCAL_ENGINE_INSTALL,
  localEngineMissing,
  LocalObjectStore,
  transcribeLocally,
  wordErrorRate,
} from "@ringflow/recordings";
import { speak } from "@ringflow/recordings/testing";
import { runPrisma } from "../../../../scripts/lib/prisma-cli.ts";
import { RuntimeQueues } from "../jobs/queues.ts";
import { recordingLimitsSchema } from "../jobs/recording-copy.job.ts";
import { startRecordingCopyWorker } from "../jobs/recording-copy.worker.ts";
import { seedTwilioTenant } from "../testing/seed.ts";

const RECORDINGS = Number(process.env.BENCH_RECORDINGS ?? 100);
const RECORDING_SECONDS = Number(process.env.BENCH_RECORDING_SECONDS ?? 60);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** What callers say to an IVR: the reference transcripts. */
const SENTENCES = [
  "I would like to check the status of my order",
  "please call me back tomorrow morning",
  "I need to change my appointment to next week",
  "my prescription refill has not arrived yet",
  "can I speak to someone about my bill",
  "the quick brown fox jumps over the lazy dog",
  "I am calling about my insurance claim",
  "please cancel my subscription",
  "what time does the office open on saturday",
  "I want to update my address and phone number",
];

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
process.env.RINGFLOW_SECRET_KEYS ??= generateKeySpec("bench");
const median = (values: number[]) => percentile(sortedCopy(values), 50);
/** The figures depend on what else the machine does: said with them. */
const machine = () =>
  `${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ")} (1/5/15 min)`;

async function copyThroughput() {
  const scratch = await createScratchDatabase("bench_recordings");
  const db = createDb(scratch.url, { max: 4 });
  const dir = await mkdtemp(path.join(tmpdir(), "ringflow-bench-recordings-"));
  const queueConfig = {
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    keyPrefix: `rfbench:${randomBytes(4).toString("hex")}:`,
  };
  const audio = await speak(SENTENCES.join(". "), { seconds: RECORDING_SECONDS });
  // Twilio's media and Recording resource: every recording is the same WAV; DELETE forgets it.
  const twilio = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method === "GET" && req.url?.endsWith(".wav"))
        return res
          .writeHead(200, { "content-type": "audio/x-wav", "content-length": audio.length })
          .end(audio);
      if (req.method === "DELETE") return res.writeHead(204).end();
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => twilio.listen(0, "127.0.0.1", resolve));
  const twilioUrl = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  try {
    await runPrisma(["migrate", "deploy"], scratch.url, { quiet: true });
    const tenant = await seedTwilioTenant(db, () =>
      buildFlow({ nodes: { start: ["start"], bye: ["hangup"] }, edges: [["start", "inbound", "bye"]] }),
    );
    await db.tenant.update({ where: { id: tenant.tenantId }, data: { deleteProviderRecordings: true } });
    const queues = new RuntimeQueues(queueConfig);
    const worker = startRecordingCopyWorker(
      {
        db,
        store: new LocalObjectStore(dir),
        twilioApiBaseUrl: twilioUrl,
        limits: recordingLimitsSchema.parse({}),
      },
      queueConfig,
    );
    const perMinute: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const ids: string[] = [];
      for (let i = 0; i < RECORDINGS; i++) {
        const call = await db.call.create({
          data: {
            tenantId: tenant.tenantId,
            provider: "TWILIO",
            providerCallId: `CA${randomBytes(16).toString("hex")}`,
            providerAccountId: tenant.providerAccountId,
            direction: "INBOUND",
            fromNumber: "+14155550100",
            toNumber: tenant.number,
          },
        });
        const sid = `RE${randomBytes(16).toString("hex")}`;
        const recording = await db.recording.create({
          data: {
            id: randomUUID(),
            tenantId: tenant.tenantId,
            callId: call.id,
            providerRecordingId: sid,
            url: `https://api.twilio.com/2010-04-01/Accounts/${tenant.accountSid}/Recordings/${sid}`,
            durationSeconds: RECORDING_SECONDS,
            status: "AVAILABLE",
          },
        });
        ids.push(recording.id);
      }
      const started = performance.now();
      await Promise.all(
        ids.map((recordingId) => queues.addRecordingCopy({ tenantId: tenant.tenantId, recordingId })),
      );
      for (;;) {
        const done = await db.recording.count({
          where: { id: { in: ids }, providerDeletedAt: { not: null } },
        });
        if (done === ids.length) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const seconds = (performance.now() - started) / 1000;
      perMinute.push((RECORDINGS / seconds) * 60);
    }
    await worker.close();
    await queues.close();
    return { perMinute, bytes: audio.length };
  } finally {
    await new Promise((resolve) => twilio.close(resolve));
    await db.$disconnect();
    await scratch.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Each sentence alone (real-time factor with the decoder's start-up), then all of them as one recording. */
async function localEngine(voice: string, sampleRate: number) {
  const rows: { sentence: string; seconds: number; rtf: number; wer: number; heard: string }[] = [];
  const timed = async (sentence: string) => {
    const audio = await speak(sentence, { voice, sampleRate });
    const seconds = audioFacts(audio)?.durationSeconds ?? NaN;
    const started = performance.now();
    const transcript = await transcribeLocally(audio, { language: "en-US" });
    const elapsed = (performance.now() - started) / 1000;
    return {
      sentence,
      seconds,
      rtf: elapsed / seconds,
      wer: wordErrorRate(sentence, transcript.text),
      heard: transcript.text,
    };
  };
  for (const sentence of SENTENCES) rows.push(await timed(sentence));
  const words = (s: string) => s.split(" ").length;
  const totalWords = rows.reduce((sum, r) => sum + words(r.sentence), 0);
  const overall = rows.reduce((sum, r) => sum + r.wer * words(r.sentence), 0) / totalWords;
  const long = await timed(SENTENCES.join(". "));
  return { rows, overall, long };
}

console.log(`machine: ${machine()}`);
console.log(
  `\n== Recordings copied per minute by one worker (concurrency 2), ${RECORDINGS} recordings of ${RECORDING_SECONDS} s, ${RUNS} runs`,
);
const copies = await copyThroughput();
console.log(
  table([
    ["run", "recordings/min"],
    ...copies.perMinute.map((value, i) => [String(i + 1), value.toFixed(0)]),
    ["median", median(copies.perMinute).toFixed(0)],
  ]),
);
console.log(
  `each: ${(copies.bytes / 1024).toFixed(0)} KiB WAV downloaded, checked, encrypted (AES-256-GCM), stored, read back, deleted at Twilio`,
);

const missing = localEngineMissing();
if (missing) console.log(`\nlocal engine skipped: ${missing} (enable: ${LOCAL_ENGINE_INSTALL})`);
else
  for (const [voice, sampleRate, label] of [
    ["en-gb", 8000, "8 kHz telephone WAV, as Twilio records"],
    ["en-gb", 16000, "16 kHz wideband WAV"],
    ["en-us", 16000, "16 kHz wideband WAV"],
  ] as const) {
    console.log(`\n== Local engine (pocketsphinx, US English model), espeak-ng voice ${voice}, ${label}`);
    const { rows, overall, long } = await localEngine(voice, sampleRate);
    console.log(
      table([
        ["said", "audio s", "RTF", "WER", "heard"],
        ...rows.map((r) => [
          r.sentence,
          r.seconds.toFixed(1),
          r.rtf.toFixed(2),
          `${(r.wer * 100).toFixed(0)}%`,
          r.heard,
        ]),
      ]),
    );
    console.log(
      `median real-time factor ${median(rows.map((r) => r.rtf)).toFixed(2)} per sentence (decoder start-up included), ` +
        `${long.rtf.toFixed(2)} on all ten as one ${long.seconds.toFixed(0)} s recording; ` +
        `word error rate ${(overall * 100).toFixed(1)}% over all words (${(long.wer * 100).toFixed(1)}% as one recording), ` +
        `median per sentence ${(median(rows.map((r) => r.wer)) * 100).toFixed(0)}%`,
    );
    console.log(`machine: ${machine()}`);
  }

// The copy worker's BullMQ connection is its caller's to close; a benchmark simply ends.
process.exit(0);
