import { publicProcedure } from "../../trpc.ts";
import { signOutToken } from "../../services/auth/sessions.ts";

export const signOutProcedure = publicProcedure.mutation(async ({ ctx }) => {
  if (ctx.sessionToken) await signOutToken(ctx, ctx.sessionToken);
  ctx.cookies.clear();
  return { signedOut: true };
});
