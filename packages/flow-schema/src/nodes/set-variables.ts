import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { liquidText, variableName } from "./shared.ts";

export const setVariablesNode = defineNodeKind({
  kind: "setVariables",
  version: 1,
  label: "Set variables",
  category: "logic",
  icon: "variable",
  description:
    "Remember values for later in the call, each kept as its variable's type (number, text, yes or no).",
  params: z.object({
    assignments: field(
      z.array(z.object({ variable: variableName("Variable"), value: liquidText("Value") })).min(1),
      { label: "Assignments", widget: "list" },
    ),
  }),
  initialParams: { assignments: [{ variable: "counter", value: "{{vars.counter | plus: 1}}" }] },
  summary: (params) => `Sets ${params.assignments.map((a) => a.variable).join(", ")}`,
  ports: [{ id: "next", label: "Next" }],
  outputs: [],
  waits: false,
  writes: (params) =>
    params.assignments.map((a, i) => ({ path: ["assignments", i, "variable"], variable: a.variable })),
});
