import { z } from "zod";
import { can } from "../../trpc.ts";
import { browserIdentityOf } from "../../services/desktop/desk-actor.ts";
import { sipPhoneFor } from "../../services/providers/browser-phones.ts";
import { createVoiceToken, setVoiceTokenLifetime } from "../../services/voice/access-token.ts";
import { boundedInt } from "../common.schema.ts";
import { deskProcedure } from "./desk-procedure.ts";

/** An Access Token for the signed-in person's browser phone (their agent's identity). */
export const createTokenProcedure = deskProcedure.mutation(async ({ ctx }) =>
  createVoiceToken(ctx.db, ctx.config, ctx.desk.tenantId, await browserIdentityOf(ctx.db, ctx.desk)),
);

/** The agent's browser phone on the workspace's Asterisk (SIP over WSS), or null: the desktop uses Twilio then. */
export const sipPhoneProcedure = deskProcedure.mutation(({ ctx }) => sipPhoneFor(ctx.db, ctx.desk));

export const setTokenLifetimeProcedure = can("queues.manage")
  .input(z.object({ ttlSeconds: boundedInt(300, 86_400) }))
  .mutation(({ ctx, input }) => setVoiceTokenLifetime(ctx.db, ctx.tenantId, input.ttlSeconds));
