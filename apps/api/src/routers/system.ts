import { checkHealth } from "@ringflow/platform";
import { publicProcedure, router } from "../trpc.ts";

export const systemRouter = router({
  // The reasons of a failure stay out of the answer: anyone may ask (see /health in server.ts, which logs them).
  health: publicProcedure.query(({ ctx }) =>
    checkHealth({ database: () => ctx.db.$queryRaw`select 1`, redis: ctx.redis }),
  ),
});
