import { runProgram } from "./run-program.ts";

/** What Asterisk's `wav` format is: 8 kHz, mono, 16-bit signed PCM. */
export const ASTERISK_WAV = { rate: 8000, channels: 1, bits: 16 } as const;

/** Converts any audio sox reads (WAV, MP3) into Asterisk's wav, with a fixed dither seed so output repeats. */
export async function toAsteriskWav(inFile: string, outFile: string): Promise<void> {
  const { rate, channels, bits } = ASTERISK_WAV;
  await runProgram("sox", [
    "-R",
    inFile,
    "-r",
    String(rate),
    "-c",
    String(channels),
    "-b",
    String(bits),
    "-e",
    "signed-integer",
    outFile,
  ]);
}
