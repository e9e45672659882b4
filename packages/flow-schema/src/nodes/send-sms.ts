import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";

/** Twilio splits longer texts into up to ten segments; past 1,600 characters it refuses the message. */
export const SMS_MAX_CHARACTERS = 1600;

export const sendSmsNode = defineNodeKind({
  kind: "sendSms",
  version: 1,
  label: "Send a text",
  category: "integrations",
  icon: "message-square",
  description: "Send a text message (SMS) to the caller or to another number while the call goes on.",
  params: z.object({
    recipient: z.object({
      type: field(z.enum(["caller", "number"]).default("caller"), {
        label: "Send to",
        widget: "select",
        optionLabels: { caller: "The person on the call", number: "Another number" },
      }),
      number: field(z.string().optional(), {
        label: "Number",
        help: "Only when sending to another number. Include the country code, for example +1 415 555 0100.",
        widget: "liquid",
      }),
    }),
    body: field(
      z
        .string()
        .min(1, { error: "Write the message to send." })
        .max(SMS_MAX_CHARACTERS, { error: `A text can be at most ${SMS_MAX_CHARACTERS} characters.` }),
      {
        label: "Message",
        widget: "liquid",
        help: "What the text says. It can include what the caller chose.",
      },
    ),
  }),
  initialParams: {
    recipient: { type: "caller" },
    body: "Thanks for calling. Here is the link we mentioned: ",
  },
  summary: (params) =>
    `${params.recipient.type === "caller" ? "To the caller" : `To ${params.recipient.number ?? ""}`}: ${params.body}`,
  ports: [
    { id: "sent", label: "Sent", description: "the provider accepted the message" },
    {
      id: "failed",
      label: "Not sent",
      role: "error",
      description: "the provider refused it or cannot send texts",
    },
  ],
  outputs: [
    { name: "status", description: "sent or failed." },
    { name: "messageId", description: "The provider's id of the message." },
    { name: "error", description: "Why it was not sent." },
  ],
  commands: ["sms.send"],
  waits: true,
});
