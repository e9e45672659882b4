import { monoPcmWav } from "../../wav.ts";

/** A real WAV file (8 kHz, mono, 16-bit PCM) of quiet hum, the format Asterisk stores "wav" recordings in. */
export function wavFile(seconds: number): Buffer {
  const rate = 8000;
  const samples = Math.max(1, Math.round(seconds * rate));
  const data = Buffer.alloc(samples * 2);
  // A faint 440 Hz tone rather than digital silence, so a tool that measures loudness finds a signal.
  for (let i = 0; i < samples; i += 1)
    data.writeInt16LE(Math.round(300 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  return monoPcmWav(data, rate);
}

/** The PCM samples of a WAV file made by wavFile (to append one recording to another). */
export const wavSamples = (file: Buffer) => file.subarray(44);
