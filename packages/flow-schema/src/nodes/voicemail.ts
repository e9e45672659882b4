import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { finishOnKey, optionalPrompt, seconds } from "./shared.ts";

export const voicemailNode = defineNodeKind({
  kind: "voicemail",
  version: 1,
  label: "Voicemail",
  category: "recording",
  icon: "voicemail",
  description: "Play a greeting and record a message into a mailbox.",
  params: z.object({
    greeting: optionalPrompt("Greeting"),
    mailbox: field(z.string().min(1, { error: "Enter the mailbox." }), {
      label: "Mailbox",
      widget: "liquid",
    }),
    maxLengthSeconds: seconds("Maximum length", 120, 600),
    transcribe: field(z.boolean().default(false), { label: "Transcribe", widget: "toggle" }),
    playBeep: field(z.boolean().default(true), { label: "Play a beep", widget: "toggle" }),
    finishOnKey: finishOnKey(),
  }),
  initialParams: {
    greeting: { type: "say", text: { "en-US": "Please leave a message after the beep." } },
    mailbox: "general",
  },
  summary: (params) => `Mailbox ${params.mailbox}`,
  ports: [
    { id: "recorded", label: "Recorded" },
    { id: "empty", label: "Nothing recorded", description: "the caller left no message" },
  ],
  outputs: [
    { name: "recordingUrl", description: "Where the message is stored." },
    { name: "durationSeconds", description: "Length of the message." },
    { name: "transcript", description: "The transcript, when transcription is on." },
  ],
  commands: ["record"],
  waits: true,
});
