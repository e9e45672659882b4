import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { agentViewParam } from "./agent-view.ts";
import { seconds } from "./shared.ts";

export const transferNode = defineNodeKind({
  kind: "transfer",
  version: 1,
  label: "Transfer",
  category: "routing",
  icon: "phone-forwarded",
  description: "Connect the caller to a phone number, a SIP address or an agent extension.",
  params: z.object({
    target: z.object({
      type: field(z.enum(["phone", "sip", "agent"]).default("phone"), {
        label: "Connect to",
        widget: "select",
        optionLabels: { phone: "Phone number", sip: "SIP URI", agent: "Agent extension" },
      }),
      value: field(z.string().min(1, { error: "Enter who to connect to." }), {
        label: "Number, SIP URI or extension",
        placeholder: "+14155550100",
        widget: "liquid",
      }),
    }),
    callerId: field(z.string().optional(), {
      label: "Caller ID",
      help: "Defaults to the caller's number.",
      widget: "liquid",
    }),
    timeoutSeconds: seconds("Ring for", 30, 600),
    record: field(z.boolean().default(false), {
      label: "Record the conversation",
      help: "Only when recording consent allows it.",
      widget: "toggle",
    }),
    agentView: agentViewParam(),
  }),
  initialParams: { target: { type: "phone", value: "+14155550100" } },
  summary: (params) => `To ${params.target.value}`,
  ports: [
    { id: "answered", label: "Answered", description: "the transferred call was answered and has ended" },
    { id: "noAnswer", label: "No answer", description: "nobody answered in time" },
    { id: "busy", label: "Busy", description: "the line was busy" },
    { id: "failed", label: "Failed", role: "error", description: "the call could not be placed" },
  ],
  outputs: [
    { name: "status", description: "answered, no-answer, busy, failed or canceled." },
    { name: "durationSeconds", description: "How long the connected call lasted." },
  ],
  commands: ["dial"],
  waits: true,
});
