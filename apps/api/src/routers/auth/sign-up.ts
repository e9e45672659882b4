import { publicProcedure } from "../../trpc.ts";
import { signUp } from "../../services/auth/sign-up.ts";
import { signUpSchema } from "./sign-up.schema.ts";

/** A new account: with its own workspace (as owner), or joining the workspace it was invited to. */
export const signUpProcedure = publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
  const { token, expiresAt, userId, tenantId } = await signUp(ctx.db, input, {
    ipAddress: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  ctx.cookies.set(token, expiresAt);
  return { userId, tenantId };
});
