import { publicProcedure } from "../../trpc.ts";
import { confirmSignUp } from "../../services/auth/sign-up.ts";
import { confirmSignUpSchema } from "./confirm-sign-up.schema.ts";

/** The confirmation link of a sign-up: creates the account and its workspace, and signs in. */
export const confirmSignUpProcedure = publicProcedure
  .input(confirmSignUpSchema)
  .mutation(async ({ ctx, input }) => {
    const { token, expiresAt, userId, tenantId } = await confirmSignUp(ctx.db, ctx.redis, input.token, {
      ipAddress: ctx.request.ip,
      userAgent: ctx.request.userAgent,
    });
    ctx.cookies.set(token, expiresAt);
    return { userId, tenantId };
  });
