import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { languageTagSchema } from "../identifiers.ts";
import { field } from "../params-meta.ts";
import { dtmfKeySchema, optionalPrompt, promptSchema, retries, seconds } from "./shared.ts";

export const languageSelectNode = defineNodeKind({
  kind: "languageSelect",
  version: 1,
  label: "Language select",
  category: "input",
  icon: "languages",
  description: "Let the caller pick the language the rest of the call uses.",
  params: z.object({
    prompt: promptSchema,
    choices: field(
      z
        .array(
          z.object({
            language: field(languageTagSchema, { label: "Language", widget: "language" }),
            dtmf: field(dtmfKeySchema, { label: "Key", widget: "dtmf-key" }),
            keywords: field(z.array(z.string().min(1)).default([]), {
              label: "Spoken keywords",
              widget: "tags",
            }),
          }),
        )
        .min(1),
      { label: "Choices", widget: "list" },
    ),
    timeoutSeconds: seconds("Wait for input", 5, 60),
    retries: retries(1),
    noInputPrompt: optionalPrompt("No-input prompt"),
  }),
  initialParams: {
    prompt: { type: "say", text: { "en-US": "For English, press 1.", "es-MX": "Para español, oprima 2." } },
    choices: [
      { language: "en-US", dtmf: "1", keywords: ["english"] },
      { language: "es-MX", dtmf: "2", keywords: ["español", "espanol"] },
    ],
  },
  summary: (params) => params.choices.map((c) => `${c.dtmf} ${c.language}`).join(", "),
  ports: [
    { id: "selected", label: "Selected" },
    {
      id: "noSelection",
      label: "No selection",
      description: "the caller chose nothing; the language stays as it was",
    },
  ],
  outputs: [{ name: "language", description: "The language chosen." }],
  commands: ["gather"],
  waits: true,
});
