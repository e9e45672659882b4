import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { hasLiquid } from "../template.ts";
import { checkRegex, liquidText, portIdSchema, uniqueIds } from "./shared.ts";

export const splitOperators = [
  "equals",
  "notEquals",
  "contains",
  "notContains",
  "startsWith",
  "notStartsWith",
  "matchesRegex",
  "lessThan",
  "greaterThan",
  "isEmpty",
  "isNotEmpty",
  "inList",
  "notInList",
] as const;

const operatorLabels: Record<(typeof splitOperators)[number], string> = {
  equals: "equals",
  notEquals: "does not equal",
  contains: "contains",
  notContains: "does not contain",
  startsWith: "starts with",
  notStartsWith: "does not start with",
  matchesRegex: "matches regex",
  lessThan: "is less than",
  greaterThan: "is greater than",
  isEmpty: "is empty",
  isNotEmpty: "is not empty",
  inList: "is one of",
  notInList: "is not one of",
};

export const splitConditionSchema = z
  .object({
    id: field(portIdSchema, { label: "Port id" }),
    label: field(z.string().default(""), { label: "Label", widget: "text" }),
    subject: liquidText("Value to test", undefined, "{{nodes.mainMenu.digits}}"),
    operator: field(z.enum(splitOperators), {
      label: "Operator",
      widget: "select",
      optionLabels: operatorLabels,
    }),
    value: field(z.string().default(""), { label: "Compared with", widget: "liquid" }),
    list: field(z.array(z.string()).default([]), { label: "List", widget: "tags" }),
    ignoreCase: field(z.boolean().default(true), { label: "Ignore case", widget: "toggle" }),
  })
  .superRefine((c, ctx) => {
    // A pattern with Liquid in it is known only when the call renders it; the engine checks it then.
    if (c.operator === "matchesRegex" && !hasLiquid(c.value))
      checkRegex(c.value, ctx, ["value"], c.ignoreCase ? "i" : "");
    if ((c.operator === "inList" || c.operator === "notInList") && c.list.length === 0)
      ctx.addIssue({ code: "custom", message: "Add at least one value to the list.", path: ["list"] });
  });

export type SplitCondition = z.infer<typeof splitConditionSchema>;

export const splitNode = defineNodeKind({
  kind: "split",
  version: 1,
  label: "Split",
  category: "logic",
  icon: "split",
  description: "Branch on conditions, tested in order; the first that matches wins, else the Else exit.",
  params: z.object({
    conditions: field(z.array(splitConditionSchema).superRefine(uniqueIds("conditions")), {
      label: "Conditions",
      widget: "list",
    }),
  }),
  initialParams: {
    conditions: [{ id: "isOne", subject: "{{vars.choice}}", operator: "equals", value: "1" }],
  },
  summary: (params) => params.conditions.map(describeCondition).join("; "),
  ports: (params) => [
    ...params.conditions.map((c) => ({ id: c.id, label: c.label || c.id })),
    { id: "else", label: "Else", description: "no condition matched" },
  ],
  outputs: [{ name: "matched", description: "The id of the condition that matched, or else." }],
  waits: false,
});

/** `{{vars.tier}} equals gold`, for the canvas. */
function describeCondition(c: SplitCondition): string {
  const head = `${c.subject} ${operatorLabels[c.operator]}`;
  if (c.operator === "isEmpty" || c.operator === "isNotEmpty") return head;
  return `${head} ${c.operator === "inList" || c.operator === "notInList" ? c.list.join(", ") : c.value}`;
}
