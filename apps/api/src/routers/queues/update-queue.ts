import { can } from "../../trpc.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { updateQueue } from "../../services/queues/queues.ts";
import { updateQueueSchema } from "./update-queue.schema.ts";

export const updateQueueProcedure = can("queues.manage")
  .input(updateQueueSchema)
  .mutation(({ ctx, input }) => updateQueue(ctx.db, queueEngine(ctx.redis), ctx.tenantId, input));
