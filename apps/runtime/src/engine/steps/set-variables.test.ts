import { describe, expect, test } from "vitest";
import { exitVia, single, testCall } from "../test-kit.ts";

describe("setVariables", () => {
  test("renders each value and converts it to the variable's type, in order", () => {
    const doc = single(
      "setVariables",
      {
        assignments: [
          { variable: "count", value: "{{vars.count | plus: 1}}" },
          { variable: "label", value: "call #{{vars.count}} from {{call.from}}" },
          { variable: "vip", value: "{% if call.from contains '+1415' %}true{% else %}false{% endif %}" },
          { variable: "profile", value: `{"tier":"gold","count":{{vars.count}}}` },
        ],
      },
      {
        variables: [
          { name: "count", type: "number", default: 41 },
          { name: "label", type: "string", default: "" },
          { name: "vip", type: "boolean", default: false },
          { name: "profile", type: "json", default: null },
        ],
      },
    );
    const call = testCall(doc);
    expect(exitVia(call.commands)).toBe("via next");
    const expected = {
      count: 42,
      label: "call #42 from +14155550100",
      vip: true,
      profile: { tier: "gold", count: 42 },
    };
    expect(call.state.frame.vars).toEqual(expected);
    expect(call.trace[1]).toMatchObject({
      nodeId: "node",
      port: "next",
      variables: expected,
      reason: "set count, label, vip, profile",
    });
  });
});
