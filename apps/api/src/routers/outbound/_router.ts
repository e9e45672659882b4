import { can, router } from "../../trpc.ts";
import { outboundPolicy, setOutboundPolicy } from "../../services/outbound/destinations.ts";
import { setOutboundPolicySchema } from "./set-outbound-policy.schema.ts";

/** The workspace's limits on calls agents place (toll-fraud protection), set by its admins. */
export const outboundRouter = router({
  policy: can("queues.manage").query(({ ctx }) => outboundPolicy(ctx.db, ctx.tenantId)),
  setPolicy: can("queues.manage")
    .input(setOutboundPolicySchema)
    .mutation(({ ctx, input }) => setOutboundPolicy(ctx.db, ctx.tenantId, input)),
});
