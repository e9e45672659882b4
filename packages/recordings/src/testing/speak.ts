import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Real audio for tests: espeak-ng speaks the text, sox turns it into what Twilio serves (8 kHz mono 16-bit
 * WAV; `sampleRate` for wideband) in espeak's `voice` (e.g. "en-gb"). `seconds` pads it with silence to a given length. Needs Debian's espeak-ng and sox.
 */
export async function speak(
  text: string,
  options: { seconds?: number; voice?: string; wordsPerMinute?: number; sampleRate?: number } = {},
): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), "ringflow-speak-"));
  try {
    const raw = path.join(dir, "raw.wav");
    const out = path.join(dir, "out.wav");
    const voice = options.voice ? ["-v", options.voice] : [];
    const rate = options.wordsPerMinute ? ["-s", String(options.wordsPerMinute)] : [];
    await run("espeak-ng", [...voice, ...rate, "-w", raw, text]);
    const pad = options.seconds
      ? ["pad", "0", String(options.seconds), "trim", "0", String(options.seconds)]
      : [];
    const sampleRate = String(options.sampleRate ?? 8000);
    // -R: sox dithers with random noise by default; a fixed seed makes the same text the same bytes.
    await run("sox", [
      "-R",
      raw,
      "-r",
      sampleRate,
      "-c",
      "1",
      "-b",
      "16",
      "-e",
      "signed-integer",
      out,
      ...pad,
    ]);
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The length of a WAV file in seconds, as sox reads it. */
export async function wavSeconds(file: string): Promise<number> {
  const { stdout } = await run("soxi", ["-D", file]);
  return Number(stdout.trim());
}
