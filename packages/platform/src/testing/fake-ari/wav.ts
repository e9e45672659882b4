/** A real WAV file (8 kHz, mono, 16-bit PCM) of quiet hum, the format Asterisk stores "wav" recordings in. */
export function wavFile(seconds: number): Buffer {
  const rate = 8000;
  const samples = Math.max(1, Math.round(seconds * rate));
  const data = Buffer.alloc(samples * 2);
  // A faint 440 Hz tone rather than digital silence, so a tool that measures loudness finds a signal.
  for (let i = 0; i < samples; i += 1)
    data.writeInt16LE(Math.round(300 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "ascii");
  header.write("fmt ", 12, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** The PCM samples of a WAV file made by wavFile (to append one recording to another). */
export const wavSamples = (file: Buffer) => file.subarray(44);
