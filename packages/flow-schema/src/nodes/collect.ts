import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import {
  callerInputOutputs,
  checkRegex,
  finishOnKey,
  listenLanguage,
  optionalPrompt,
  promptSchema,
  promptSummary,
  retries,
  seconds,
  speechSettings,
  variableName,
} from "./shared.ts";

export const collectNode = defineNodeKind({
  kind: "collect",
  version: 1,
  label: "Collect input",
  category: "input",
  icon: "keyboard",
  description: "Collect digits or speech into a variable, with validation and retries.",
  params: z
    .object({
      prompt: promptSchema,
      input: field(z.enum(["dtmf", "speech", "both"]).default("dtmf"), {
        label: "Input",
        widget: "select",
        optionLabels: { dtmf: "Digits", speech: "Speech", both: "Digits or speech" },
      }),
      variable: variableName("Save into variable"),
      minLength: field(z.number().int().min(0).max(64).default(1), {
        label: "Minimum length",
        widget: "number",
      }),
      maxLength: field(z.number().int().min(1).max(64).default(16), {
        label: "Maximum length",
        widget: "number",
      }),
      finishOnKey: finishOnKey(),
      validation: field(
        z
          .string()
          .superRefine((pattern, ctx) => checkRegex(pattern, ctx))
          .optional(),
        { label: "Must match (regex)", placeholder: "^\\d{5}$", widget: "regex" },
      ),
      timeoutSeconds: seconds("Wait for input", 5, 60),
      retries: retries(2),
      noInputPrompt: optionalPrompt("No-input prompt"),
      invalidPrompt: optionalPrompt(
        "Invalid-input prompt",
        "Played before asking again when the answer is invalid.",
      ),
      speechHints: field(z.array(z.string()).default([]), { label: "Speech hints", widget: "tags" }),
      listenLanguage: listenLanguage(),
      ...speechSettings(),
    })
    .refine((p) => p.minLength <= p.maxLength, {
      error: "The minimum length is above the maximum length.",
      path: ["minLength"],
    }),
  initialParams: {
    prompt: { type: "say", text: { "en-US": "Please enter your account number, then press pound." } },
    variable: "accountNumber",
  },
  summary: (params) => `${promptSummary(params.prompt)} → ${params.variable}`,
  ports: [
    { id: "valid", label: "Valid" },
    { id: "noInput", label: "No input", description: "the caller entered nothing after every retry" },
    { id: "invalid", label: "Invalid", description: "the input stayed invalid after every retry" },
  ],
  outputs: [{ name: "value", description: "The accepted input." }, ...callerInputOutputs],
  commands: ["gather"],
  waits: true,
  writes: (params) => [{ path: ["variable"], variable: params.variable }],
});
