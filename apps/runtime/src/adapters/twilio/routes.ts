import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type * as z from "zod";
import type { Db } from "@ringflow/db";
import type { ProviderHealth } from "@ringflow/platform";
import { CALL_STATUS_RANK, FINAL_CALL_STATUS_RANK, type CallEvent } from "@ringflow/flow-schema";
import type { CallKey, StoredCall } from "../../calls/call-record.ts";
import type { CallSession, TurnExtras } from "../../calls/call-session.ts";
import type { Clock } from "../../calls/clock.ts";
import { callRecording, voicemailRecording } from "../../calls/recording-rows.ts";
import { FlowNotFoundError, type FlowResolver } from "../../calls/resolve-flow.ts";
import type { LogStream } from "../../calls/log-stream.ts";
import type { QueueCalls } from "../../acd/queue-calls.ts";
import { dialEvent, gatherEvent, recordEvent } from "./events.ts";
import { carriedFields, twilioErrorHandler } from "./faults.ts";
import {
  dialParamsSchema,
  gatherParamsSchema,
  neutralStatus,
  recordingStatusParamsSchema,
  recordParamsSchema,
  statusParamsSchema,
  transcriptionParamsSchema,
  turnQuerySchema,
  voiceParamsSchema,
} from "./params.ts";
import type { CarrierAccount, CarrierWebhooks } from "./carrier.ts";
import { outboundCallRow } from "../../calls/outbound-call.ts";
import { partyState, startingPoint } from "./starting-point.ts";
import { callableCallbackNumber } from "../../acd/callback-number.ts";
import { queueRoutes } from "./queue-routes.ts";
import { controlLegRoutes } from "./control-leg-routes.ts";
import { sayAndHangUp } from "./twiml.ts";
import { TwilioUrls } from "./urls.ts";
import { FallbackHandover } from "./fallback.ts";

export interface TwilioRouteDeps {
  db: Db;
  /** Whose webhooks these are (Twilio, or a carrier speaking a TwiML dialect) and how they are signed. */
  carrier: CarrierWebhooks;
  flows: FlowResolver;
  session: CallSession<string>;
  log: LogStream;
  clock: Clock;
  publicUrl: string;
  holdMusicUrl: string;
  /** The Enqueue block on the queue engine. */
  queues: QueueCalls;
  /** Each account's webhooks counted in its health (a 5xx answer is a failure). */
  health?: ProviderHealth;
}

declare module "fastify" {
  interface FastifyRequest {
    carrierAccount?: CarrierAccount;
    /** The form as the carrier sent it (Telnyx signs these bytes). */
    rawBody?: string;
  }
}

const NOT_IN_SERVICE = sayAndHangUp("The number you have called is not in service.");
/** Twilio's webhook forms are a few KB. */
const BODY_LIMIT = 64 * 1024;
const FORM = "application/x-www-form-urlencoded";

/**
 * Twilio's webhooks (and those of carriers speaking a TwiML dialect, under their own prefix), translated: the
 * form becomes a call-core event, the commands become TwiML. Every request is signed by the tenant's account
 * (else 403 and nothing runs), and acts only on calls of the account that signed it: the call's key names it.
 */
