import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { agentViewParam } from "./agent-view.ts";
import { seconds } from "./shared.ts";

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
      label: "Priority",
      help: "Higher is answered first.",
      widget: "number",
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
