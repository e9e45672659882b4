import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const listCallRecordingsSchema = z.object({ callId: idSchema });
