import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { firstText, sayPromptSchema } from "./shared.ts";

export const sayNode = defineNodeKind({
  kind: "say",
  version: 2,
  label: "Say",
  category: "prompts",
  icon: "message-square-text",
  description: "Speak text to the caller, in the caller's language.",
  params: sayPromptSchema.omit({ type: true }).extend({
    loop: field(z.number().int().min(1).max(10).default(1), { label: "Repeat", widget: "number" }),
  }),
  initialParams: { text: { "en-US": "Hello!" } },
  summary: (params) => firstText(params.text),
  ports: [{ id: "next", label: "Next" }],
  outputs: [],
  waits: false,
  upgrades: {
    // Version 1 had a single `text` string in the flow's default language.
    1: (params, { defaultLanguage }) =>
      typeof params.text === "string" ? { ...params, text: { [defaultLanguage]: params.text } } : params,
  },
});
