import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import * as z from "zod";
import type { CallEvent } from "@ringflow/flow-schema";
import { callbackTurn, type CallbackStage } from "../../acd/callback-dialog.ts";
import type { QueueCalls, WaitView } from "../../acd/queue-calls.ts";
import type { QueuedCall } from "../../acd/queued-calls.ts";
import type { CallKey } from "../../calls/call-record.ts";
import type { CallSession } from "../../calls/call-session.ts";
import type { Clock } from "../../calls/clock.ts";
import { enqueueEvent } from "./events.ts";
import { enqueueParamsSchema, gatherParamsSchema, voiceParamsSchema } from "./params.ts";
import {
  enteredCommand,
  queueAnnouncements,
  renderCallbackQuestion,
  renderCallerConference,
  renderJoinConference,
  renderQueueWaiting,
} from "./queue-twiml.ts";
import { HANGUP_TWIML } from "./twiml.ts";
import type { TwilioUrls } from "./urls.ts";

export interface QueueRouteDeps {
  session: CallSession<string>;
  queues: QueueCalls;
  urls: TwilioUrls;
  clock: Clock;
  holdMusicUrl: string;
  /** The signed-in account's call key and tenant, from twilioRoutes' signature check. */
  keyOf: (request: FastifyRequest, callSid: string) => CallKey;
  tenantOf: (request: FastifyRequest) => string;
  turnOf: (request: FastifyRequest) => number;
  /**
   * The number a caller may be called back on (theirs or one they typed), in E.164, or null when the
   * workspace cannot call it (not a number, a country its calls may not go to).
   */
  callbackNumber: (tenantId: string, entered: string, calledNumber: string) => Promise<string | null>;
  /** The route of an endpoint under the carrier's prefix (`/twilio/queue-wait`). */
  path: (endpoint: "queue-wait" | "enqueue" | "queue-leg" | "queue-join") => string;
}

/** Where the caller is in the callback's read-back: confirming `number`, or typing another. */
const callbackQuerySchema = z.object({
  callback: z.enum(["confirm", "enter"]).optional(),
  number: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/)
    .optional(),
});

const legQuerySchema = z.object({
  call: z.string().min(1),
  offer: z.string().min(1).optional(),
  agent: z.string().min(1),
  callback: z.literal("1").optional(),
});
/** How a leg rung as a call of its own joins the call's conference (carriers that ring legs so). */
const joinQuerySchema = z.object({
  conference: z.string().regex(/^call-[\w-]{1,64}$/),
  label: z.string().regex(/^[\w-]{1,80}$/),
  start: z.enum(["0", "1"]),
  end: z.enum(["0", "1"]),
  muted: z.literal("1").optional(),
  coach: z.string().min(1).max(128).optional(),
});
const legParamsSchema = voiceParamsSchema.pick({ CallSid: true, AccountSid: true, CallStatus: true });

/**
 * The Enqueue block on the queue engine, Twilio's part: the queue-wait loop the caller waits in (announcements,
 * press 1 for a callback, hold music), the Dial action when the caller leaves the agent's conference, and the
 * agents' legs' status callbacks (answered -> accept, refused -> decline, hung up -> wrap-up).
 */
