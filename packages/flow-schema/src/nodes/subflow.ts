import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { liquidText, variableName } from "./shared.ts";

export const subflowNode = defineNodeKind({
  kind: "subflow",
  version: 1,
  label: "Subflow",
  category: "flow",
  icon: "workflow",
  description: "Run another published flow, then come back here.",
  params: z.object({
    flowId: field(z.string().min(1, { error: "Choose the flow to run." }), { label: "Flow", widget: "flow" }),
    inputs: field(
      z
        .array(z.object({ variable: variableName("Subflow variable"), value: liquidText("Value") }))
        .default([]),
      { label: "Pass in", help: "Values for the subflow's variables.", widget: "list" },
    ),
    outputs: field(
      z
        .array(z.object({ from: variableName("Subflow variable"), to: variableName("Save into") }))
        .default([]),
      { label: "Bring back", help: "Subflow variables copied into this flow's variables.", widget: "list" },
    ),
  }),
  initialParams: { flowId: "" as string },
  summary: (params) =>
    params.inputs.length > 0
      ? `Runs another flow with ${params.inputs.map((i) => i.variable).join(", ")}`
      : "Runs another flow",
  ports: [
    { id: "completed", label: "Completed", description: "the subflow finished" },
    {
      id: "failed",
      label: "Failed",
      role: "error",
      description: "the subflow hit an error it did not handle",
    },
  ],
  outputs: [{ name: "variables", description: "The subflow's variables when it finished." }],
  waits: false,
  writes: (params) => params.outputs.map((o, i) => ({ path: ["outputs", i, "to"], variable: o.to })),
  flowReferences: (params) => [params.flowId],
  foreignVariables: (params) => [
    ...params.inputs.map((input, i) => ({
      flowId: params.flowId,
      path: ["inputs", i, "variable"],
      variable: input.variable,
    })),
    ...params.outputs.map((output, i) => ({
      flowId: params.flowId,
      path: ["outputs", i, "from"],
      variable: output.from,
    })),
  ],
});
