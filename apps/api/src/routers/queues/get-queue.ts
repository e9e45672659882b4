import { can } from "../../trpc.ts";
import { findQueue } from "../../services/queues/queues.ts";
import { queueIdSchema } from "./queue-id.schema.ts";

export const getQueueProcedure = can("queues.manage")
  .input(queueIdSchema)
  .query(({ ctx, input }) => findQueue(ctx.db, ctx.tenantId, input.queueId));
