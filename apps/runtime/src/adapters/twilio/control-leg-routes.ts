import type { FastifyInstance, FastifyRequest } from "fastify";
import { controlLegQuerySchema, NOT_ANSWERED_STATUSES } from "../../acd/control-leg.ts";
import type { QueueCalls } from "../../acd/queue-calls.ts";
import { voiceParamsSchema } from "./params.ts";

export interface ControlLegRouteDeps {
  queues: QueueCalls;
  /** The tenant of the account whose signature the request carries (twilioRoutes' check). */
  tenantOf: (request: FastifyRequest) => string;
  path: (endpoint: "control-leg") => string;
}

const legParamsSchema = voiceParamsSchema.pick({ CallSid: true, CallStatus: true });

/**
 * The status callbacks of the legs the desktop's requests ring into a call's conference (a blind transfer, a
 * consultation, a third party), on Twilio and the carriers speaking its dialect. Signed like every webhook,
 * and read only for the calls of the tenant whose account signed: another tenant's call id finds nothing.
 */
export function controlLegRoutes(app: FastifyInstance, deps: ControlLegRouteDeps): void {
  app.post(deps.path("control-leg"), async (request, reply) => {
    const params = legParamsSchema.parse(request.body);
    const query = controlLegQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).type("text/plain").send("not a transfer or consultation leg");
    const tenantId = deps.tenantOf(request);
    if (params.CallStatus === "in-progress")
      await deps.queues.controlLegAnswered(tenantId, query.data, params.CallSid);
    else if (NOT_ANSWERED_STATUSES.has(params.CallStatus))
      await deps.queues.controlLegNotAnswered(tenantId, query.data);
    else if (params.CallStatus === "completed") await deps.queues.controlLegEnded(tenantId, query.data);
    // initiated, ringing: nothing yet.
    return reply.code(204).send();
  });
}
