import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import {
  callerInputOutputs,
  dtmfKeySchema,
  listenLanguage,
  optionalPrompt,
  portIdSchema,
  promptSchema,
  promptSummary,
  retries,
  seconds,
  speechSettings,
  uniqueIds,
} from "./shared.ts";

export const menuOptionSchema = z.object({
  id: field(portIdSchema, { label: "Port id", help: "Names the option's output port." }),
  label: field(z.string().default(""), { label: "Label", widget: "text" }),
  dtmf: field(dtmfKeySchema.optional(), { label: "Key", widget: "dtmf-key" }),
  keywords: field(z.array(z.string().min(1)).default([]), {
    label: "Spoken keywords",
    help: "Matched case-insensitively anywhere in what the caller says.",
    widget: "tags",
  }),
});

export const menuNode = defineNodeKind({
  kind: "menu",
  version: 1,
  label: "Menu",
  category: "input",
  icon: "list-ordered",
  description: "Ask the caller to choose an option by key press or by voice.",
  params: z.object({
    prompt: promptSchema,
    input: field(
      z
        .array(z.enum(["dtmf", "speech"]))
        .min(1)
        .default(["dtmf"]),
      {
        label: "Accept",
        widget: "multiselect",
        optionLabels: { dtmf: "Key presses", speech: "Speech" },
      },
    ),
    options: field(
      z
        .array(menuOptionSchema)
        .min(1, { error: "Add at least one option." })
        .superRefine(uniqueIds("options"))
        .superRefine((options, ctx) => {
          const keys = new Set<string>();
          options.forEach((o, i) => {
            if (o.dtmf && keys.has(o.dtmf))
              ctx.addIssue({
                code: "custom",
                message: `Key ${o.dtmf} is used by two options.`,
                path: [i, "dtmf"],
              });
            if (o.dtmf) keys.add(o.dtmf);
            // The label names the option's exit on the canvas and in test calls: never left to an id.
            if (!o.label.trim())
              ctx.addIssue({
                code: "custom",
                message: "Give this option a label, like “Sales”: it names the option's exit.",
                path: [i, "label"],
              });
            if (!o.dtmf && o.keywords.length === 0)
              ctx.addIssue({
                code: "custom",
                message: "Give the option a key or a spoken keyword.",
                path: [i],
              });
          });
        }),
      { label: "Options", widget: "list" },
    ),
    timeoutSeconds: seconds("Wait for input", 5, 60),
    retries: retries(2),
    noInputPrompt: optionalPrompt(
      "No-input prompt",
      "Played before asking again when the caller says nothing.",
    ),
    noMatchPrompt: optionalPrompt("No-match prompt", "Played before asking again after an invalid choice."),
    speechHints: field(z.array(z.string()).default([]), { label: "Speech hints", widget: "tags" }),
    listenLanguage: listenLanguage(),
    ...speechSettings(),
  }),
  initialParams: {
    prompt: { type: "say", text: { "en-US": "For sales press 1. For support press 2." } },
    options: [
      { id: "sales", label: "Sales", dtmf: "1", keywords: ["sales"] },
      { id: "support", label: "Support", dtmf: "2", keywords: ["support"] },
    ],
  },
  summary: (params) => promptSummary(params.prompt),
  ports: (params) => [
    // Ports are also read from params that do not parse yet (an option without its label).
    ...params.options.map((o, i) => ({
      id: o.id,
      label: (o.label as string | undefined)?.trim() || `Option ${i + 1} (no label)`,
    })),
    { id: "noInput", label: "No input", description: "the caller said nothing after every retry" },
    {
      id: "noMatch",
      label: "No match",
      description: "the caller's answer matched no option after every retry",
    },
  ],
  outputs: [...callerInputOutputs, { name: "option", description: "The id of the chosen option." }],
  commands: ["gather"],
  waits: true,
});
