import * as z from "zod";
import { queuePriorityOf } from "../contracts/queue-events.ts";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { hasLiquid } from "../template.ts";
import { agentViewParam } from "./agent-view.ts";
import { seconds } from "./shared.ts";

const PRIORITY_FROM_ERROR =
  "Enter a whole number from 0 to 100, or a variable or rule that gives one, such as {{vars.priority}}.";

/** A fixed "priority from" (no variables in it) must already be a priority; one with Liquid is checked on the call. */
function wholePriorityOrTemplate(text: string, ctx: z.RefinementCtx) {
  if (text.trim() === "" || hasLiquid(text) || queuePriorityOf(text) !== undefined) return;
  ctx.addIssue({ code: "custom", message: PRIORITY_FROM_ERROR });
}

export const enqueueNode = defineNodeKind({
  kind: "enqueue",
  version: 1,
  label: "Enqueue",
  category: "routing",
  icon: "users",
  description: "Put the caller in a queue for the next agent with the right skills.",
  params: z.object({
    queue: field(z.string().min(1, { error: "Enter the queue name." }), { label: "Queue", widget: "liquid" }),
    skills: field(z.array(z.string().min(1)).default([]), { label: "Required skills", widget: "tags" }),
    priority: field(z.number().int().min(0).max(100).default(0), {
      label: "Priority: VIP callers first",
      help: "0 to 100. Callers with a higher number are answered before the others.",
      widget: "number",
    }),
    priorityFrom: field(z.string().superRefine(wholePriorityOrTemplate).default(""), {
      label: "Priority from the caller's details",
      help:
        'Optional: a variable or a rule that gives a number from 0 to 100, such as {% if vars.tier == "gold" %}90{% else %}10{% endif %}. ' +
        "When it gives anything else, the priority above is used and the call log says why.",
      placeholder: "{{vars.priority}}",
      widget: "liquid",
    }),
    preferredAgent: field(z.string().default(""), {
      label: "Prefer the agent in variable",
      help:
        "Optional: the extension, email or id of the agent to offer the caller to first whenever that agent is free, " +
        "such as {{vars.lastAgent}} from a lookup of who last served this caller. Used when the queue routes by skills; " +
        "the next suitable agent takes the call while that agent is busy.",
      placeholder: "{{vars.lastAgent}}",
      widget: "liquid",
    }),
    holdMusicUrl: field(z.string().optional(), { label: "Hold music URL", widget: "url" }),
    announcePosition: field(z.boolean().default(true), {
      label: "Announce position in queue",
      widget: "toggle",
    }),
    announceWaitTime: field(z.boolean().default(false), {
      label: "Announce expected wait",
      widget: "toggle",
    }),
    announceEverySeconds: seconds("Announce every", 60, 600),
    maxWaitSeconds: seconds(
      "Maximum wait",
      600,
      7200,
      "After this the call leaves the queue through Overflow.",
    ),
    offerCallback: field(z.boolean().default(false), {
      label: "Offer a callback",
      help: "Callers may press 1 to hang up and be called back.",
      widget: "toggle",
    }),
    agentView: agentViewParam(),
  }),
  initialParams: { queue: "support" },
  summary: (params) => `Queue ${params.queue}`,
  ports: [
    {
      id: "bridged",
      label: "After agent",
      description: "the caller talked to an agent and the agent left first",
    },
    {
      id: "overflow",
      label: "Overflow",
      description: "the maximum wait passed or the queue refused the call",
    },
    { id: "callback", label: "Callback requested", description: "the caller asked to be called back" },
  ],
  outputs: [
    { name: "status", description: "bridged, overflow or callback." },
    { name: "waitSeconds", description: "How long the caller waited." },
  ],
  commands: ["enqueue"],
  waits: true,
});