export async function twilioRoutes(app: FastifyInstance, deps: TwilioRouteDeps): Promise<void> {
  const { session, carrier } = deps;
  const path = (endpoint: string) => `/${carrier.prefix}/${endpoint}`;

  app.addHook("onRoute", (route) => {
    route.bodyLimit = BODY_LIMIT;
  });
  app.setErrorHandler(twilioErrorHandler(deps.publicUrl));

  // Twilio posts forms; JSON, XML or multipart bodies are not Twilio's, even when signed like a form.
  app.addHook("onRequest", async (request, reply) => {
    const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    if (request.method === "POST" && type !== FORM)
      return reply
        .code(415)
        .type("text/plain")
        .send(`unsupported content type: ${carrier.label} webhooks are ${FORM}`);
  });

  const fallback = new FallbackHandover(app, carrier.prefix);
  app.addHook("preHandler", async (request, reply) => {
    const params = (request.body ?? {}) as Record<string, string>;
    const handedOver = fallback.accountOf(request);
    const outcome = handedOver
      ? { account: handedOver }
      : await carrier.authenticate(request, {
          params,
          rawBody: request.rawBody,
          url: deps.publicUrl + request.url,
        });
    if ("refused" in outcome) {
      request.log.warn(
        { url: request.url, known: outcome.accountKnown, reason: outcome.refused, ip: request.ip },
        `rejected a ${carrier.label} webhook`,
      );
      return reply.code(403).type("text/plain").send("invalid signature");
    }
    request.carrierAccount = outcome.account;
    carriedFields(request.query as Record<string, unknown>, params);
  });

  app.addHook("onResponse", async (request, reply) => {
    const account = request.carrierAccount;
    if (!account || !deps.health) return;
    await deps.health
      .record(account.id, { channel: "webhook", ok: reply.statusCode < 500, latencyMs: reply.elapsedTime })
      .catch(() => undefined);
  });

  const twiml = (reply: FastifyReply, body: string) => reply.type("text/xml").send(body);
  const accountOf = (request: FastifyRequest) => request.carrierAccount as CarrierAccount;
  const keyOf = (request: FastifyRequest, callSid: string): CallKey => ({
    account: accountOf(request).id,
    id: callSid,
  });
  const turnOf = (request: FastifyRequest) => turnQuerySchema.parse(request.query).turn;

  app.post(path("voice"), async (request, reply) => {
    const params = voiceParamsSchema.parse(request.body);
    const account = accountOf(request);
    // The carrier could not reach the runtime that served this call: continue it here.
    const undelivered = fallback.target((request.body as Record<string, unknown>).ErrorUrl);
    if (undelivered) return fallback.handOver(request, reply, undelivered, account);
    const key = keyOf(request, params.CallSid);
    let start: Awaited<ReturnType<typeof startingPoint>>;
    try {
      start = await startingPoint(deps, account, params);
    } catch (error) {
      if (!(error instanceof FlowNotFoundError)) throw error;
      request.log.warn(
        { callSid: params.CallSid, to: params.To, reason: error.message },
        "no flow for the call",
      );
      return twiml(reply, NOT_IN_SERVICE);
    }
    const flow = await deps.flows.compile(start.pinned);
    const callerState = partyState(params, start.meta.direction);
    const answer = await session.start(key, {
      meta: start.meta,
      flow,
      answerId: "voice",
      status: neutralStatus(params.CallStatus) ?? "in-progress",
      engine: {
        direction: start.meta.direction === "OUTBOUND" ? "outbound" : "inbound",
        from: params.From,
        to: params.To,
        accountId: params.AccountSid,
        flowId: start.pinned.flowId,
        flowVersion: start.pinned.flowVersionNumber,
        ...(callerState ? { callerState } : {}),
        ...(start.variables ? { variables: start.variables } : {}),
      },
      notes: [
        {
          type: "call.start",
          data: {
            from: params.From,
            to: params.To,
            direction: params.Direction,
            callerState: callerState ?? null,
          },
        },
        // Outbound: the accounts asked to place it, and why one was passed over (failover).
        ...(start.placementAttempts
          ? [{ type: "call.placed" as const, data: { attempts: start.placementAttempts } }]
          : []),
      ],
    });
    return twiml(reply, answer);
  });

  /** An action URL of the TwiML: Twilio's form -> one call-core event for the turn in the URL. */
  function actionRoute<S extends z.ZodType<{ CallSid: string }>>(
    endpoint: "gather" | "dial" | "record",
    schema: S,
    toEvent: (
      params: z.output<S>,
      turn: number,
      query: Record<string, string | undefined>,
      call: StoredCall,
    ) => { event: CallEvent; extras?: TurnExtras },
    /** Distinguishes answers of one turn that Twilio may send both of (a result and the fallback redirect). */
    variant: (params: z.output<S>, query: Record<string, string | undefined>) => string = () => "",
  ): void {
    app.post(path(endpoint), async (request, reply) => {
      const params = schema.parse(request.body);
      const turn = turnOf(request);
      const query = request.query as Record<string, string | undefined>;
      const answerId = `${endpoint}${variant(params, query)}:${turn}`;
      const answer = await session.event(keyOf(request, params.CallSid), answerId, turn, (call) =>
        toEvent(params, turn, query, call),
      );
      return twiml(reply, answer);
    });
  }

  actionRoute(
    "gather",
    gatherParamsSchema,
    (params, turn, query) => ({ event: gatherEvent(params, turn, query.noInput === "1", deps.clock()) }),
    (_params, query) => (query.noInput === "1" ? "-none" : ""),
  );
  actionRoute("dial", dialParamsSchema, (params, turn) => ({ event: dialEvent(params, turn, deps.clock()) }));
  queueRoutes(app, {
    session,
    queues: deps.queues,
    urls: new TwilioUrls(deps.publicUrl, carrier.prefix),
    path,
    clock: deps.clock,
    holdMusicUrl: deps.holdMusicUrl,
    keyOf,
    tenantOf: (request) => accountOf(request).tenantId,
    turnOf,
    callbackNumber: (tenantId, entered, called) => callableCallbackNumber(deps.db, tenantId, entered, called),
  });
  controlLegRoutes(app, { queues: deps.queues, tenantOf: (request) => accountOf(request).tenantId, path });
  actionRoute(
    "record",
    recordParamsSchema,
    (params, turn, query, call) => {
      const empty = query.empty === "1" || !params.RecordingUrl;
      return {
        event: recordEvent(params, turn, empty, deps.clock()),
        extras: {
          recordings:
            !empty && params.RecordingSid
              ? [
                  voicemailRecording(call, params.RecordingSid, {
                    url: params.RecordingUrl ?? null,
                    durationSeconds: params.RecordingDuration ?? null,
                  }),
                ]
              : [],
        },
      };
    },
    (params, query) => (query.empty === "1" || !params.RecordingUrl ? "-none" : ""),
  );

  app.post(path("http-wait"), async (request, reply) => {
    const params = voiceParamsSchema.parse(request.body);
    return twiml(reply, await session.httpWait(keyOf(request, params.CallSid), turnOf(request)));
  });

  app.post(path("sms-wait"), async (request, reply) => {
    const params = voiceParamsSchema.parse(request.body);
    return twiml(reply, await session.smsWait(keyOf(request, params.CallSid), turnOf(request)));
  });

  app.post(path("status"), async (request, reply) => {
    const params = statusParamsSchema.parse(request.body);
    const status = neutralStatus(params.CallStatus);
    if (!status) return reply.code(204).send();
    const account = accountOf(request);
    await session.status(keyOf(request, params.CallSid), status, params.CallDuration, async () => {
      // Never reached the flow (an outbound call nobody answered): only the Call row's status changes.
      const row = await outboundCallRow(deps, account.tenantId, account.provider, params.CallSid);
      if (!row) {
        request.log.warn(
          { callSid: params.CallSid, status: params.CallStatus },
          "status callback for a call this account does not have",
        );
        return;
      }
      await deps.log.append({
        call: {
          callId: row.id,
          tenantId: account.tenantId,
          provider: account.provider,
          providerCallId: params.CallSid,
          providerAccountId: account.id,
          phoneNumberId: row.phoneNumberId,
          flowId: row.flowId,
          flowVersionId: row.flowVersionId,
          direction: "OUTBOUND",
          from: params.From,
          to: params.To,
          startedAt: deps.clock(),
          existingRow: true,
          test: false,
        },
        create: false,
        events: [],
        consents: [],
        recordings: [],
        status: {
          value: status,
          ...(params.CallDuration !== undefined ? { durationSeconds: params.CallDuration } : {}),
        },
      });
    });
    // A caller who hangs up leaves the queue (abandoned) or ends the agent's call (wrap-up).
    if (CALL_STATUS_RANK[status] === FINAL_CALL_STATUS_RANK) {
      const record = await session.peek(keyOf(request, params.CallSid));
      if (record) await deps.queues.callEnded(account.tenantId, record.meta.callId);
    }
    return reply.code(204).send();
  });

  /** Recording and transcription callbacks only add to the log: the recording row, its URL, its transcript. */
  app.post(path("recording-status"), async (request, reply) => {
    const params = recordingStatusParamsSchema.parse(request.body);
    const status =
      params.RecordingStatus === "completed"
        ? "AVAILABLE"
        : params.RecordingStatus === "in-progress"
          ? "IN_PROGRESS"
          : "FAILED";
    const fields = {
      url: params.RecordingUrl ?? null,
      durationSeconds: params.RecordingDuration ?? null,
      status,
    } as const;
    const voicemail = (request.query as Record<string, string>).kind === "voicemail";
    await session.recording(keyOf(request, params.CallSid), (call) =>
      voicemail
        ? voicemailRecording(call, params.RecordingSid, fields)
        : callRecording(call, params.RecordingSid, fields),
    );
    return reply.code(204).send();
  });

  app.post(path("transcription"), async (request, reply) => {
    const params = transcriptionParamsSchema.parse(request.body);
    await session.recording(keyOf(request, params.CallSid), (call) =>
      params.TranscriptionStatus === "completed"
        ? voicemailRecording(call, params.RecordingSid, { transcript: params.TranscriptionText })
        : null,
    );
    return reply.code(204).send();
  });
}
