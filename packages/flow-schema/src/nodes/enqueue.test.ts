import { describe, expect, test } from "vitest";
import { queuePriorityOf } from "../contracts/queue-events.ts";
import { buildFlow } from "../testing/index.ts";
import { validateFlow } from "../validate/index.ts";
import { enqueueNode } from "./enqueue.ts";

const queueFlow = (params: Record<string, unknown>) =>
  buildFlow({
    nodes: { start: ["start"], queue: ["enqueue", { queue: "sales", ...params }], bye: ["hangup", {}] },
    edges: [
      ["start", "inbound", "queue"],
      ["queue", "bridged", "bye"],
      ["queue", "overflow", "bye"],
      ["queue", "callback", "bye"],
    ],
    variables: [
      { name: "tier", type: "string", default: "" },
      { name: "lastAgent", type: "string", default: "" },
    ],
  });

const errorsOf = (params: Record<string, unknown>) =>
  validateFlow(queueFlow(params))
    .filter((p) => p.severity === "error")
    .map((p) => p.message);

describe("the Enqueue block's priority and preferred agent", () => {
  test("old blocks keep working: no priority rule and no preferred agent by default", () => {
    expect(enqueueNode.params.parse({ queue: "sales", priority: 40 })).toMatchObject({
      priority: 40,
      priorityFrom: "",
      preferredAgent: "",
    });
  });

  test("a priority rule over variables and a preferred agent from a variable are valid", () => {
    expect(
      errorsOf({
        priorityFrom: '{% if vars.tier == "gold" %}90{% else %}0{% endif %}',
        preferredAgent: "{{vars.lastAgent}}",
      }),
    ).toEqual([]);
    expect(errorsOf({ priorityFrom: " 75 " })).toEqual([]);
  });

  test.each(["gold", "101", "-1", "2.5"])(
    "a fixed priority rule %j that is no whole number from 0 to 100 is refused in words",
    (priorityFrom) => {
      const result = enqueueNode.params.safeParse({ queue: "sales", priorityFrom });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
        [
          ["priorityFrom"],
          "Enter a whole number from 0 to 100, or a variable or rule that gives one, such as {{vars.priority}}.",
        ],
      ]);
    },
  );

  test("a rule reading an undeclared variable is reported like any template", () => {
    expect(errorsOf({ priorityFrom: "{{vars.vipLevel}}" }).join(" ")).toMatch(/vipLevel/);
  });

  test("what a rendered rule gives as a priority", () => {
    expect(["0", " 42\n", "100", "007"].map(queuePriorityOf)).toEqual([0, 42, 100, 7]);
    expect(["", "gold", "101", "-1", "4.0", "1e2", "9999"].map(queuePriorityOf)).toEqual(
      Array(7).fill(undefined),
    );
  });
});
