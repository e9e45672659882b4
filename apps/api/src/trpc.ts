import { initTRPC } from "@trpc/server";
import { ZodError, prettifyError, z } from "zod";
import {
  authenticate,
  authorize,
  authorizeApiToken,
  publishAccessEvent,
  type LiveSession,
  type Permission,
  type Refusal,
} from "@ringflow/access";
import type { Context } from "./context.ts";
import { apiError, ErrorDetailsCause } from "./errors.ts";

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

/**
 * Every state change must come from the builder's own origin (tRPC mutations are POSTs; queries are GETs).
 * An API token is not sent by browsers on their own, so a request carrying one (and no cookie) is not forged.
 */
const sameOrigin = t.middleware(({ ctx, type, next }) => {
  const tokenOnly = ctx.apiToken !== null && ctx.sessionToken === null;
  if (type === "mutation" && !tokenOnly && ctx.request.origin !== new URL(ctx.config.publicUrl).origin)
    throw apiError(
      "FORBIDDEN",
      `Cross-origin request refused: changes are accepted only from ${ctx.config.publicUrl} (got ${ctx.request.origin ?? "no Origin"}).`,
    );
  return next();
});

export const publicProcedure = t.procedure.use(sameOrigin);

function refuse(ctx: Context, refusal: Refusal): never {
  if (refusal.reason === "forbidden") throw apiError("FORBIDDEN", refusal.message);
  if (ctx.sessionToken) ctx.cookies.clear();
  throw apiError("UNAUTHORIZED", refusal.message);
}

/** The session's fields every signed-in procedure sees; the cookie goes out again when the expiry moved. */
function signedIn(ctx: Context, found: LiveSession) {
  if (found.renewed && ctx.sessionToken) ctx.cookies.set(ctx.sessionToken, found.session.expiresAt);
  return {
    session: found.session,
    user: found.user,
    actor: { userId: found.user.id, ipAddress: ctx.request.ip },
  };
}

/** Any signed-in user, whatever their workspaces (switching workspace, accepting an invitation). */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const found = await authenticate({ db: ctx.db }, ctx.sessionToken);
  if (!found.ok) refuse(ctx, found);
  return next({ ctx: signedIn(ctx, found) });
});

/**
 * A procedure of the session's active workspace for holders of `permission` (@ringflow/access: role
 * defaults plus the owner's adjustments). Every tenant-owned query filters on `ctx.tenantId`.
 */
export function can(permission: Permission) {
  return publicProcedure.use(async ({ ctx, next }) => {
    if (ctx.apiToken) {
      // An integration's token: the same question through @ringflow/access, answered by its scopes.
      const grant = await authorizeApiToken({ db: ctx.db }, { token: ctx.apiToken, permission });
      if (!grant.ok) refuse(ctx, grant);
      return next({
        ctx: {
          session: null,
          user: grant.user,
          actor: { userId: grant.user.id, ipAddress: ctx.request.ip },
          tenantId: grant.tenantId,
          role: grant.role,
          membershipId: grant.membershipId,
          permissions: grant.permissions,
        },
      });
    }
    const grant = await authorize({ db: ctx.db }, { sessionToken: ctx.sessionToken, permission });
    if (!grant.ok) refuse(ctx, grant);
    return next({
      ctx: {
        ...signedIn(ctx, grant),
        tenantId: grant.tenantId,
        role: grant.role,
        membershipId: grant.membershipId,
        permissions: grant.permissions,
      },
    });
  });
}

const membershipInputSchema = z.object({ membershipId: z.string() });

/**
 * Member management that changes or removes a membership: once it succeeds, the member's open sockets
 * re-check what they may still do (and close when it is no longer enough).
 */
export const managesMembership = can("members.manage").use(async ({ ctx, getRawInput, next }) => {
  const input = membershipInputSchema.safeParse(await getRawInput());
  const member = input.success
    ? await ctx.db.membership.findFirst({
        where: { id: input.data.membershipId, tenantId: ctx.tenantId },
        select: { userId: true },
      })
    : null;
  const result = await next();
  if (result.ok && member)
    await publishAccessEvent(ctx.redis, {
      type: "access.changed",
      tenantId: ctx.tenantId,
      userId: member.userId,
    });
  return result;
});
