import { initTRPC } from "@trpc/server";
import { ZodError, prettifyError } from "zod";
import type { Role } from "@ringflow/db";
import type { Context } from "./context.ts";
import { apiError, ErrorDetailsCause } from "./errors.ts";
import { validateSessionToken } from "./services/auth/sessions.ts";
import { resolveMembership } from "./services/tenants/membership.ts";

const t = initTRPC.context<Context>().create({
  // Stack traces stay in the server's log, never in answers.
  isDev: false,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // Input that fails its schema reads as a sentence per field, not as serialized issues.
      message: zodError ? `Invalid input: ${prettifyError(zodError)}` : shape.message,
      data: {
        ...shape.data,
        zodIssues: zodError?.issues ?? null,
        details: error.cause instanceof ErrorDetailsCause ? error.cause.details : null,
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Every state change must come from the builder's own origin (tRPC mutations are POSTs; queries are GETs). */
const sameOrigin = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && ctx.request.origin !== new URL(ctx.config.publicUrl).origin)
    throw apiError(
      "FORBIDDEN",
      `Cross-origin request refused: changes are accepted only from ${ctx.config.publicUrl} (got ${ctx.request.origin ?? "no Origin"}).`,
    );
  return next();
});

export const publicProcedure = t.procedure.use(sameOrigin);

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const found = ctx.sessionToken ? await validateSessionToken(ctx.db, ctx.sessionToken) : null;
  if (!found) {
    if (ctx.sessionToken) ctx.cookies.clear();
    throw apiError("UNAUTHORIZED", "Sign in first (your session is missing or has expired).");
  }
  if (found.renewed && ctx.sessionToken) ctx.cookies.set(ctx.sessionToken, found.session.expiresAt);
  return next({
    ctx: {
      session: found.session,
      user: found.user,
      actor: { userId: found.user.id, ipAddress: ctx.request.ip },
    },
  });
});

/** The caller's active workspace and their role in it; every tenant-owned query filters on `tenantId`. */
export const tenantProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const membership = await resolveMembership(ctx.db, ctx.session);
  return next({ ctx: { tenantId: membership.tenantId, role: membership.role, membershipId: membership.id } });
});

export function requireRole(...roles: Role[]) {
  return tenantProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.role))
      throw apiError(
        "FORBIDDEN",
        `Your role (${ctx.role.toLowerCase()}) cannot do this; it needs ${roles.map((r) => r.toLowerCase()).join(" or ")}.`,
      );
    return next();
  });
}

/** Owners and admins: members, providers, numbers, the audit log. */
export const adminProcedure = requireRole("OWNER", "ADMIN");
/** Who edits and publishes flows. */
export const designerProcedure = requireRole("OWNER", "ADMIN", "DESIGNER");
/** Everyone but agents (who only use the desktop): reads of flows and the execution log. */
export const staffProcedure = requireRole("OWNER", "ADMIN", "DESIGNER", "SUPERVISOR");
