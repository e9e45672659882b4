import { buildFlow } from "@ringflow/flow-schema/testing";

/** Start -> menu, whose sales and support options lead to says `a` and `b`: the tests' common branching flow. */
export const menuWithTwoBranches = () =>
  buildFlow({
    nodes: { start: ["start"], menu: ["menu"], a: ["say"], b: ["say"] },
    edges: [
      ["start", "inbound", "menu"],
      ["menu", "sales", "a"],
      ["menu", "support", "b"],
    ],
  });
