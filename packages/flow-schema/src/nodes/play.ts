import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { playPromptSchema, PROMPT_KINDS, promptSummary, uploadedPromptSchema } from "./shared.ts";

export const playNode = defineNodeKind({
  kind: "play",
  version: 1,
  label: "Play audio",
  category: "prompts",
  icon: "volume-2",
  description: "Play an audio file from a URL or an uploaded prompt.",
  params: z.object({
    audio: field(z.discriminatedUnion("type", [playPromptSchema, uploadedPromptSchema]), {
      label: "Audio",
      widget: "prompt",
      optionLabels: PROMPT_KINDS,
    }),
    loop: field(z.number().int().min(1).max(10).default(1), { label: "Repeat", widget: "number" }),
  }),
  initialParams: { audio: { type: "play", url: "https://example.com/welcome.mp3" } },
  summary: (params) => promptSummary(params.audio),
  ports: [{ id: "next", label: "Next" }],
  outputs: [],
  waits: false,
});
