import * as z from "zod";
import { identifierSchema, languageTagSchema } from "../identifiers.ts";
import { field } from "../params-meta.ts";
import { regexProblem } from "../tenant-regex.ts";

/** Text per language tag; the engine speaks the call's language, else the flow's default, else the first. */
export const languageTextSchema = z
  .record(languageTagSchema, z.string())
  .refine((texts) => Object.values(texts).some((t) => t.trim() !== ""), { error: "Enter the text to say." });

export const sayPromptSchema = z.object({
  type: z.literal("say"),
  text: field(languageTextSchema, {
    label: "Text",
    help: "What the caller hears, in each language of the flow.",
    widget: "language-map",
  }),
  voice: field(z.string().optional(), {
    label: "Voice",
    help: "Leave as it is for the standard voice of the call's language.",
    widget: "voice",
  }),
  ssml: field(z.boolean().default(false), {
    label: "Use speech markup (advanced: pauses, emphasis)",
    widget: "toggle",
  }),
});

export const playPromptSchema = z.object({
  type: z.literal("play"),
  url: field(z.url({ protocol: /^https?$/ }).or(z.string().regex(/\{\{/)), {
    label: "Audio URL",
    help: "The web address (https://…) of an MP3 or WAV file.",
    widget: "url",
  }),
});

export const uploadedPromptSchema = z.object({
  type: z.literal("upload"),
  promptId: field(z.string().min(1, { error: "Choose or upload an audio file." }), {
    label: "Audio file",
    help: "An MP3 or WAV file of at most 3 MB, kept with your workspace.",
    widget: "prompt",
  }),
});

/** How a prompt is given, in words, for the inspector's choice. */
export const PROMPT_KINDS = {
  say: "Spoken text",
  play: "A link to an audio file",
  upload: "An uploaded audio file",
};

export const promptSchema = field(
  z.discriminatedUnion("type", [sayPromptSchema, playPromptSchema, uploadedPromptSchema]),
  {
    label: "Prompt",
    widget: "prompt",
    optionLabels: PROMPT_KINDS,
  },
);

export type Prompt = z.infer<typeof promptSchema>;
export type PromptInput = z.input<typeof promptSchema>;

export const optionalPrompt = (label: string, help?: string) =>
  field(promptSchema.optional(), { label, widget: "prompt", ...(help ? { help } : {}) });

export const seconds = (label: string, defaultValue: number, max = 3600, help?: string) =>
  field(z.number().positive().max(max).default(defaultValue), {
    label,
    widget: "seconds",
    ...(help ? { help } : {}),
  });

export const retries = (defaultValue = 2) =>
  field(z.number().int().min(0).max(10).default(defaultValue), {
    label: "Retries",
    help: "How many more times to ask after no input or an invalid answer.",
    widget: "number",
  });

export const variableName = (label: string, help?: string) =>
  field(identifierSchema, { label, widget: "variable", ...(help ? { help } : {}) });

export const liquidText = (label: string, help?: string, placeholder?: string) =>
  field(z.string(), {
    label,
    widget: "liquid",
    ...(help ? { help } : {}),
    ...(placeholder ? { placeholder } : {}),
  });

export const dtmfKeySchema = z.string().regex(/^[0-9*#]$/, { error: "Use one key: 0-9, * or #." });

export const keyValueListSchema = z.array(z.object({ name: z.string().min(1), value: liquidText("Value") }));

/** Ids of list items become port ids, so they must stay stable when items are reordered. */
export const portIdSchema = identifierSchema;

export const uniqueIds =
  (what: string) =>
  (items: { id: string }[], ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.id))
        ctx.addIssue({
          code: "custom",
          message: `Two ${what} share the id "${item.id}".`,
          path: [index, "id"],
        });
      seen.add(item.id);
    });
  };

/** Refuses a pattern the tenant-regex engine cannot run, with its reason. */
export function checkRegex(
  pattern: string,
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
  flags = "",
): void {
  const problem = regexProblem(pattern, flags);
  if (problem) ctx.addIssue({ code: "custom", message: problem, path });
}

/** What a node that listens to the caller exposes as `nodes.<id>.*`. */
export const callerInputOutputs = [
  { name: "digits", description: "The keys pressed." },
  { name: "speech", description: "What the caller said." },
  { name: "confidence", description: "Speech recognition confidence, 0 to 1." },
] as const;

/** Speech is recognised in this language instead of the call's (a question asked in another language). */
export const listenLanguage = () =>
  field(languageTagSchema.optional(), {
    label: "Listen in",
    help: "The language callers answer in. Leave empty to listen in the call's language.",
    placeholder: "en-US",
    widget: "language",
    section: "Listening",
  });

/** Twilio's generic speech models (<Gather speechModel>); empty lets the provider choose. */
export const SPEECH_MODELS = [
  "phone_call",
  "numbers_and_commands",
  "experimental_conversations",
  "experimental_utterances",
] as const;
export type SpeechModel = (typeof SPEECH_MODELS)[number];

/**
 * How speech is heard, when the node listens for it: the silence that ends an answer (empty: the caller's
 * first pause) and the recogniser to use.
 */
export const speechSettings = () => ({
  speechTimeoutSeconds: field(z.number().int().min(1).max(60).optional(), {
    label: "Stop listening after",
    help: "Seconds of silence after the caller has spoken. Leave empty to stop at the caller's first pause; set it when answers are long or callers pause mid-sentence.",
    widget: "seconds",
    section: "Listening",
  }),
  speechModel: field(z.enum(SPEECH_MODELS).optional(), {
    label: "Speech recognition tuned for",
    help: "Leave empty to let the phone provider choose.",
    widget: "select",
    optionLabels: {
      phone_call: "Phone calls in general",
      numbers_and_commands: "Numbers and short commands",
      experimental_conversations: "Longer answers in full sentences (trial)",
      experimental_utterances: "Short answers of a few words (trial)",
    },
    section: "Listening",
  }),
});

/** The key that ends digit entry; empty for none. */
export const finishOnKey = () =>
  field(z.union([dtmfKeySchema, z.literal("")]).default("#"), {
    label: "Finish key",
    help: "Leave empty for no finish key.",
    widget: "dtmf-key",
  });

/** The first text given in any language, for summaries. */
export const firstText = (texts: Record<string, string>): string =>
  Object.values(texts).find((t) => t.trim() !== "") ?? "";

/** A prompt in a few words: what it says, or which audio it plays. */
export function promptSummary(prompt: Prompt | undefined): string {
  if (!prompt) return "";
  if (prompt.type === "say") return firstText(prompt.text);
  return prompt.type === "play" ? prompt.url : "An uploaded audio file";
}
