import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const getCallSchema = z.object({ callId: idSchema });

export type GetCallInput = z.infer<typeof getCallSchema>;
