import { fail, next, type StepDefinition } from "./types.ts";

export const enqueueStep: StepDefinition<"enqueue"> = {
  enter(ctx) {
    const p = ctx.params;
    const queue = ctx.render(p.queue);
    ctx.emit({
      type: "enqueue",
      turn: ctx.turn,
      queue,
      skills: p.skills,
      priority: p.priority,
      ...(p.holdMusicUrl ? { holdMusicUrl: ctx.render(p.holdMusicUrl) } : {}),
      maxWaitSeconds: p.maxWaitSeconds,
      announcePosition: p.announcePosition,
      announceWaitTime: p.announceWaitTime,
      announceEverySeconds: p.announceEverySeconds,
      offerCallback: p.offerCallback,
      language: ctx.state.language,
    });
    return {
      type: "wait",
      for: "enqueue",
      reason: `queued in ${queue}${p.skills.length ? ` needing ${p.skills.join(", ")}` : ""}`,
    };
  },
  resume(ctx, event) {
    if (event.type !== "enqueue.result") return fail(`unexpected ${event.type}`);
    ctx.setOutputs({ status: event.status, waitSeconds: event.waitSeconds ?? null });
    const waited = event.waitSeconds !== undefined ? ` after ${event.waitSeconds} s` : "";
    if (event.status === "hangup") return { type: "end", reason: `the caller hung up in the queue${waited}` };
    return next(event.status, `${event.status}${waited}`);
  },
};
