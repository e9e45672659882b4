import { can } from "../../trpc.ts";
import { listQueues } from "../../services/queues/queues.ts";

export const listQueuesProcedure = can("queues.manage").query(({ ctx }) => listQueues(ctx.db, ctx.tenantId));
