import { hasLiquid } from "../template.ts";
import { ANY, MAX_TEXTS, type Possible } from "./possible-values.ts";

/** `{{ vars.x }}`, `{{nodes.menu.digits}}`: a value read as is, the only Liquid the analysis follows. */
const PLAIN = /\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_][\w-]*)+)\s*\}\}/g;

/** The cells (`vars.x`, `nodes.menu.digits`) a text made of literal parts and plain reads reads; null for other Liquid. */
export function plainReads(source: string): string[] | null {
  if (!hasLiquid(source)) return [];
  const cells: string[] = [];
  const rest = source.replace(PLAIN, (_, path: string) => {
    cells.push(path);
    return "";
  });
  return hasLiquid(rest) ? null : cells;
}

/**
 * What a text can render to, when it is literal parts and plain reads (`Order {{vars.id}}`); anything
 * when it uses filters, tags or whitespace control, which the analysis does not follow.
 */
export function renderPossible(source: string, read: (cell: string) => Possible): Possible {
  if (!hasLiquid(source)) return { type: "texts", texts: new Set([source]) };
  const parts: (string | Possible)[] = [];
  let last = 0;
  for (const match of source.matchAll(PLAIN)) {
    parts.push(source.slice(last, match.index));
    parts.push(read(match[1] as string));
    last = match.index + match[0].length;
  }
  parts.push(source.slice(last));
  if (parts.some((p) => typeof p === "string" && hasLiquid(p))) return ANY;
  const reads = parts.filter((p): p is Possible => typeof p !== "string");
  // One read with nothing around it keeps its shape; concatenations need listed texts.
  if (reads.length === 1 && parts.length === 3 && parts[0] === "" && parts[2] === "")
    return reads[0] as Possible;
  let results = [""];
  for (const part of parts) {
    if (typeof part === "string") {
      results = results.map((r) => r + part);
      continue;
    }
    if (part.type !== "texts") return ANY;
    const next: string[] = [];
    for (const r of results) for (const t of part.texts) next.push(r + t);
    if (next.length > MAX_TEXTS) return ANY;
    results = next;
  }
  return { type: "texts", texts: new Set(results) };
}
