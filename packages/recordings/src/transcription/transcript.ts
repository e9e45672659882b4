import * as z from "zod";
import { redactTranscript, type RedactedKind } from "./redact.ts";

/** One stretch of speech: who (where the engine tells speakers apart), when, and what was said. */
export const transcriptTurnSchema = z.object({
  /** The engine's speaker number (0, 1, …); null where it does not tell speakers apart. */
  speaker: z.number().int().min(0).nullable(),
  startSeconds: z.number().min(0).nullable(),
  endSeconds: z.number().min(0).nullable(),
  text: z.string(),
});
export type TranscriptTurn = z.infer<typeof transcriptTurnSchema>;

export const transcriptEngineKindSchema = z.enum(["local", "twilio", "cloud"]);
export type TranscriptEngineKind = z.infer<typeof transcriptEngineKindSchema>;

/** What an engine hands back. */
export const transcriptSchema = z.object({
  engine: transcriptEngineKindSchema,
  language: z.string(),
  text: z.string(),
  turns: z.array(transcriptTurnSchema),
});
export type Transcript = z.infer<typeof transcriptSchema>;

/** An engine failure: `final` when retrying cannot help (no such transcription, a language it lacks). */
export class TranscriptionError extends Error {
  override name = "TranscriptionError";
  constructor(
    message: string,
    readonly final = false,
  ) {
    super(message);
  }
}

/** The transcript as it may be stored: card, account and social security numbers out of text and turns. */
export function redactedTranscript(transcript: Transcript): Transcript & { redacted: RedactedKind[] } {
  const text = redactTranscript(transcript.text);
  const turns = transcript.turns.map((turn) => ({ ...turn, text: redactTranscript(turn.text).text }));
  return { ...transcript, text: text.text, turns, redacted: text.found };
}

/** Turns joined into one text, for engines that give only turns. */
export const textOfTurns = (turns: TranscriptTurn[]) =>
  turns
    .map((t) => t.text.trim())
    .filter(Boolean)
    .join(" ");
