import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const removeMemberSchema = z.object({ membershipId: idSchema });

export type RemoveMemberInput = z.infer<typeof removeMemberSchema>;
