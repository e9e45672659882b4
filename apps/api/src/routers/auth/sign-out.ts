import { publicProcedure } from "../../trpc.ts";
import { invalidateSession, sessionIdFromToken } from "../../services/auth/sessions.ts";

export const signOutProcedure = publicProcedure.mutation(async ({ ctx }) => {
  if (ctx.sessionToken) await invalidateSession(ctx.db, sessionIdFromToken(ctx.sessionToken));
  ctx.cookies.clear();
  return { signedOut: true };
});
