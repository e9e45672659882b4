import { next, type StepDefinition } from "./types.ts";

export const setVariablesStep: StepDefinition<"setVariables"> = {
  enter(ctx) {
    for (const { variable, value } of ctx.params.assignments) ctx.setVariable(variable, ctx.render(value));
    return next("next", `set ${ctx.params.assignments.map((a) => a.variable).join(", ")}`);
  },
};
