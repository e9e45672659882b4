import * as z from "zod";
import { defineNodeKind } from "../define-node-kind.ts";
import { field } from "../params-meta.ts";
import { isRegex, liquidText, portIdSchema, uniqueIds } from "./shared.ts";

export const splitOperators = [
  "equals",
  "notEquals",
  "contains",
  "startsWith",
  "matchesRegex",
  "lessThan",
  "greaterThan",
  "isEmpty",
  "isNotEmpty",
  "inList",
] as const;

export const splitConditionSchema = z
  .object({
    id: field(portIdSchema, { label: "Port id" }),
    label: field(z.string().default(""), { label: "Label", widget: "text" }),
    subject: liquidText("Value to test", undefined, "{{nodes.mainMenu.digits}}"),
    operator: field(z.enum(splitOperators), {
      label: "Operator",
      widget: "select",
      optionLabels: {
        equals: "equals",
        notEquals: "does not equal",
        contains: "contains",
        startsWith: "starts with",
        matchesRegex: "matches regex",
        lessThan: "is less than",
        greaterThan: "is greater than",
        isEmpty: "is empty",
        isNotEmpty: "is not empty",
        inList: "is one of",
      },
    }),
    value: field(z.string().default(""), { label: "Compared with", widget: "liquid" }),
    list: field(z.array(z.string()).default([]), { label: "List", widget: "tags" }),
    ignoreCase: field(z.boolean().default(true), { label: "Ignore case", widget: "toggle" }),
  })
  .superRefine((c, ctx) => {
    if (c.operator === "matchesRegex" && !isRegex(c.value))
      ctx.addIssue({ code: "custom", message: "This is not a valid regular expression.", path: ["value"] });
    if (c.operator === "inList" && c.list.length === 0)
      ctx.addIssue({ code: "custom", message: "Add at least one value to the list.", path: ["list"] });
  });

export type SplitCondition = z.infer<typeof splitConditionSchema>;

export const splitNode = defineNodeKind({
  kind: "split",
  version: 1,
  label: "Split",
  category: "logic",
  icon: "split",
  description: "Branch on conditions, tested in order; the first that matches wins, else the Else port.",
  params: z.object({
    conditions: field(z.array(splitConditionSchema).superRefine(uniqueIds("conditions")), {
      label: "Conditions",
      widget: "list",
    }),
  }),
  initialParams: {
    conditions: [{ id: "isOne", subject: "{{vars.choice}}", operator: "equals", value: "1" }],
  },
  ports: (params) => [
    ...params.conditions.map((c) => ({ id: c.id, label: c.label || c.id })),
    { id: "else", label: "Else", description: "no condition matched" },
  ],
  outputs: [{ name: "matched", description: "The id of the condition that matched, or else." }],
  waits: false,
});
