import type { StepDefinition } from "./types.ts";

export const hangupStep: StepDefinition<"hangup"> = {
  enter(ctx) {
    const reason = ctx.params.reason ? ctx.render(ctx.params.reason) : undefined;
    ctx.emit({ type: "hangup", ...(reason ? { reason } : {}) });
    return { type: "end", reason: reason ?? "hangup node" };
  },
};
