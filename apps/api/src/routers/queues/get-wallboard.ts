import { can } from "../../trpc.ts";
import { queueEngine } from "../../services/queues/engine.ts";
import { wallboard } from "../../services/queues/wallboard.ts";

export const getWallboardProcedure = can("wallboard.view").query(({ ctx }) =>
  wallboard(ctx.db, queueEngine(ctx.redis), ctx.tenantId),
);
