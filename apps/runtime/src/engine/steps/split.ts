import type { SplitCondition } from "@ringflow/flow-schema";
import type { StepContext } from "../context.ts";
import { tenantRegex } from "../regex.ts";
import { next, type StepDefinition } from "./types.ts";

export const splitStep: StepDefinition<"split"> = {
  enter(ctx) {
    for (const condition of ctx.params.conditions) {
      const subject = ctx.render(condition.subject);
      if (holds(ctx, condition, subject)) {
        ctx.setOutputs({ matched: condition.id });
        return next(condition.id, `"${subject}" ${describe(condition)}`);
      }
    }
    ctx.setOutputs({ matched: "else" });
    return next("else", "no condition matched");
  },
};

function holds(ctx: StepContext<"split">, c: SplitCondition, subject: string): boolean {
  const fold = (text: string) => (c.ignoreCase ? text.toLowerCase() : text);
  const a = fold(subject);
  const b = fold(
    c.operator === "isEmpty" ||
      c.operator === "isNotEmpty" ||
      c.operator === "inList" ||
      c.operator === "notInList"
      ? ""
      : ctx.render(c.value),
  );
  switch (c.operator) {
    case "equals":
      return a === b;
    case "notEquals":
      return a !== b;
    case "contains":
      return a.includes(b);
    case "notContains":
      return !a.includes(b);
    case "startsWith":
      return a.startsWith(b);
    case "notStartsWith":
      return !a.startsWith(b);
    case "matchesRegex":
      return tenantRegex(ctx.render(c.value), c.ignoreCase ? "i" : "").test(subject);
    case "lessThan":
      return compare(a, b) < 0;
    case "greaterThan":
      return compare(a, b) > 0;
    case "isEmpty":
      return a.trim() === "";
    case "isNotEmpty":
      return a.trim() !== "";
    case "inList":
      return inList(ctx, c, a);
    case "notInList":
      return !inList(ctx, c, a);
  }
}

function inList(ctx: StepContext<"split">, c: SplitCondition, folded: string): boolean {
  return c.list.some((item) => (c.ignoreCase ? ctx.render(item).toLowerCase() : ctx.render(item)) === folded);
}

/** Numbers compare as numbers ("10" > "9"); anything else as text. */
function compare(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a.trim() !== "" && b.trim() !== "" && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(c: SplitCondition): string {
  if (c.operator === "isEmpty" || c.operator === "isNotEmpty")
    return c.operator === "isEmpty" ? "is empty" : "is not empty";
  if (c.operator === "inList" || c.operator === "notInList")
    return `is ${c.operator === "notInList" ? "not " : ""}one of ${c.list.join(", ")}`;
  return `${c.operator} "${c.value}" (condition ${c.label || c.id})`;
}
