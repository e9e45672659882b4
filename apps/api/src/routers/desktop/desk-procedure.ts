import { can } from "../../trpc.ts";
import type { DeskActor } from "../../services/desktop/desk-actor.ts";

/** Desktop procedures: signed-in holders of desktop.use, with the person as the services take them. */
export const deskProcedure = can("desktop.use").use(({ ctx, next }) =>
  next({
    ctx: {
      actor: ctx.actor,
      desk: {
        tenantId: ctx.tenantId,
        userId: ctx.user.id,
        membershipId: ctx.membershipId,
        permissions: ctx.permissions,
      } satisfies DeskActor,
    },
  }),
);
