import { VOICES } from "@ringflow/flow-schema";
import { runProgram } from "./run-program.ts";
import type { SpeechEngine, SpeechRequest } from "./speech-engine.ts";

/** The flow's languages espeak-ng names differently (or lacks) mapped to the nearest voice it has. */
const NEAREST: Record<string, string> = {
  "en-au": "en-gb",
  "es-us": "es-419",
  "es-mx": "es-419",
  "es-es": "es",
  "fr-ca": "fr-fr",
  "pt-pt": "pt",
};

/**
 * The espeak-ng voice for a flow's language and voice: the language's own espeak voice, else the nearest one,
 * else the same language elsewhere, else US English; with a female or male variant as the chosen voice is.
 */
export function espeakVoice(available: ReadonlySet<string>, language: string, voice?: string): string {
  const tag = language.toLowerCase();
  const base = tag.split("-")[0] ?? tag;
  const near = NEAREST[tag];
  const choice =
    (available.has(tag) && tag) ||
    (near && available.has(near) && near) ||
    (available.has(base) && base) ||
    [...available].find((name) => name.split("-")[0] === base) ||
    "en-us";
  const gender = VOICES.find((v) => v.id === voice)?.gender;
  return gender === "female" ? `${choice}+f3` : gender === "male" ? `${choice}+m3` : choice;
}

/** `espeak-ng --voices`: a header, then one voice per line with its language tag in the second column. */
export function parseVoiceList(output: string): Set<string> {
  const tags = output
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/)[1])
    .filter((tag): tag is string => !!tag);
  return new Set(tags.map((tag) => tag.toLowerCase()));
}

/** The local engine: espeak-ng from Debian's packages, run directly (no shell), the text on its input. */
export function espeakEngine(program = "espeak-ng"): SpeechEngine {
  let voices: Promise<Set<string>> | null = null;
  const available = () => (voices ??= runProgram(program, ["--voices"]).then(parseVoiceList));
  return {
    id: "espeak-ng",
    async synthesize(request: SpeechRequest, outFile: string) {
      const voice = espeakVoice(await available(), request.language, request.voice);
      await runProgram(program, ["-v", voice, "-w", outFile, "--stdin"], { input: request.text });
    },
  };
}
