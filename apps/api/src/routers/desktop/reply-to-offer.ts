import { queueEngine } from "../../services/queues/engine.ts";
import { replyToOffer } from "../../services/desktop/offers.ts";
import { deskProcedure } from "./desk-procedure.ts";
import { offerReplySchema } from "./reply-to-offer.schema.ts";

const reply = (accept: boolean) =>
  deskProcedure
    .input(offerReplySchema)
    .mutation(({ ctx, input }) =>
      replyToOffer(ctx.db, queueEngine(ctx.redis), ctx.desk, { offerId: input.offerId, accept }),
    );

export const acceptOfferProcedure = reply(true);
export const declineOfferProcedure = reply(false);
