import { router } from "../../trpc.ts";
import { getCallProcedure } from "./get-call.ts";
import { listCallsProcedure } from "./list-calls.ts";
import { listConsentsProcedure } from "./list-consents.ts";
import { startOutboundProcedure } from "./start-outbound.ts";

export const callsRouter = router({
  list: listCallsProcedure,
  get: getCallProcedure,
  consents: listConsentsProcedure,
  startOutbound: startOutboundProcedure,
});