export function queueRoutes(app: FastifyInstance, deps: QueueRouteDeps): void {
  const { session, queues } = deps;
  const twiml = (reply: FastifyReply, body: string) => reply.type("text/xml").send(body);

  /** The block's outcome as the event of its turn: the flow goes on through the matching exit. */
  const leave = (key: CallKey, turn: number, view: Extract<WaitView, { kind: "left" }>) =>
    session.event(key, `enqueue:${turn}`, turn, () => ({
      event: {
        type: "enqueue.result",
        turn,
        at: deps.clock(),
        status: view.status,
        waitSeconds: view.waitSeconds,
      } satisfies CallEvent,
    }));

  /** The callback's confirmation (callbackTurn): the TwiML of its next question, a number to book, or null. */
  async function callbackStep(
    call: QueuedCall,
    rawQuery: unknown,
    digits: string | undefined,
  ): Promise<string | { number: string } | null> {
    const query = callbackQuerySchema.safeParse(rawQuery);
    const step = query.success ? query.data : {};
    const stage: CallbackStage =
      step.callback === "confirm" && step.number
        ? { at: "confirm", number: step.number }
        : step.callback === "enter"
          ? { at: "enter" }
          : { at: "offer" };
    const turn = await callbackTurn(stage, digits, {
      from: call.from,
      to: call.to,
      callable: (entered) => deps.callbackNumber(call.tenantId, entered, call.to),
    });
    if (turn.kind === "book") return { number: turn.number };
    if (turn.kind === "wait") return null;
    return renderCallbackQuestion({ call, urls: deps.urls, turn });
  }

  app.post(deps.path("queue-wait"), async (request, reply) => {
    const params = gatherParamsSchema.parse(request.body);
    const turn = deps.turnOf(request);
    const key = deps.keyOf(request, params.CallSid);
    const record = await session.peek(key);
    if (!record || record.ended) return twiml(reply, HANGUP_TWIML);
    if (record.state.turn !== turn || record.state.waiting?.for !== "enqueue")
      return twiml(reply, record.lastAnswer);
    const { tenantId, callId } = record.meta;
    const command = enteredCommand((request.query as Record<string, string | undefined>).enter);
    let view = command
      ? await queues.enter(record, command, key.account)
      : await queues.view(tenantId, callId);
    if (!command && view.kind === "waiting" && view.call.offerCallback) {
      const step = await callbackStep(view.call, request.query, params.Digits);
      if (typeof step === "string") return twiml(reply, step);
      if (step) view = await queues.requestCallback(tenantId, callId, step.number);
    }
    switch (view.kind) {
      case "left":
        return twiml(reply, await leave(key, turn, view));
      case "connected":
        return twiml(reply, renderCallerConference(view.call, deps.urls, deps.holdMusicUrl));
      case "waiting": {
        const due =
          view.progress.lastAnnouncedAt === null ||
          deps.clock() - view.progress.lastAnnouncedAt >= view.call.announceEverySeconds * 1000;
        const announcements = due ? queueAnnouncements(view.call, view.position, view.estimatedWaitMs) : [];
        if (due) await queues.announced(view.call);
        return twiml(
          reply,
          renderQueueWaiting({
            call: view.call,
            urls: deps.urls,
            holdMusicUrl: deps.holdMusicUrl,
            announcements,
          }),
        );
      }
    }
  });

  // The caller's <Dial><Conference> returned (the agent left): the agent goes into wrap-up, the caller on
  // at "After agent". A call still in Twilio's own <Enqueue> (from before the queue engine) ends as it did.
  app.post(deps.path("enqueue"), async (request, reply) => {
    const params = enqueueParamsSchema.parse(request.body);
    const turn = deps.turnOf(request);
    const key = deps.keyOf(request, params.CallSid);
    const bridged = (request.query as Record<string, string | undefined>).outcome === "bridged";
    if (bridged) {
      const record = await session.peek(key);
      if (record && !record.ended) await queues.completed(record.meta.tenantId, record.meta.callId);
    }
    const answer = await session.event(key, `enqueue:${turn}`, turn, async (call) => {
      if (!bridged) return { event: enqueueEvent(params, turn, deps.clock()) };
      const found = await queues.view(call.meta.tenantId, call.meta.callId);
      return {
        event: {
          type: "enqueue.result",
          turn,
          at: deps.clock(),
          status: "bridged",
          ...(found.kind === "left" ? { waitSeconds: found.waitSeconds } : {}),
        },
      };
    });
    return twiml(reply, answer);
  });

  // An agent's (or a consultation's, a supervisor's) leg answered: it joins the call's conference, which only
  // a call of the same tenant's queues may name.
  app.post(deps.path("queue-join"), async (request, reply) => {
    const query = joinQuerySchema.parse(request.query);
    const callId = query.conference.slice("call-".length);
    if (!(await queues.isQueued(deps.tenantOf(request), callId))) return twiml(reply, HANGUP_TWIML);
    return twiml(
      reply,
      renderJoinConference(query.conference, {
        label: query.label,
        startConferenceOnEnter: query.start === "1",
        endConferenceOnExit: query.end === "1",
        muted: query.muted === "1",
        ...(query.coach ? { coach: query.coach } : {}),
      }),
    );
  });

  app.post(deps.path("queue-leg"), async (request, reply) => {
    const params = legParamsSchema.parse(request.body);
    const query = legQuerySchema.parse(request.query);
    const tenantId = deps.tenantOf(request);
    if (query.callback) {
      if (params.CallStatus === "completed") await queues.completed(tenantId, query.call);
      return reply.code(204).send();
    }
    switch (params.CallStatus) {
      case "in-progress":
        if (query.offer)
          await queues.answered(tenantId, query.call, query.offer, query.agent, params.CallSid);
        break;
      case "completed":
        if (await queues.isAgentLeg(tenantId, query.call, params.CallSid))
          await queues.completed(tenantId, query.call);
        else if (query.offer) await queues.refused(tenantId, query.offer, query.agent);
        break;
      case "busy":
      case "failed":
      case "canceled":
        if (query.offer) await queues.refused(tenantId, query.offer, query.agent);
        break;
      // no-answer: the offer's own ring timeout (the engine's timer) decides; initiated, ringing: nothing yet.
    }
    return reply.code(204).send();
  });
}
