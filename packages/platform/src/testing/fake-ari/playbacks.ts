import { randomUUID } from "node:crypto";
import { playbackJson } from "./snapshots.ts";
import { AriError, type FakePlayback, type World } from "./world.ts";

const active = (p: FakePlayback) => p.state !== "queued" && p.state !== "done" && p.state !== "failed";

/**
 * What Asterisk's playback loop does with one medium: plays it; fails it (a sound file it cannot open); or skips
 * it without a final update (an unsupported scheme such as a bare http://, a missing recording, a bad number).
 * Each medium starts with PlaybackStarted; a skipped last one leaves the playback without PlaybackFinished.
 */
function outcome(world: World, uri: string): "plays" | "fails" | "skips" {
  const [scheme, ...rest] = uri.split(":");
  const name = rest.join(":");
  switch (scheme) {
    case "sound":
      return /^https?:\/\//.test(name) || world.sounds.has(name) ? "plays" : "fails";
    case "recording":
      return world.stored.has(name) ? "plays" : "skips";
    case "number":
      return /^-?\d+$/.test(name) ? "plays" : "skips";
    case "tone":
    case "digits":
    case "characters":
      return "plays";
    default:
      return "skips";
  }
}

function emit(world: World, type: string, playback: FakePlayback) {
  world.hub.emit(type, { playback: playbackJson(playback) }, [playback.targetUri]);
}

/** Starts (or queues behind the target's current playback) a playback of one or more media. */
export function startPlayback(
  world: World,
  targetUri: string,
  media: string[],
  language: string,
  id: string = randomUUID(),
): FakePlayback {
  if (world.playbacks.has(id)) throw new AriError(409, "Playback with this id already exists");
  const playback: FakePlayback = {
    id,
    media,
    index: 0,
    targetUri,
    language,
    state: "queued",
    startedAt: 0,
    lengthMs: 0,
  };
  world.playbacks.set(id, playback);
  const busy = [...world.playbacks.values()].some((p) => p !== playback && p.targetUri === targetUri);
  // The REST answer is the queued playback; it starts once the answer is on its way.
  if (!busy) setImmediate(() => begin(world, playback));
  return playback;
}

/** Playing (or paused) on this target now, if any: a target plays one playback at a time. */
const playingOn = (world: World, targetUri: string) =>
  [...world.playbacks.values()].find((p) => p.targetUri === targetUri && active(p));

function begin(world: World, playback: FakePlayback): void {
  if (world.playbacks.get(playback.id) !== playback || playback.state !== "queued") return;
  if (playingOn(world, playback.targetUri)) return;
  playCurrent(world, playback);
}

const current = (world: World, playback: FakePlayback) => world.playbacks.get(playback.id) === playback;

/** One turn of the loop: PlaybackStarted for this medium, then it plays (an HTTP one fetched first), fails or is skipped. */
function playCurrent(world: World, playback: FakePlayback): void {
  const uri = playback.media[playback.index] ?? "";
  playback.state = "playing";
  emit(world, "PlaybackStarted", playback);
  const result = outcome(world, uri);
  if (result === "skips") return skip(world, playback);
  if (result === "fails") return mediumDone(world, playback, "failed");
  const url = uri.startsWith("sound:http") ? uri.slice("sound:".length) : undefined;
  if (!url || world.options.fetchMedia === false) return playMedium(world, playback, world.playbackMs(uri));
  void fetchMedia(world, url).then((playable) => {
    if (!current(world, playback) || playback.state !== "playing") return;
    if (!playable) return mediumDone(world, playback, "failed");
    playMedium(world, playback, world.playbackMs(uri));
  });
}

function skip(world: World, playback: FakePlayback): void {
  if (playback.index + 1 < playback.media.length) {
    playback.index += 1;
    return playCurrent(world, playback);
  }
  world.playbacks.delete(playback.id);
  startNext(world, playback.targetUri);
}

/** Formats Asterisk's HTTP media cache can name from a content type or the URL's extension. */
const MEDIA_TYPES: Record<string, string> = {
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/basic": "ulaw",
  "audio/gsm": "gsm",
};
const MEDIA_EXTENSIONS = ["wav", "wav16", "gsm", "ulaw", "alaw", "sln", "sln16", "g722"];

