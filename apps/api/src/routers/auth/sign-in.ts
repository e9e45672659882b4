import { publicProcedure } from "../../trpc.ts";
import { signIn as checkAndCreateSession } from "../../services/auth/sign-in.ts";
import { signInSchema } from "./sign-in.schema.ts";

export const signInProcedure = publicProcedure.input(signInSchema).mutation(async ({ ctx, input }) => {
  const { token, expiresAt, userId } = await checkAndCreateSession(ctx.db, ctx.redis, {
    ...input,
    ipAddress: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  ctx.cookies.set(token, expiresAt);
  return { userId };
});
