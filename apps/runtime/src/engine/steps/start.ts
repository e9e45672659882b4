import { next, type StepDefinition } from "./types.ts";

export const startStep: StepDefinition<"start"> = {
  enter(ctx) {
    const direction = ctx.state.direction;
    if (ctx.params.accepts.includes(direction))
      return next(direction, `${direction} call from ${ctx.state.from} to ${ctx.state.to}`);
    // A subflow runs whatever call it is given.
    if (ctx.state.stack.length > 0) return next(ctx.params.accepts[0] as string, "subflow started");
    ctx.emit({ type: "hangup", reason: `flow does not accept ${direction} calls` });
    return { type: "end", reason: `this flow does not accept ${direction} calls` };
  },
};
