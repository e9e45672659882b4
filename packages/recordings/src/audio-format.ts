/** What the copy job needs to know of a download before it keeps it. */
export interface AudioFacts {
  contentType: "audio/wav" | "audio/mpeg";
  /** From the WAV header; null for MP3 (the provider's reported duration is used then). */
  durationSeconds: number | null;
}

/** Recognises WAV (RIFF/WAVE) and MP3 (ID3 tag or frame sync) by their bytes, never by what a server claims. */
export function audioFacts(bytes: Buffer): AudioFacts | null {
  if (
    bytes.length >= 12 &&
    bytes.toString("latin1", 0, 4) === "RIFF" &&
    bytes.toString("latin1", 8, 12) === "WAVE"
  )
    return { contentType: "audio/wav", durationSeconds: wavDuration(bytes) };
  if (
    bytes.length >= 3 &&
    (bytes.toString("latin1", 0, 3) === "ID3" || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0))
  )
    return { contentType: "audio/mpeg", durationSeconds: null };
  return null;
}

/** Walks the RIFF chunks: data size / byte rate of the fmt chunk. */
function wavDuration(bytes: Buffer): number | null {
  let byteRate: number | null = null;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = bytes.toString("latin1", at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === "fmt " && at + 16 <= bytes.length) byteRate = bytes.readUInt32LE(at + 16);
    // A streamed WAV may say 0xFFFFFFFF: the data runs to the end of the file.
    if (id === "data") return byteRate ? Math.min(size, bytes.length - at - 8) / byteRate : null;
    at += 8 + size + (size % 2);
  }
  return null;
}
