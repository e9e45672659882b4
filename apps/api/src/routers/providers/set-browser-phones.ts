import { z } from "zod";
import { can } from "../../trpc.ts";
import { browserPhoneEndpoints, setBrowserPhones } from "../../services/providers/browser-phones.ts";
import { idSchema } from "../common.schema.ts";
import { setBrowserPhonesSchema } from "./set-browser-phones.schema.ts";

export const setBrowserPhonesProcedure = can("providers.manage")
  .input(setBrowserPhonesSchema)
  .mutation(({ ctx, input }) => setBrowserPhones(ctx.db, ctx.tenantId, ctx.actor, input));

/** The agents' PJSIP endpoints for the PBX's pjsip.conf, with the passwords their browser phones use. */
export const browserPhoneEndpointsProcedure = can("providers.manage")
  .input(z.object({ id: idSchema }))
  .query(({ ctx, input }) => browserPhoneEndpoints(ctx.db, ctx.tenantId, input.id));
