import { router } from "../trpc.ts";
import { systemRouter } from "./system.ts";

export const appRouter = router({
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
