import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const queueIdSchema = z.object({ queueId: idSchema });
