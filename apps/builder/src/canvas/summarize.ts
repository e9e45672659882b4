/**
 * A one-line preview of what a node does, read from its params without knowing its kind: the first text
 * it would say (a prompt or a `text` map), else the first short string field.
 */
export function summarize(params: Record<string, unknown>): string {
  const text = firstText(params, 0);
  if (!text) return "";
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}

function firstText(value: unknown, depth: number): string | undefined {
  if (depth > 3 || value === null || typeof value !== "object") return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ["prompt", "text", "url", "number", "to"]) {
    const found = record[key];
    if (typeof found === "string" && found.trim()) return found;
    if (found && typeof found === "object") {
      const inner = Object.values(found).find(
        (v): v is string => typeof v === "string" && v.trim() !== "" && v !== "say",
      );
      const nested = key === "prompt" ? firstText(found, depth + 1) : inner;
      if (nested) return nested;
    }
  }
  return undefined;
}
