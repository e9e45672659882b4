import { publicProcedure } from "../../trpc.ts";
import { describeSession } from "../../services/auth/me.ts";
import { validateSessionToken } from "../../services/auth/sessions.ts";

/** The signed-in user, their workspaces and the active one with their role there; null when signed out. */
export const meProcedure = publicProcedure.query(async ({ ctx }) => {
  const found = ctx.sessionToken ? await validateSessionToken(ctx.db, ctx.sessionToken) : null;
  if (!found) return null;
  if (found.renewed && ctx.sessionToken) ctx.cookies.set(ctx.sessionToken, found.session.expiresAt);
  return describeSession(ctx.db, found);
});
