import type { SplitCondition } from "../../nodes/split.ts";
import type { StudioCondition } from "./definition.ts";

type Mapped = Pick<SplitCondition, "operator" | "value" | "list">;

/** Studio tests with a direct Ringflow operator. */
const SAME: Record<string, SplitCondition["operator"]> = {
  equal_to: "equals",
  not_equal_to: "notEquals",
  contains: "contains",
  starts_with: "startsWith",
  regex: "matchesRegex",
  less_than: "lessThan",
  greater_than: "greaterThan",
  is_blank: "isEmpty",
  is_not_blank: "isNotEmpty",
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const anyOf = (value: string) =>
  value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
const regex = (value: string): Mapped => ({ operator: "matchesRegex", value, list: [] });

/** A Studio split condition as a Ringflow one; negations become regexes. undefined when there is none. */
export function mapCondition(c: StudioCondition, value: string): Mapped | undefined {
  const operator = SAME[c.type];
  if (operator) return { operator, value, list: [] };
  switch (c.type) {
    case "matches_any_of":
      return { operator: "inList", value: "", list: anyOf(value) };
    case "does_not_contain":
      return regex(`^(?![\\s\\S]*${escape(value)})`);
    case "does_not_start_with":
      return regex(`^(?!${escape(value)})`);
    case "does_not_match_any_of":
      return regex(`^(?!(?:${anyOf(value).map(escape).join("|")})$)`);
    default:
      return undefined;
  }
}
