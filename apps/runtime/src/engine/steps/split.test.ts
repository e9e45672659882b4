import { describe, expect, test } from "vitest";
import type { SplitCondition } from "@ringflow/flow-schema";
import { exitVia, single, testCall, traceLines } from "../test-kit.ts";

type Condition = Partial<SplitCondition> & Pick<SplitCondition, "id" | "operator">;

const split = (conditions: Condition[], value = "Gold") =>
  single(
    "split",
    { conditions: conditions.map((c) => ({ subject: "{{vars.tier}}", ...c })) },
    { variables: [{ name: "tier", type: "string", default: value }] },
  );

describe("split", () => {
  test("conditions are tried in order; the first that holds wins", () => {
    const call = testCall(
      split([
        { id: "a", operator: "equals", value: "silver" },
        { id: "b", operator: "equals", value: "gold" },
        { id: "c", operator: "isNotEmpty" },
      ]),
    );
    expect(exitVia(call.commands)).toBe("via b");
    expect(traceLines(call.trace)[1]).toBe(`node enter -> b: "Gold" equals "gold" (condition b)`);
    expect(call.state.frame.nodes.node).toEqual({ matched: "b" });
  });

  test("else when nothing matches", () => {
    const call = testCall(split([{ id: "a", operator: "equals", value: "silver" }]));
    expect(exitVia(call.commands)).toBe("via else");
    expect(call.state.frame.nodes.node).toEqual({ matched: "else" });
  });

  test.each<[SplitCondition["operator"], string, boolean, string, boolean?]>([
    ["equals", "gold", true, "Gold"],
    ["equals", "gold", false, "Gold", false],
    ["notEquals", "silver", true, "Gold"],
    ["contains", "ol", true, "Gold"],
    ["startsWith", "go", true, "Gold"],
    ["startsWith", "old", false, "Gold"],
    ["notContains", "ol", false, "Gold"],
    ["notContains", "000", true, "Gold"],
    ["notStartsWith", "go", false, "Gold"],
    ["notStartsWith", "old", true, "Gold"],
    ["matchesRegex", "^g.l", true, "Gold"],
    ["matchesRegex", "^g.l", false, "Gold", false],
    ["matchesRegex", "(a+)+$", false, `${"a".repeat(37)}!`],
    ["lessThan", "10", true, "9"],
    ["lessThan", "10", false, "11"],
    ["greaterThan", "9", true, "10"],
    ["greaterThan", "b", true, "c"],
    ["isEmpty", "", true, ""],
    ["isEmpty", "", false, "x"],
    ["isNotEmpty", "", true, "x"],
  ])("%s %j holds=%s for %j", (operator, value, holds, subject, ignoreCase = true) => {
    const call = testCall(split([{ id: "hit", operator, value, ignoreCase }], subject));
    expect(exitVia(call.commands)).toBe(holds ? "via hit" : "via else");
  });

  test("inList compares with each (rendered) item", () => {
    const call = testCall(
      split([{ id: "vip", operator: "inList", list: ["platinum", "{{call.to}}", "gold"] }]),
    );
    expect(exitVia(call.commands)).toBe("via vip");
    expect(traceLines(call.trace)[1]).toBe(`node enter -> vip: "Gold" is one of platinum, {{call.to}}, gold`);
  });

  test("notInList holds when no item matches", () => {
    const notIn = (list: string[]) =>
      exitVia(testCall(split([{ id: "other", operator: "notInList", list }])).commands);
    expect(notIn(["platinum", "silver"])).toBe("via other");
    expect(notIn(["platinum", "GOLD"])).toBe("via else");
  });
});
