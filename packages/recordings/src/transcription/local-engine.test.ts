import { describe, expect, it } from "vitest";
import { noteSkippedSuite } from "@ringflow/platform";
import { speak } from "../testing/speak.ts";
import {
  LOCAL_ENGINE_INSTALL,
  localEngineMissing,
  parsePocketsphinx,
  transcribeLocally,
} from "./local-engine.ts";
import { TranscriptionError } from "./transcript.ts";
import { wordErrorRate } from "./word-error-rate.ts";

const missing = localEngineMissing();
if (missing) noteSkippedSuite("Local transcription (pocketsphinx)", missing, LOCAL_ENGINE_INSTALL);

describe("parsePocketsphinx", () => {
  it("makes a turn of each utterance, without fillers or pronunciation variants", () => {
    const output = [
      "hello there",
      "<s> 0.000 0.020 0.998",
      "hello 0.030 0.400 0.5",
      "<sil> 0.410 0.600 0.9",
      "there(2) 0.610 0.900 0.4",
      "[NOISE] 0.910 1.000 0.4",
      "</s> 1.010 1.100 1.0",
      "bye",
      "<s> 2.000 2.010 0.9",
      "bye 2.020 2.300 0.8",
      "</s> 2.310 2.400 1.0",
    ].join("\n");
    expect(parsePocketsphinx(output)).toEqual([
      { speaker: null, startSeconds: 0.03, endSeconds: 0.9, text: "hello there" },
      { speaker: null, startSeconds: 2.02, endSeconds: 2.3, text: "bye" },
    ]);
  });
});

describe.skipIf(missing)("transcribeLocally", () => {
  it("transcribes spoken English from a 16 kHz WAV, with timed turns", async () => {
    const sentence = "the quick brown fox jumps over the lazy dog";
    // The model is a wideband one: 8 kHz telephone audio fares far worse (npm run bench:recordings prints both).
    const audio = await speak(sentence, { voice: "en-gb", sampleRate: 16000 });
    const transcript = await transcribeLocally(audio, { language: "en-US" });
    expect(transcript).toMatchObject({ engine: "local", language: "en-US" });
    expect(transcript.turns.length).toBeGreaterThan(0);
    expect(transcript.turns[0]?.speaker).toBeNull();
    expect(transcript.turns[0]?.startSeconds).toBeGreaterThanOrEqual(0);
    // espeak's voice is far from a person's, so the bar is low (the bench prints the error rate); what is
    // asserted is that the words come from the audio: silence gives nothing, speech gives some right words.
    expect(transcript.text).toMatch(/quick|brown|fox|lazy/);
    expect(wordErrorRate(sentence, transcript.text)).toBeLessThan(0.9);
    const silence = await transcribeLocally(await speak("", { seconds: 2 }), { language: "en-US" });
    expect(silence.text).toBe("");
  }, 60_000);

  it("refuses a language its model does not know, once and for all", async () => {
    const error = await transcribeLocally(await speak("hola"), { language: "es-MX" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TranscriptionError);
    expect(error).toMatchObject({ final: true, message: /only English; this call was in es-MX/ });
  });

  it("refuses what is not audio", async () => {
    const error = await transcribeLocally(Buffer.from("not audio"), { language: "en-US" }).catch((e) => e);
    expect(error).toMatchObject({ final: true, message: /not WAV or MP3/ });
  });
});
