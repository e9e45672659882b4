import { z } from "zod";
import { tokenSchema } from "../common.schema.ts";

export const acceptInvitationSchema = z.object({ token: tokenSchema });

export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;
