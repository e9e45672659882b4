import type { z } from "zod";
import { idSchema } from "../common.schema.ts";
import { queueFieldsSchema } from "./create-queue.schema.ts";

export const updateQueueSchema = queueFieldsSchema.partial().extend({ queueId: idSchema });
export type UpdateQueueInput = z.infer<typeof updateQueueSchema>;