/** GETs an HTTP medium like Asterisk's media cache: a 2xx answer in a format it can name, else the play fails. */
async function fetchMedia(world: World, url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const data = Buffer.from(await response.arrayBuffer());
    const contentType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
    world.mediaFetches.push({ url, status: response.status, contentType, bytes: data.length });
    const extension = new URL(url).pathname.split(".").pop() ?? "";
    return (
      response.ok && data.length > 0 && (contentType in MEDIA_TYPES || MEDIA_EXTENSIONS.includes(extension))
    );
  } catch (error) {
    world.mediaFetches.push({ url, status: 0, contentType: "", bytes: 0, error: String(error) });
    return false;
  }
}

function playMedium(world: World, playback: FakePlayback, lengthMs: number): void {
  playback.startedAt = performance.now();
  playback.lengthMs = lengthMs;
  world.cancel(playback.timer);
  playback.timer = world.later(() => mediumDone(world, playback, "done"), lengthMs);
}

/** A medium ended: the last one finishes the playback (done or failed); another continues with the next. */
function mediumDone(world: World, playback: FakePlayback, result: "done" | "failed"): void {
  if (playback.index + 1 >= playback.media.length) return finish(world, playback, result);
  playback.state = "continuing";
  emit(world, "PlaybackContinuing", playback);
  playback.index += 1;
  playCurrent(world, playback);
}

function finish(world: World, playback: FakePlayback, state: "done" | "failed"): void {
  world.cancel(playback.timer);
  playback.state = state;
  world.playbacks.delete(playback.id);
  emit(world, "PlaybackFinished", playback);
  startNext(world, playback.targetUri);
}

function startNext(world: World, targetUri: string): void {
  if (playingOn(world, targetUri)) return;
  const next = [...world.playbacks.values()].find((p) => p.targetUri === targetUri && p.state === "queued");
  if (next) setImmediate(() => begin(world, next));
}

export function playback(world: World, id: string): FakePlayback {
  const found = world.playbacks.get(id);
  if (!found) throw new AriError(404, "Playback not found");
  return found;
}

/** DELETE /playbacks/{id}: a playing one finishes now (state done); a queued one is dropped without events. */
export function stopPlayback(world: World, found: FakePlayback) {
  if (active(found)) return finish(world, found, "done");
  world.playbacks.delete(found.id);
  startNext(world, found.targetUri);
}

/** POST /playbacks/{id}/control. */
export function controlPlayback(world: World, found: FakePlayback, operation: string) {
  if (!active(found)) throw new AriError(409, "Playback not in a state to allow the operation");
  const elapsed = performance.now() - found.startedAt;
  const remaining = Math.max(0, found.lengthMs - elapsed);
  switch (operation) {
    case "pause":
      if (found.state === "paused") return;
      world.cancel(found.timer);
      found.lengthMs = remaining;
      found.state = "paused";
      return;
    case "unpause":
      if (found.state !== "paused") return;
      found.state = "playing";
      return playMedium(world, found, found.lengthMs);
    case "restart":
      found.index = 0;
      found.state = "playing";
      return playMedium(world, found, world.playbackMs(found.media[0] ?? ""));
    case "reverse":
    case "forward": {
      if (found.state === "paused") return;
      const skip = world.playbackMs(found.media[found.index] ?? "") / 4;
      return playMedium(
        world,
        found,
        operation === "forward" ? Math.max(0, remaining - skip) : remaining + skip,
      );
    }
    default:
      throw new AriError(400, "Invalid operation");
  }
}

/** The target hung up or went away: its playing playbacks finish, queued ones are dropped. */
export function finishPlaybacksOf(world: World, targetUri: string, state: "done" | "failed") {
  for (const found of [...world.playbacks.values()].filter((p) => p.targetUri === targetUri)) {
    if (active(found)) {
      world.cancel(found.timer);
      found.state = state;
      emit(world, "PlaybackFinished", found);
    }
    world.playbacks.delete(found.id);
  }
}

/** Finishes every playing playback now (a test control); returns how many finished. */
export function finishAllPlaybacks(world: World, targetUri?: string): number {
  const playing = [...world.playbacks.values()].filter(
    (p) => active(p) && (!targetUri || p.targetUri === targetUri),
  );
  for (const found of playing) finish(world, found, "done");
  return playing.length;
}
