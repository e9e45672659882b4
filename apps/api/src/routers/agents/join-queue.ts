import { can } from "../../trpc.ts";
import { agentOfMembership, setQueueJoined } from "../../services/queues/agents.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { joinQueueSchema } from "./join-queue.schema.ts";

/** The signed-in agent starts (joined) or stops taking a queue's calls, where the queue allows it. */
const queueMembership = (joined: boolean) =>
  can("desktop.use")
    .input(joinQueueSchema)
    .mutation(async ({ ctx, input }) => {
      const agent = await agentOfMembership(ctx.db, ctx.tenantId, ctx.membershipId);
      return setQueueJoined(ctx.db, queueEngine(ctx.redis), ctx.redis, ctx.tenantId, agent.id, {
        queueId: input.queueId,
        joined,
      });
    });

export const joinQueueProcedure = queueMembership(true);
export const leaveQueueProcedure = queueMembership(false);
