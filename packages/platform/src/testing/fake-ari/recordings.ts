import { liveRecordingJson } from "./snapshots.ts";
import { wavFile, wavSamples } from "./wav.ts";
import { AriError, type FakeLiveRecording, type World } from "./world.ts";

/** Formats Asterisk records in (with the codecs a stock build has). */
export const RECORDING_FORMATS = ["wav", "wav16", "gsm", "ulaw", "alaw", "sln", "g722", "g729"];

export const RECORDING_CONTENT_TYPES: Record<string, string> = {
  wav: "audio/wav",
  wav16: "audio/wav",
  gsm: "audio/gsm",
  ulaw: "audio/basic",
  alaw: "audio/x-alaw-basic",
};

const emit = (world: World, type: string, recording: FakeLiveRecording) =>
  world.hub.emit(type, { recording: liveRecordingJson(recording) }, [recording.targetUri]);

export type RecordingRequest = {
  name: string;
  format: string;
  maxDurationSeconds?: number;
  maxSilenceSeconds?: number;
  ifExists?: string;
  terminateOn?: string;
};

/** POST /channels/{id}/record or /bridges/{id}/record: queued now, recording (RecordingStarted) right after. */
/** What the target says as the recording begins: a failure cause, or how soon it runs out of audio. */
export type RecordingStart = { fail?: string; audioEndsAfterSeconds?: number };

export function startRecording(
  world: World,
  targetUri: string,
  request: RecordingRequest,
  onStart: () => RecordingStart = () => ({}),
): FakeLiveRecording {
  if (!RECORDING_FORMATS.includes(request.format))
    throw new AriError(422, "specified format is unknown on this system");
  const ifExists = request.ifExists ?? "fail";
  if (world.liveRecordings.has(request.name) || (ifExists === "fail" && world.stored.has(request.name)))
    throw new AriError(409, `Recording '${request.name}' already exists and can not be overwritten`);
  const recording: FakeLiveRecording = {
    name: request.name,
    format: request.format,
    targetUri,
    state: "queued",
    startedAt: performance.now(),
    pausedMs: 0,
    muted: false,
    terminateOn: request.terminateOn ?? "none",
    ifExists,
    measuresSilence: (request.maxSilenceSeconds ?? 0) > 0,
  };
  world.liveRecordings.set(recording.name, recording);
  setImmediate(() => {
    if (world.liveRecordings.get(recording.name) !== recording || recording.state !== "queued") return;
    const start = onStart();
    if (start.fail) return failRecording(world, recording, start.fail);
    recording.state = "recording";
    recording.startedAt = performance.now();
    emit(world, "RecordingStarted", recording);
    // Asterisk gives up after about 4 s without a frame ("No audio available") and ends it as done.
    const limits = [request.maxDurationSeconds ?? 0, start.audioEndsAfterSeconds ?? 0].filter((n) => n > 0);
    if (limits.length)
      recording.timer = world.later(
        () => stopRecording(world, recording, "done"),
        Math.min(...limits) * world.secondsMs,
      );
  });
  return recording;
}

function failRecording(world: World, recording: FakeLiveRecording, cause: string) {
  world.liveRecordings.delete(recording.name);
  recording.state = "failed";
  recording.cause = cause;
  emit(world, "RecordingFailed", recording);
}

export function liveRecording(world: World, name: string): FakeLiveRecording {
  const found = world.liveRecordings.get(name);
  if (!found) throw new AriError(404, "Recording not found");
  return found;
}

/** Ends a live recording: done stores the file (RecordingFinished with its duration); canceled keeps nothing. */
export function stopRecording(world: World, recording: FakeLiveRecording, state: "done" | "canceled") {
  if (world.liveRecordings.get(recording.name) !== recording) return;
  world.cancel(recording.timer);
  world.liveRecordings.delete(recording.name);
  if (recording.pausedAt !== undefined) recording.pausedMs += performance.now() - recording.pausedAt;
  const seconds = Math.max(0, performance.now() - recording.startedAt - recording.pausedMs) / world.secondsMs;
  recording.durationSeconds = Math.round(seconds);
  recording.state = state;
  if (state === "done") store(world, recording, seconds);
  emit(world, "RecordingFinished", recording);
}

function store(world: World, recording: FakeLiveRecording, seconds: number) {
  const previous = world.stored.get(recording.name);
  let data = recording.format.startsWith("wav")
    ? wavFile(seconds)
    : Buffer.alloc(Math.max(1, Math.round(seconds * 8000)));
  if (previous && recording.ifExists === "append" && previous.format === recording.format)
    data = recording.format.startsWith("wav")
      ? wavFile((wavSamples(previous.data).length + wavSamples(data).length) / 16000)
      : Buffer.concat([previous.data, data]);
  world.stored.set(recording.name, { name: recording.name, format: recording.format, data });
}

export function pauseRecording(recording: FakeLiveRecording, paused: boolean) {
  if (recording.state !== "recording" && recording.state !== "paused")
    throw new AriError(409, "Recording not in session");
  if (paused && recording.pausedAt === undefined) {
    recording.pausedAt = performance.now();
    recording.state = "paused";
  }
  if (!paused && recording.pausedAt !== undefined) {
    recording.pausedMs += performance.now() - recording.pausedAt;
    recording.pausedAt = undefined;
    recording.state = "recording";
  }
}

/** The recorded channel or bridge went away: its recordings end as done. */
export function finishRecordingsOf(world: World, targetUri: string) {
  for (const recording of [...world.liveRecordings.values()])
    if (recording.targetUri === targetUri) stopRecording(world, recording, "done");
}

/** A key pressed on a recorded channel ends the recordings whose terminateOn takes it. */
export function dtmfOnRecordings(world: World, targetUri: string, digit: string) {
  for (const recording of [...world.liveRecordings.values()])
    if (
      recording.targetUri === targetUri &&
      (recording.terminateOn === "any" || recording.terminateOn === digit)
    )
      stopRecording(world, recording, "done");
}
