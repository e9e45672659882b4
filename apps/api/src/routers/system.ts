import { checkHealth } from "@ringflow/platform";
import { publicProcedure, router } from "../trpc.ts";

export const systemRouter = router({
  health: publicProcedure.query(({ ctx }) =>
    checkHealth({ database: () => ctx.db.$queryRaw`select 1`, redis: ctx.redis }),
  ),
});
