import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const revokeInvitationSchema = z.object({ invitationId: idSchema });

export type RevokeInvitationInput = z.infer<typeof revokeInvitationSchema>;
