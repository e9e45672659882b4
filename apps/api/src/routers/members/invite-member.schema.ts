import { z } from "zod";
import { emailSchema, roleSchema } from "../common.schema.ts";

export const inviteMemberSchema = z.object({ email: emailSchema, role: roleSchema });

export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;
