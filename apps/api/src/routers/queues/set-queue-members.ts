import { can } from "../../trpc.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { setQueueMembers } from "../../services/queues/queues.ts";
import { setQueueMembersSchema } from "./set-queue-members.schema.ts";

export const setQueueMembersProcedure = can("queues.manage")
  .input(setQueueMembersSchema)
  .mutation(({ ctx, input }) =>
    setQueueMembers(ctx.db, queueEngine(ctx.redis), ctx.redis, ctx.tenantId, input),
  );
