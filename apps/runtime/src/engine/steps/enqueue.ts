import { queuePriorityOf } from "@ringflow/flow-schema";
import type { StepContext } from "../context.ts";
import { fail, next, type StepDefinition } from "./types.ts";

/**
 * The caller's priority: what "priority from" renders when it is a whole number from 0 to 100, else the fixed
 * priority; `note` says in the execution log which one was used and why.
 */
function priorityOf(ctx: StepContext<"enqueue">): { priority: number; note: string } {
  const p = ctx.params;
  if (p.priorityFrom.trim() === "") return { priority: p.priority, note: "" };
  const rendered = ctx.render(p.priorityFrom);
  const priority = queuePriorityOf(rendered);
  if (priority !== undefined) return { priority, note: ` at priority ${priority}` };
  const shown = rendered.trim() === "" ? "nothing" : `"${rendered.trim().slice(0, 40)}"`;
  return {
    priority: p.priority,
    note: ` at the fixed priority ${p.priority} (the priority rule gave ${shown}, not a whole number from 0 to 100)`,
  };
}

export const enqueueStep: StepDefinition<"enqueue"> = {
  enter(ctx) {
    const p = ctx.params;
    const queue = ctx.render(p.queue);
    const { priority, note } = priorityOf(ctx);
    const preferredAgent = p.preferredAgent ? ctx.render(p.preferredAgent).trim() : "";
    ctx.emit({
      type: "enqueue",
      turn: ctx.turn,
      queue,
      skills: p.skills,
      priority,
      ...(preferredAgent ? { preferredAgent } : {}),
      ...(p.holdMusicUrl ? { holdMusicUrl: ctx.render(p.holdMusicUrl) } : {}),
      maxWaitSeconds: p.maxWaitSeconds,
      announcePosition: p.announcePosition,
      announceWaitTime: p.announceWaitTime,
      announceEverySeconds: p.announceEverySeconds,
      offerCallback: p.offerCallback,
      language: ctx.state.language,
    });
    const needing = p.skills.length ? ` needing ${p.skills.join(", ")}` : "";
    const preferring = preferredAgent ? `, agent "${preferredAgent}" first when free` : "";
    return { type: "wait", for: "enqueue", reason: `queued in ${queue}${needing}${note}${preferring}` };
  },
  resume(ctx, event) {
    if (event.type !== "enqueue.result") return fail(`unexpected ${event.type}`);
    ctx.setOutputs({ status: event.status, waitSeconds: event.waitSeconds ?? null });
    const waited = event.waitSeconds !== undefined ? ` after ${event.waitSeconds} s` : "";
    if (event.status === "hangup") return { type: "end", reason: `the caller hung up in the queue${waited}` };
    return next(event.status, `${event.status}${waited}`);
  },
};
