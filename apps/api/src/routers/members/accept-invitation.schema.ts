import { z } from "zod";

export const acceptInvitationSchema = z.object({ token: z.string().min(10).max(200) });

export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;
