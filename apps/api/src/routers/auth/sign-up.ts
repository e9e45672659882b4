import { publicProcedure } from "../../trpc.ts";
import { signUp } from "../../services/auth/sign-up.ts";
import { signUpSchema } from "./sign-up.schema.ts";

/**
 * A new account. With a workspace name: a confirmation mail, whether or not the email has an account
 * (the answer is the same); with an invitation: the account joins that workspace and is signed in.
 */
export const signUpProcedure = publicProcedure.input(signUpSchema).mutation(async ({ ctx, input }) => {
  const result = await signUp(ctx.db, ctx.redis, ctx.mailer, ctx.config.publicUrl, input, {
    ipAddress: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  });
  if (result.status === "confirmation-sent") return result;
  ctx.cookies.set(result.token, result.expiresAt);
  return { status: result.status, userId: result.userId, tenantId: result.tenantId };
});
