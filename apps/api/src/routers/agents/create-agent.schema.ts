import { z } from "zod";
import { AgentEndpointKind } from "@ringflow/db";
import { e164Schema, idSchema, nameSchema } from "../common.schema.ts";
import { skillLevelSchema, uniqueSkills } from "../queues/create-queue.schema.ts";

const ADDRESS: Record<AgentEndpointKind, z.ZodType<string>> = {
  TWILIO_CLIENT: z
    .string()
    .regex(/^[\w.@-]{1,120}$/, { error: "A browser phone's name uses letters, digits, . _ @ and - only." }),
  PHONE: e164Schema,
  SIP: z
    .string()
    .trim()
    .regex(/^sips?:[^\s@]+@[^\s@]+$/, { error: "Write a SIP address like sip:ada@pbx.example.com." })
    .max(300),
};

/** Where the agent is rung, in the order tried: the browser (Voice SDK), a phone number, a SIP address. */
export const agentEndpointSchema = z
  .object({ kind: z.enum(AgentEndpointKind), address: z.string().trim() })
  .superRefine((endpoint, ctx) => {
    const checked = ADDRESS[endpoint.kind].safeParse(endpoint.address);
    if (!checked.success)
      ctx.addIssue({ code: "custom", path: ["address"], message: checked.error.issues[0]?.message ?? "" });
  });

export const agentFieldsSchema = z.object({
  displayName: nameSchema,
  extension: z
    .string()
    .trim()
    .regex(/^\d{2,8}$/, { error: "Give the extension as 2 to 8 digits." }),
  /** The workspace member who signs in as this agent; null unlinks. */
  membershipId: idSchema.nullable().optional(),
  skills: z
    .array(skillLevelSchema)
    .max(50)
    .refine(uniqueSkills, { error: "A skill is listed twice." })
    .optional(),
  endpoints: z
    .array(agentEndpointSchema)
    .max(5)
    .refine((list) => new Set(list.map((e) => `${e.kind} ${e.address}`)).size === list.length, {
      error: "An address is listed twice.",
    })
    .optional(),
});

export const createAgentSchema = agentFieldsSchema;
export type CreateAgentInput = z.infer<typeof createAgentSchema>;
