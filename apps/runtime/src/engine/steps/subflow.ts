import { convertValue, NodeFailure } from "../context.ts";
import type { Json } from "../state.ts";
import { fail, next, type StepDefinition } from "./types.ts";

export const subflowStep: StepDefinition<"subflow"> = {
  enter(ctx) {
    const p = ctx.params;
    const sub = ctx.flow.subflows.get(p.flowId);
    if (!sub) throw new NodeFailure(`The subflow "${p.flowId}" is not available.`);
    const variables: Record<string, Json> = {};
    for (const { variable, value } of p.inputs) {
      const definition = sub.variables.get(variable);
      if (!definition)
        throw new NodeFailure(`The subflow "${sub.document.name}" has no variable "${variable}".`);
      variables[variable] = convertValue(ctx.render(value), definition.type, variable);
    }
    return { type: "subflow", flowId: p.flowId, variables, reason: `running subflow "${sub.document.name}"` };
  },
  resume(ctx, event) {
    if (event.type !== "subflow.returned") return fail(`unexpected ${event.type}`);
    ctx.setOutputs({ variables: event.variables });
    if (!event.ok) return fail(`the subflow failed: ${event.error ?? "unknown error"}`);
    for (const { from, to } of ctx.params.outputs) ctx.setVariable(to, event.variables[from] ?? null);
    return next("completed", "subflow finished");
  },
};
