import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const retryCopySchema = z.object({ recordingId: idSchema });
export type RetryCopyInput = z.infer<typeof retryCopySchema>;
