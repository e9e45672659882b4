import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { agentViewParam } from "./agent-view.ts";
import { seconds } from "./shared.ts";
import { hasLiquid } from "../template.ts";

const PHONE = /^\+[1-9]\d{6,14}$/;

export const transferNode = defineNodeKind({
  kind: "transfer",
  version: 1,
  label: "Transfer",
  category: "routing",
  icon: "phone-forwarded",
  description: "Connect the caller to a phone number, a SIP address or an agent extension.",
  params: z.object({
    target: z
      .object({
        type: field(z.enum(["phone", "sip", "agent"]).default("phone"), {
          label: "Connect to",
          widget: "select",
          optionLabels: { phone: "Phone number", sip: "SIP URI", agent: "Agent extension" },
        }),
        value: field(z.string().trim().min(1, { error: "Enter who to connect to." }), {
          label: "Number, SIP URI or extension",
          widget: "contact",
        }),
      })
      .superRefine((target, ctx) => {
        // A number typed in (not read from a variable) must be one a phone company can dial.
        if (
          target.type === "phone" &&
          target.value.trim() &&
          !hasLiquid(target.value) &&
          !PHONE.test(target.value)
        )
          ctx.addIssue({
            code: "custom",
            message: "Write the phone number with a + and its country code, like +14155550100.",
            path: ["value"],
          });
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
  // No number until the admin gives one: a real-looking default would ring a stranger.
  initialParams: { target: { type: "phone", value: "" } },
  summary: (params) => (params.target.value ? `To ${params.target.value}` : "Nobody to connect to yet"),
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
