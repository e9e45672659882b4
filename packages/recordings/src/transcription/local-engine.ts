import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { audioFacts } from "../audio-format.ts";
import { textOfTurns, TranscriptionError, type Transcript, type TranscriptTurn } from "./transcript.ts";

const run = promisify(execFile);

/** Debian's US English model (package pocketsphinx-en-us). */
export const POCKETSPHINX_MODEL_DIR =
  process.env.POCKETSPHINX_MODEL_DIR ?? "/usr/share/pocketsphinx/model/en-us";
/** The one command that makes the local engine work on a Debian machine. */
export const LOCAL_ENGINE_INSTALL = "apt-get install pocketsphinx pocketsphinx-en-us sox";

const model = (dir: string) => ({
  hmm: path.join(dir, "en-us"),
  lm: path.join(dir, "en-us.lm.bin"),
  dict: path.join(dir, "cmudict-en-us.dict"),
});

/** Why the local engine cannot run here (a missing program or model), or null when it can. */
export function localEngineMissing(modelDir = POCKETSPHINX_MODEL_DIR): string | null {
  const onPath = (program: string) =>
    (process.env.PATH ?? "").split(path.delimiter).some((dir) => existsSync(path.join(dir, program)));
  if (!onPath("pocketsphinx_continuous")) return "pocketsphinx_continuous is not installed";
  if (!onPath("sox")) return "sox is not installed";
  const missing = Object.values(model(modelDir)).find((file) => !existsSync(file));
  return missing ? `the US English model is not installed (no ${missing})` : null;
}

/** The model understands US English; other English is close enough to try, other languages are not. */
const understands = (language: string) => /^en\b/i.test(language);

/** Filler the decoder marks: sentence edges, silence, noise. `word(2)` is a pronunciation variant of `word`. */
const spoken = (word: string) => !/^(<s>|<\/s>|<sil>|\[[A-Z]+\]|\+\+?[A-Z]+\+?\+?)$/.test(word);
const plainWord = (word: string) => word.replace(/\(\d+\)$/, "");

/** `-time yes` output: for each utterance, a word per line between <s> and </s> with start, end, confidence. */
export function parsePocketsphinx(output: string): TranscriptTurn[] {
  const turns: TranscriptTurn[] = [];
  let words: { word: string; start: number; end: number }[] | null = null;
  for (const line of output.split("\n")) {
    const m = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) [\d.]+$/.exec(line.trim());
    if (!m) continue;
    const [, word = "", start, end] = m;
    if (word === "<s>") words = [];
    else if (word === "</s>") {
      if (words?.length)
        turns.push({
          speaker: null,
          startSeconds: words[0]?.start ?? null,
          endSeconds: words.at(-1)?.end ?? null,
          text: words.map((w) => w.word).join(" "),
        });
      words = null;
    } else if (words && spoken(word))
      words.push({ word: plainWord(word), start: Number(start), end: Number(end) });
  }
  return turns;
}

/**
 * Transcribes on this machine, no cloud: sox makes the audio 16 kHz mono 16-bit (the model's rate), then
 * pocketsphinx_continuous decodes it. One turn per utterance; pocketsphinx does not tell speakers apart.
 */
export async function transcribeLocally(
  audio: Buffer,
  options: { language: string; modelDir?: string; timeoutMs?: number },
): Promise<Transcript> {
  if (!understands(options.language))
    throw new TranscriptionError(
      `The local engine understands only English; this call was in ${options.language}.`,
      true,
    );
  const modelDir = options.modelDir ?? POCKETSPHINX_MODEL_DIR;
  const missing = localEngineMissing(modelDir);
  if (missing) throw new TranscriptionError(`The local engine cannot run: ${missing}.`);
  const dir = await mkdtemp(path.join(tmpdir(), "ringflow-transcribe-"));
  try {
    const kind = audioFacts(audio)?.contentType;
    if (!kind) throw new TranscriptionError("The recording is not WAV or MP3 audio.", true);
    const input = path.join(dir, kind === "audio/wav" ? "in.wav" : "in.mp3");
    const wav = path.join(dir, "16k.wav");
    await writeFile(input, audio, { mode: 0o600 });
    // -R: no random dither, so one recording always gives one transcript.
    await run("sox", ["-R", input, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", wav]).catch(
      () => {
        throw new TranscriptionError("sox could not read the recording's audio.", true);
      },
    );
    const { hmm, lm, dict } = model(modelDir);
    const { stdout } = await run(
      "pocketsphinx_continuous",
      ["-infile", wav, "-hmm", hmm, "-lm", lm, "-dict", dict, "-time", "yes", "-logfn", "/dev/null"],
      { timeout: options.timeoutMs ?? 10 * 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    const turns = parsePocketsphinx(stdout);
    return { engine: "local", language: options.language, text: textOfTurns(turns), turns };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
