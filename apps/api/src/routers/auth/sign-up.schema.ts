import { z } from "zod";
import { emailSchema, nameSchema, passwordSchema, tokenSchema } from "../common.schema.ts";

export const signUpSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: nameSchema,
    /** A new workspace owned by the new account... */
    workspaceName: nameSchema.optional(),
    /** ...or joining the workspace of an invitation. */
    invitationToken: tokenSchema.optional(),
  })
  .refine((input) => Boolean(input.workspaceName) !== Boolean(input.invitationToken), {
    error: "Give either a workspace name (a new workspace) or an invitation token (joining one).",
    path: ["workspaceName"],
  });

export type SignUpInput = z.infer<typeof signUpSchema>;
