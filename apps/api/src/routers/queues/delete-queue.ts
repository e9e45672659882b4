import { can } from "../../trpc.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { deleteQueue } from "../../services/queues/queues.ts";
import { queueIdSchema } from "./queue-id.schema.ts";

export const deleteQueueProcedure = can("queues.manage")
  .input(queueIdSchema)
  .mutation(({ ctx, input }) =>
    deleteQueue(ctx.db, queueEngine(ctx.redis), ctx.redis, ctx.tenantId, input.queueId),
  );
