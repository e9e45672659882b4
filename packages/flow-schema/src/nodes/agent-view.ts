import * as z from "zod";
import { identifierSchema } from "../identifiers.ts";
import { field, type Widget } from "../params-meta.ts";
import { uniqueIds } from "./shared.ts";

/**
 * What an agent sees when a call from this block reaches them: the same parameters on Enqueue and Transfer,
 * rendered for the inspector like any block parameter and turned into a screen pop by `renderScreenPop`.
 */

export const fieldFormats = [
  "text",
  "number",
  "money",
  "date",
  "dateTime",
  "phone",
  "yesNo",
  "lastFour",
] as const;
export type FieldFormat = (typeof fieldFormats)[number];

export const agentFieldSchema = z.object({
  label: field(z.string().min(1, { error: "Give the field a label." }).max(60), {
    label: "Label",
    placeholder: "Account number",
    widget: "text",
  }),
  value: field(z.string().max(500), {
    label: "Value",
    help: "Usually a variable, for example {{vars.accountNumber}}.",
    placeholder: "{{vars.accountNumber}}",
    widget: "liquid",
  }),
  format: field(z.enum(fieldFormats).default("text"), {
    label: "Show as",
    widget: "select",
    optionLabels: {
      text: "Text as it is",
      number: "Number",
      money: "Amount of money",
      date: "Date",
      dateTime: "Date and time",
      phone: "Phone number",
      yesNo: "Yes or no",
      lastFour: "Last four characters only",
    },
  }),
});

export const agentLinkSchema = z.object({
  label: field(z.string().min(1, { error: "Give the link a label." }).max(60), {
    label: "Label",
    placeholder: "Open in CRM",
    widget: "text",
  }),
  url: field(z.string().min(1, { error: "Enter the link's address." }).max(2000), {
    label: "Address",
    help: "Built from variables, for example https://crm.example.com/accounts/{{vars.accountNumber}}.",
    widget: "liquid",
  }),
});

export const dispositionSchema = z.object({
  id: field(identifierSchema, { label: "Code", help: "Stored with the call and sent to integrations." }),
  label: field(z.string().min(1, { error: "Give the outcome a name." }).max(60), {
    label: "Name",
    placeholder: "Resolved",
    widget: "text",
  }),
});

export const wrapUpFieldTypes = ["text", "longText", "number", "choice", "yesNo", "date"] as const;
export type WrapUpFieldType = (typeof wrapUpFieldTypes)[number];

export const wrapUpFieldSchema = z.object({
  id: field(identifierSchema, { label: "Name", help: "How the answer is stored with the call." }),
  label: field(z.string().min(1, { error: "Write the question." }).max(120), {
    label: "Question",
    placeholder: "What did the caller need?",
    widget: "text",
  }),
  type: field(z.enum(wrapUpFieldTypes).default("text"), {
    label: "Answer",
    widget: "select",
    optionLabels: {
      text: "A line of text",
      longText: "A paragraph",
      number: "A number",
      choice: "One of a list",
      yesNo: "Yes or no",
      date: "A date",
    },
  }),
  options: field(z.array(z.string().min(1).max(60)).max(30).default([]), {
    label: "Choices",
    help: "For “One of a list”.",
    widget: "tags",
  }),
  required: field(z.boolean().default(false), { label: "The agent must answer", widget: "toggle" }),
});

const SECTION = "What the agent sees";

export const agentViewSchema = z
  .object({
    fields: field(z.array(agentFieldSchema).max(20).default([]), {
      label: "Caller details",
      help: "Shown to the agent while the call rings, before answering.",
      widget: "list",
    }),
    showPath: field(z.boolean().default(true), {
      label: "Show what the caller chose and entered",
      help: "For example: Chose Billing, entered account 4471, said “late fee”.",
      widget: "toggle",
    }),
    script: field(z.string().max(2000).default(""), {
      label: "What to say",
      help: "A short script for the agent; variables allowed, for example Greet {{vars.firstName}}.",
      widget: "liquid",
    }),
    links: field(z.array(agentLinkSchema).max(10).default([]), { label: "Links", widget: "list" }),
    dispositions: field(z.array(dispositionSchema).max(30).superRefine(uniqueIds("outcomes")).default([]), {
      label: "Outcomes to choose from",
      help: "The agent picks one after the call.",
      widget: "list",
    }),
    wrapUp: field(
      z
        .array(wrapUpFieldSchema)
        .max(20)
        .superRefine(uniqueIds("questions"))
        .superRefine((items, ctx) =>
          items.forEach((item, index) => {
            if (item.type === "choice" && item.options.length === 0)
              ctx.addIssue({
                code: "custom",
                message: "Give the agent some choices.",
                path: [index, "options"],
              });
          }),
        )
        .default([]),
      { label: "Questions after the call", help: "Answered by the agent during wrap-up.", widget: "list" },
    ),
  })
  .default({ fields: [], showPath: true, script: "", links: [], dispositions: [], wrapUp: [] });

export type AgentView = z.output<typeof agentViewSchema>;
export type AgentViewInput = z.input<typeof agentViewSchema>;
export type AgentField = z.output<typeof agentFieldSchema>;
export type AgentLink = z.output<typeof agentLinkSchema>;
export type Disposition = z.output<typeof dispositionSchema>;
export type WrapUpField = z.output<typeof wrapUpFieldSchema>;

/** The `agentView` parameter of a block that hands the caller to an agent. */
export const agentViewParam = () =>
  field(agentViewSchema, {
    label: "What the agent sees",
    help: "Details, a script, links and the questions after the call, with no code per flow.",
    section: SECTION,
  });

const ANSWER_WIDGET: Record<WrapUpFieldType, Widget> = {
  text: "text",
  longText: "textarea",
  number: "number",
  choice: "select",
  yesNo: "toggle",
  date: "date",
};

/**
 * The zod schema of one wrap-up answer, with the question as its form metadata: the desktop renders it
 * like the inspector renders block parameters, and the API accepts the same answers.
 */
function answerSchema(item: WrapUpField): z.ZodType {
  const base = (() => {
    switch (item.type) {
      case "text":
        return z.string().trim().max(500);
      case "longText":
        return z.string().trim().max(5000);
      case "number":
        return z.number().finite();
      case "choice":
        return z.enum(item.options as [string, ...string[]], { error: `Choose one for “${item.label}”.` });
      case "yesNo":
        return z.boolean();
      case "date":
        return z.iso.date({ error: `Enter a date for “${item.label}”.` });
    }
  })();
  const checked = !item.required
    ? base.optional()
    : item.type === "text" || item.type === "longText"
      ? (base as z.ZodString).min(1, { error: `Answer “${item.label}”.` })
      : base;
  return field(checked, { label: item.label, widget: ANSWER_WIDGET[item.type] });
}

/** Wrap-up answers, keyed by question name; unknown names are refused. */
export function wrapUpAnswersSchema(items: readonly WrapUpField[]) {
  return z.strictObject(Object.fromEntries(items.map((item) => [item.id, answerSchema(item)])));
}
export type WrapUpAnswers = Record<string, string | number | boolean | undefined>;
