import type { SplitCondition } from "../../nodes/split.ts";
import type { StudioCondition } from "./definition.ts";

type Mapped = Pick<SplitCondition, "operator" | "value" | "list">;

/** Studio tests with a direct Ringflow operator. */
const SAME: Record<string, SplitCondition["operator"]> = {
  equal_to: "equals",
  not_equal_to: "notEquals",
  contains: "contains",
  does_not_contain: "notContains",
  starts_with: "startsWith",
  does_not_start_with: "notStartsWith",
  regex: "matchesRegex",
  less_than: "lessThan",
  greater_than: "greaterThan",
  is_blank: "isEmpty",
  is_not_blank: "isNotEmpty",
};

const anyOf = (value: string) =>
  value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/** A Studio split condition as a Ringflow one. undefined when there is none. */
export function mapCondition(c: StudioCondition, value: string): Mapped | undefined {
  const operator = SAME[c.type];
  if (operator) return { operator, value, list: [] };
  switch (c.type) {
    case "matches_any_of":
      return { operator: "inList", value: "", list: anyOf(value) };
    case "does_not_match_any_of":
      return { operator: "notInList", value: "", list: anyOf(value) };
    default:
      return undefined;
  }
}
