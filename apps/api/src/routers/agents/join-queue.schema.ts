import { z } from "zod";
import { idSchema } from "../common.schema.ts";

export const joinQueueSchema = z.object({ queueId: idSchema });
