import { can } from "../../trpc.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { createQueue } from "../../services/queues/queues.ts";
import { createQueueSchema } from "./create-queue.schema.ts";

export const createQueueProcedure = can("queues.manage")
  .input(createQueueSchema)
  .mutation(({ ctx, input }) => createQueue(ctx.db, queueEngine(ctx.redis), ctx.tenantId, input));
