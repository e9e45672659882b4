import { compileTenantRegex } from "../tenant-regex.ts";

/**
 * What a value can be at one point of a flow, as the value-flow analysis sees it: a few known texts,
 * texts of a known shape (what a caller can key into a collect), or anything. `texts` with no element is
 * "no value at all" (a node output before the node ran: reading it fails the node).
 */
export type Possible =
  { type: "texts"; texts: ReadonlySet<string> } | { type: "shape"; shape: Shape } | { type: "any" };

export interface Shape {
  /** Characters the text is made of; null for any (speech). */
  keys: string | null;
  minLength: number;
  maxLength: number;
  /** A pattern the text matched (a collect's validation). */
  pattern?: string | undefined;
  /** The key that ends keyed entry and is never part of it, for the warning's words. */
  finishKey?: string | undefined;
}

/** Above this many known texts a value counts as anything: it keeps the analysis small and fast. */
export const MAX_TEXTS = 24;

export const ANY: Possible = { type: "any" };
export const NONE: Possible = { type: "texts", texts: new Set() };
export const texts = (...values: string[]): Possible => ({ type: "texts", texts: new Set(values) });

export const DTMF_KEYS = "0123456789*#";

export function join(a: Possible, b: Possible): Possible {
  if (a.type === "any" || b.type === "any") return ANY;
  if (a.type === "texts" && b.type === "texts") {
    if (a.texts.size === 0) return b;
    if (b.texts.size === 0) return a;
    const all = new Set([...a.texts, ...b.texts]);
    return all.size > MAX_TEXTS ? ANY : { type: "texts", texts: all };
  }
  if (a.type === "shape" && b.type === "shape") {
    if (a.shape.keys !== b.shape.keys || a.shape.pattern !== b.shape.pattern) return ANY;
    return {
      type: "shape",
      shape: {
        ...a.shape,
        minLength: Math.min(a.shape.minLength, b.shape.minLength),
        maxLength: Math.max(a.shape.maxLength, b.shape.maxLength),
      },
    };
  }
  const [shape, known] = a.type === "shape" ? [a.shape, b] : [(b as { shape: Shape }).shape, a];
  const values = (known as { texts: ReadonlySet<string> }).texts;
  return [...values].every((t) => fits(t, shape)) ? { type: "shape", shape } : ANY;
}

export function same(a: Possible, b: Possible): boolean {
  if (a.type !== b.type) return false;
  if (a.type === "texts" && b.type === "texts")
    return a.texts.size === b.texts.size && [...a.texts].every((t) => b.texts.has(t));
  if (a.type === "shape" && b.type === "shape")
    return (
      a.shape.keys === b.shape.keys &&
      a.shape.pattern === b.shape.pattern &&
      a.shape.minLength === b.shape.minLength &&
      a.shape.maxLength === b.shape.maxLength
    );
  return true;
}

/** Whether a text of this shape can be exactly `text`. */
export function fits(text: string, shape: Shape): boolean {
  if (text.length < shape.minLength || text.length > shape.maxLength) return false;
  if (shape.keys !== null && [...text].some((c) => !(shape.keys as string).includes(c))) return false;
  if (shape.pattern === undefined) return true;
  const compiled = compileTenantRegex(shape.pattern);
  return !compiled.ok || compiled.regex.test(text);
}

/** Every text a value can be, when there are few enough to list; null otherwise. */
export function knownTexts(value: Possible): string[] | null {
  return value.type === "texts" ? [...value.texts] : null;
}

/** `"1" or "2"`, `digits 0-9 (4 to 8 of them)`: the values in words, for warnings. */
export function describePossible(value: Possible): string {
  if (value.type === "any") return "anything";
  if (value.type === "texts") {
    const quoted = [...value.texts].map((t) => (t === "" ? "empty" : `"${t}"`));
    if (quoted.length <= 1) return quoted[0] ?? "never set";
    return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  }
  const { keys, minLength, maxLength, pattern, finishKey } = value.shape;
  const what = keys === null ? "what the caller said" : `keys from ${keys.split("").join(" ")}`;
  const length =
    keys === null
      ? ""
      : minLength === maxLength
        ? ` (${minLength} of them)`
        : ` (${minLength} to ${maxLength} of them)`;
  const finish = keys !== null && finishKey ? `, without the ${finishKey} that ends the entry` : "";
  return `${what}${length}${pattern ? `, matching ${pattern}` : ""}${finish}`;
}

/** A text converted to a variable's type as the engine does, then rendered back; undefined when the engine refuses it. */
export function asVariableText(
  text: string,
  type: "string" | "number" | "boolean" | "json",
): string | undefined {
  if (type === "string") return text;
  if (type === "number") {
    const number = text.trim() === "" ? NaN : Number(text);
    return Number.isFinite(number) ? String(number) : undefined;
  }
  if (type === "boolean") {
    const folded = text.trim().toLowerCase();
    if (["true", "yes", "1"].includes(folded)) return "true";
    if (["false", "no", "0", ""].includes(folded)) return "false";
    return undefined;
  }
  return undefined;
}

/** A value assigned to a variable of `type`: known texts are converted, anything else stays unknown. */
export function asVariable(value: Possible, type: "string" | "number" | "boolean" | "json"): Possible {
  if (type === "string") return value;
  if (value.type !== "texts" || type === "json") return ANY;
  const converted = [...value.texts].map((t) => asVariableText(t, type));
  return { type: "texts", texts: new Set(converted.filter((t): t is string => t !== undefined)) };
}
