import type { SplitCondition } from "../nodes/split.ts";
import { hasLiquid } from "../template.ts";
import { compileTenantRegex } from "../tenant-regex.ts";
import { fits, type Possible, type Shape } from "./possible-values.ts";

/** Whether a condition can hold and whether it can fail, for every value its subject can have. */
export interface Outcome {
  canHold: boolean;
  canFail: boolean;
}

const MAYBE: Outcome = { canHold: true, canFail: true };

type Operator = SplitCondition["operator"];

/** Numbers compare as numbers ("10" > "9"), anything else as text: the engine's rule. */
function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== "" && b.trim() !== "" && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Each operator on the case-folded subject `a` and compared value `b` (lists: `items`), as the runtime's
 * split step decides it. matchesRegex is not here: it needs the pattern compiled with the case flag.
 */
const TESTS: Record<Exclude<Operator, "matchesRegex">, (a: string, b: string, items: string[]) => boolean> = {
  equals: (a, b) => a === b,
  notEquals: (a, b) => a !== b,
  contains: (a, b) => a.includes(b),
  notContains: (a, b) => !a.includes(b),
  startsWith: (a, b) => a.startsWith(b),
  notStartsWith: (a, b) => !a.startsWith(b),
  lessThan: (a, b) => compare(a, b) < 0,
  greaterThan: (a, b) => compare(a, b) > 0,
  isEmpty: (a) => a.trim() === "",
  isNotEmpty: (a) => a.trim() !== "",
  inList: (a, _, items) => items.includes(a),
  notInList: (a, _, items) => !items.includes(a),
};

/**
 * The condition's result for one subject text; null when the compared value is only known during the
 * call (it has Liquid in it).
 */
export function holdsFor(c: SplitCondition, subject: string): boolean | null {
  const listed = c.operator === "inList" || c.operator === "notInList";
  if (listed ? c.list.some(hasLiquid) : hasLiquid(c.value)) return null;
  if (c.operator === "matchesRegex") {
    const compiled = compileTenantRegex(c.value, c.ignoreCase ? "i" : "");
    return compiled.ok ? compiled.regex.test(subject) : null;
  }
  const fold = (text: string) => (c.ignoreCase ? text.toLowerCase() : text);
  return TESTS[c.operator](fold(subject), fold(c.value), c.list.map(fold));
}

export function outcomeOf(c: SplitCondition, subject: Possible): Outcome {
  if (subject.type === "any") return MAYBE;
  if (subject.type === "shape") return shapeOutcome(c, subject.shape);
  let canHold = false;
  let canFail = false;
  for (const text of subject.texts) {
    const holds = holdsFor(c, text);
    if (holds === null) return MAYBE;
    if (holds) canHold = true;
    else canFail = true;
  }
  return { canHold, canFail };
}

/**
 * Keyed input of a known length and key set: only what is certain is decided (a text it can never be
 * equal to, contain or start with; emptiness); everything else stays "maybe".
 */
function shapeOutcome(c: SplitCondition, shape: Shape): Outcome {
  if (shape.keys === null) {
    if (c.operator === "isEmpty") return { canHold: shape.minLength === 0, canFail: true };
    if (c.operator === "isNotEmpty") return { canHold: true, canFail: shape.minLength === 0 };
    return MAYBE;
  }
  if (
    hasLiquid(c.value) ||
    (c.operator === "inList" || c.operator === "notInList" ? c.list.some(hasLiquid) : false)
  )
    return MAYBE;
  // Keys are digits, * and #: case folding changes none of them, so a folded text must use them as is.
  const value = c.ignoreCase ? c.value.toLowerCase() : c.value;
  const keyed = (text: string) => [...text].every((ch) => (shape.keys as string).includes(ch));
  const canBe = (text: string) => fits(c.ignoreCase ? text.toLowerCase() : text, shape);
  const partPossible = value.length <= shape.maxLength && keyed(value);
  switch (c.operator) {
    case "equals":
      return { canHold: canBe(c.value), canFail: true };
    case "notEquals":
      return { canHold: true, canFail: canBe(c.value) };
    case "contains":
    case "startsWith":
      return { canHold: value === "" || partPossible, canFail: value !== "" };
    case "notContains":
    case "notStartsWith":
      return { canHold: value !== "", canFail: value === "" || partPossible };
    case "isEmpty":
      return { canHold: shape.minLength === 0, canFail: shape.maxLength > 0 };
    case "isNotEmpty":
      return { canHold: shape.maxLength > 0, canFail: shape.minLength === 0 };
    case "inList":
      return { canHold: c.list.some(canBe), canFail: true };
    case "notInList":
      return { canHold: true, canFail: c.list.some(canBe) };
    default:
      return MAYBE;
  }
}
