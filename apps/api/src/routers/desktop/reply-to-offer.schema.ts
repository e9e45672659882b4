import { z } from "zod";

export const offerReplySchema = z.object({ offerId: z.string().min(1).max(200) });
