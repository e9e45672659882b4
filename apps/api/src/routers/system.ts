import { checkHealth } from "@ringflow/platform";
import { publicProcedure, router } from "../trpc.ts";

export const systemRouter = router({
  // The reasons of a failure stay out of the answer: anyone may ask (see /health in server.ts, which logs them).
  health: publicProcedure.query(({ ctx }) =>
    checkHealth({ database: () => ctx.db.$queryRaw`select 1`, redis: ctx.redis }),
  ),
  // Where the builder's test call reaches the runtime: it runs on whatever port the deployment chose.
  config: publicProcedure.query(({ ctx }) => ({ runtimeUrl: ctx.config.runtimePublicUrl })),
});
