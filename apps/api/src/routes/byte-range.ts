/** One byte range of a `size`-byte body from a Range header; "unsatisfiable" for ranges outside it. */
export function byteRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | "unsatisfiable" | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges (multipart answers) are not offered: the whole body is the right answer then.
  if (!match || (!match[1] && !match[2])) return null;
  const [, from, to] = match as unknown as [string, string, string];
  if (!from) {
    const suffix = Number(to);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  const end = to ? Math.min(Number(to), size - 1) : size - 1;
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
