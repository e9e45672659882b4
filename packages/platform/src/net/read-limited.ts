/** What a fetch body offers, in Node's and the DOM's typings alike (the builder type-checks this file too). */
interface ByteStream {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> };
}

/** A response body as text, refused once it grows past maxBytes (so a huge answer never fills memory). */
export async function readLimited(response: { body: ByteStream | null }, maxBytes: number): Promise<string> {
  return (await readLimitedBytes(response, maxBytes)).toString("utf8");
}

/** A response body's bytes (audio, files), refused once it grows past maxBytes. */
export async function readLimitedBytes(
  response: { body: ByteStream | null },
  maxBytes: number,
): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`the response is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
