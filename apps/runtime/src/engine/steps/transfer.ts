import { recordingAllowed } from "@ringflow/flow-schema";
import { fail, next, type StepDefinition } from "./types.ts";

const ports = { answered: "answered", "no-answer": "noAnswer", busy: "busy" } as const;

export const transferStep: StepDefinition<"transfer"> = {
  enter(ctx) {
    const p = ctx.params;
    const value = ctx.render(p.target.value);
    const callerId = p.callerId ? ctx.render(p.callerId) : undefined;
    const allowed = recordingAllowed(ctx.state.consent, ctx.state.callerState);
    const record = p.record && allowed;
    ctx.emit({
      type: "dial",
      turn: ctx.turn,
      target: { type: p.target.type, value },
      ...(callerId ? { callerId } : {}),
      timeoutSeconds: p.timeoutSeconds,
      record,
    });
    const note =
      p.record && !allowed ? " (not recorded: recording consent missing)" : record ? " (recorded)" : "";
    return { type: "wait", for: "dial", reason: `dialling ${p.target.type} ${value}${note}` };
  },
  resume(ctx, event) {
    if (event.type !== "dial.result") return fail(`unexpected ${event.type}`);
    ctx.setOutputs({ status: event.status, durationSeconds: event.durationSeconds ?? null });
    if (event.status === "failed" || event.status === "canceled") return fail(`the transfer ${event.status}`);
    return next(
      ports[event.status],
      `transfer ${event.status}${event.durationSeconds !== undefined ? ` after ${event.durationSeconds} s` : ""}`,
    );
  },
};
