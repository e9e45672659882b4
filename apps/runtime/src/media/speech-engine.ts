/** What a text-to-speech engine is asked for: the flow's text, voice (the builder's voice id) and language. */
export interface SpeechRequest {
  text: string;
  voice?: string;
  language: string;
}

/** A text-to-speech engine. Its id is part of the cache key, so changing engines never replays old audio. */
export interface SpeechEngine {
  readonly id: string;
  /** Writes the spoken text as a WAV file at outFile, in any rate and channel count (it is converted after). */
  synthesize(request: SpeechRequest, outFile: string): Promise<void>;
}

/** Media that cannot be made, in words a person can act on. */
export class MediaRefusedError extends Error {
  override name = "MediaRefusedError";
}
