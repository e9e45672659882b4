import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type * as z from "zod";
import type { Db } from "@ringflow/db";
import type { CallEvent } from "@ringflow/flow-schema";
import { startCall, step } from "../../engine/index.ts";
import type { Json } from "../../engine/state.ts";
import { stableId, type LogRecording } from "../../calls/call-log.ts";
import type { CallMeta, CallRecord, CallStore } from "../../calls/call-store.ts";
import { FlowNotFoundError, type FlowResolver, type PinnedFlow } from "../../calls/resolve-flow.ts";
import { callStatusOf, TERMINAL_RANK, type CallDriver, type TurnExtras } from "./call-driver.ts";
import { dialEvent, enqueueEvent, gatherEvent, recordEvent } from "./events.ts";
import {
  dialParamsSchema,
  enqueueParamsSchema,
  gatherParamsSchema,
  queueWaitParamsSchema,
  recordingStatusParamsSchema,
  recordParamsSchema,
  statusParamsSchema,
  transcriptionParamsSchema,
  turnQuerySchema,
  voiceParamsSchema,
  type VoiceParams,
} from "./params.ts";
import { signatureIsValid, type TwilioAccount, type TwilioAccounts } from "./signature.ts";
import { HANGUP_TWIML, renderQueueWait, sayAndHangUp } from "./twiml.ts";

export interface TwilioRouteDeps {
  db: Db;
  accounts: TwilioAccounts;
  store: CallStore;
  flows: FlowResolver;
  driver: CallDriver;
  publicUrl: string;
  holdMusicUrl: string;
}

declare module "fastify" {
  interface FastifyRequest {
    twilioAccount?: TwilioAccount;
  }
}

const NOT_IN_SERVICE = sayAndHangUp("The number you have called is not in service.");

/** Twilio's webhooks: every request signed by the tenant's auth token, or 403 and nothing runs. */
export async function twilioRoutes(app: FastifyInstance, deps: TwilioRouteDeps): Promise<void> {
  const { driver, store } = deps;

  app.addHook("preHandler", async (request, reply) => {
    const params = (request.body ?? {}) as Record<string, string>;
    const accountSid = typeof params.AccountSid === "string" ? params.AccountSid : "";
    const account = accountSid ? await deps.accounts.find(accountSid) : null;
    const signature = request.headers["x-twilio-signature"];
    const valid =
      !!account &&
      signatureIsValid(
        account.authToken,
        typeof signature === "string" ? signature : undefined,
        deps.publicUrl,
        request.url,
        params,
      );
    if (!valid) {
      request.log.warn(
        { url: request.url, accountSid, known: !!account, signed: !!signature, ip: request.ip },
        "rejected a Twilio webhook: missing or invalid X-Twilio-Signature",
      );
      return reply.code(403).type("text/plain").send("invalid signature");
    }
    request.twilioAccount = account;
  });

  const twiml = (reply: FastifyReply, body: string) => reply.type("text/xml").send(body);

  /** Parses the form and the action URL's turn; a malformed request is a 400 (Twilio shows it in its debugger). */
  function parse<S extends z.ZodType>(
    request: FastifyRequest,
    schema: S,
    withTurn: true,
  ): [z.output<S>, number];
  function parse<S extends z.ZodType>(
    request: FastifyRequest,
    schema: S,
    withTurn?: false,
  ): [z.output<S>, null];
  function parse<S extends z.ZodType>(request: FastifyRequest, schema: S, withTurn = false) {
    const body = schema.parse(request.body);
    if (!withTurn) return [body, null];
    return [body, turnQuerySchema.parse(request.query).turn];
  }

  app.setErrorHandler((error, request, reply) => {
    if ((error as { name?: string }).name === "ZodError") {
      request.log.warn({ err: error, url: request.url }, "malformed Twilio webhook");
      return reply.code(400).send({ error: "malformed request" });
    }
    request.log.error({ err: error, url: request.url }, "Twilio webhook failed");
    // Twilio plays its own error message on a 5xx; an apology in the flow's hands is not possible here.
    return reply.code(500).send({ error: "internal error" });
  });

  app.post("/twilio/voice", async (request, reply) => {
    const [params] = parse(request, voiceParamsSchema);
    const account = request.twilioAccount as TwilioAccount;
    const { answer, record } = await store.load(params.CallSid, "voice");
    if (answer !== null) return twiml(reply, answer);
    if (record) return twiml(reply, record.lastAnswer);
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
    const at = Date.now();
    const result = startCall(flow, {
      callId: start.meta.callId,
      direction: start.meta.direction === "OUTBOUND" ? "outbound" : "inbound",
      from: params.From,
      to: params.To,
      at,
      accountId: params.AccountSid,
      flowId: start.pinned.flowId,
      flowVersion: start.pinned.flowVersionNumber,
      // Consent is about the person the flow talks to: the caller inbound, the called party outbound.
      ...(partyState(params, start.meta.direction)
        ? { callerState: partyState(params, start.meta.direction) }
        : {}),
      ...(start.variables ? { variables: start.variables } : {}),
    });
    const status = callStatusOf(params.CallStatus) ?? callStatusOf("in-progress");
    const fresh: CallRecord = {
      rev: 0,
      state: result.state,
      meta: start.meta,
      seq: 0,
      path: [],
      providerStatus: params.CallStatus,
      statusRank: status?.rank ?? 3,
      durationSeconds: null,
      lastAnswer: "",
      pendingHttp: null,
      mailbox: null,
      consentRecordId: null,
    };
    const answered = await driver.advance(fresh, flow, result, ["voice"], {
      notes: [
        {
          type: "call.start",
          data: {
            from: params.From,
            to: params.To,
            direction: params.Direction,
            callerState: partyState(params, start.meta.direction) ?? null,
          },
        },
      ],
      status: { value: "IN_PROGRESS" },
    });
    // Lost a race with a retry of this very webhook: answer what the winner answered.
    if (answered === null) {
      const again = await store.load(params.CallSid, "voice");
      return twiml(reply, again.answer ?? again.record?.lastAnswer ?? HANGUP_TWIML);
    }
    return twiml(reply, answered);
  });

  /** An action URL of the TwiML: Twilio's form -> one engine event for the turn in the URL. */
  function actionRoute<S extends z.ZodType>(
    endpoint: "gather" | "dial" | "enqueue" | "record",
    schema: S,
    toEvent: (
      params: z.output<S>,
      turn: number,
      query: Record<string, string | undefined>,
      record: CallRecord,
    ) => {
      event: CallEvent;
      extras?: TurnExtras;
      /** Distinguishes answers of one turn that Twilio may send both of (a result and the fallback redirect). */
      variant?: string;
    },
    variant: (params: z.output<S>, query: Record<string, string | undefined>) => string = () => "",
  ): void {
    app.post(`/twilio/${endpoint}`, async (request, reply) => {
      const [params, turn] = parse(request, schema, true);
      const query = request.query as Record<string, string | undefined>;
      const callSid = (params as VoiceParams).CallSid;
      const answerId = `${endpoint}${variant(params, query)}:${turn}`;
      return twiml(
        reply,
        await driver.action(callSid, answerId, turn, async (record) => toEvent(params, turn, query, record)),
      );
    });
  }

  actionRoute(
    "gather",
    gatherParamsSchema,
    (params, turn, query) => ({ event: gatherEvent(params, turn, query.noInput === "1", Date.now()) }),
    (_params, query) => (query.noInput === "1" ? "-none" : ""),
  );
  actionRoute("dial", dialParamsSchema, (params, turn) => ({ event: dialEvent(params, turn, Date.now()) }));
  actionRoute("enqueue", enqueueParamsSchema, (params, turn) => ({
    event: enqueueEvent(params, turn, Date.now()),
  }));
  actionRoute(
    "record",
    recordParamsSchema,
    (params, turn, query, record) => {
      const empty = query.empty === "1" || !params.RecordingUrl;
      return {
        event: recordEvent(params, turn, empty, Date.now()),
        extras: {
          recordings:
            !empty && params.RecordingSid
              ? [
                  voicemailRecording(params.RecordingSid, record.mailbox, {
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

  app.post("/twilio/queue-wait", async (request, reply) => {
    const [params] = parse(request, queueWaitParamsSchema, true);
    const query = request.query as Record<string, string | undefined>;
    return twiml(
      reply,
      renderQueueWait({
        maxWaitSeconds: Number(query.max ?? 600),
        queueTimeSeconds: params.QueueTime ?? 0,
        ...(params.QueuePosition !== undefined ? { position: params.QueuePosition } : {}),
        ...(params.AvgQueueTime !== undefined ? { averageWaitSeconds: params.AvgQueueTime } : {}),
        announce: (query.announce ?? "").split(",").filter(Boolean),
        language: query.lang ?? "en-US",
        holdMusicUrl: query.hold ?? deps.holdMusicUrl,
      }),
    );
  });

  app.post("/twilio/http-wait", async (request, reply) => {
    const [params, turn] = parse(request, voiceParamsSchema, true);
    return twiml(reply, await driver.httpWait(params.CallSid, turn));
  });

  app.post("/twilio/status", async (request, reply) => {
    const [params] = parse(request, statusParamsSchema);
    await applyStatus(deps, request.twilioAccount as TwilioAccount, params, request.log);
    return reply.code(204).send();
  });

  /** Recording and transcription callbacks only add to the log: the recording row, its URL, its transcript. */
  async function logRecording(
    callSid: string,
    recording: (record: CallRecord) => LogRecording | null,
  ): Promise<void> {
    const { record } = await store.load(callSid);
    const row = record ? recording(record) : null;
    if (!record || !row) return;
    driver.queueLog({
      call: { ...record.meta, startedAt: record.state.startedAt },
      create: true,
      events: [],
      consents: [],
      recordings: [row],
    });
  }

  app.post("/twilio/recording-status", async (request, reply) => {
    const [params] = parse(request, recordingStatusParamsSchema);
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
    await logRecording(params.CallSid, (record) =>
      (request.query as Record<string, string>).kind === "voicemail"
        ? voicemailRecording(params.RecordingSid, record.mailbox, fields)
        : {
            id: stableId("recording", params.RecordingSid),
            providerRecordingId: params.RecordingSid,
            transcript: null,
            kind: "call",
            mailbox: null,
            consentRecordId: record.consentRecordId,
            ...fields,
          },
    );
    return reply.code(204).send();
  });

  app.post("/twilio/transcription", async (request, reply) => {
    const [params] = parse(request, transcriptionParamsSchema);
    await logRecording(params.CallSid, (record) =>
      params.TranscriptionStatus === "completed"
        ? voicemailRecording(params.RecordingSid, record.mailbox, { transcript: params.TranscriptionText })
        : null,
    );
    return reply.code(204).send();
  });
}

function voicemailRecording(
  recordingSid: string,
  mailbox: string | null,
  fields: Partial<LogRecording>,
): LogRecording {
  return {
    id: stableId("recording", recordingSid),
    providerRecordingId: recordingSid,
    url: null,
    durationSeconds: null,
    status: "AVAILABLE",
    transcript: null,
    consentRecordId: null,
    ...fields,
    kind: "voicemail",
    mailbox,
  };
}

/** Inbound: the number's binding. Outbound: the Call row the API created when it placed the call. */
async function startingPoint(
  deps: TwilioRouteDeps,
  account: TwilioAccount,
  params: VoiceParams,
): Promise<{ pinned: PinnedFlow; meta: CallMeta; variables?: Record<string, Json> }> {
  const base = {
    provider: "TWILIO" as const,
    providerCallId: params.CallSid,
    providerAccountId: account.id,
    from: params.From,
    to: params.To,
  };
  if (params.Direction.startsWith("outbound")) {
    const row = await outboundCallRow(deps.db, account.tenantId, params.CallSid);
    if (row) {
      if (!row.flowId || !row.flowVersionId)
        throw new FlowNotFoundError(`outbound call ${row.id} has no flow`);
      const pinned = await deps.flows.pin(account.tenantId, row.flowId, row.flowVersionId);
      const variables =
        row.variables && typeof row.variables === "object" && !Array.isArray(row.variables)
          ? (row.variables as Record<string, Json>)
          : undefined;
      return {
        pinned,
        meta: {
          ...base,
          callId: row.id,
          tenantId: account.tenantId,
          phoneNumberId: row.phoneNumberId,
          flowId: pinned.flowId,
          flowVersionId: pinned.flowVersionId,
          subflowVersionIds: pinned.subflowVersionIds,
          direction: "OUTBOUND",
          from: row.fromNumber,
          to: row.toNumber,
          existingRow: true,
        },
        ...(variables ? { variables } : {}),
      };
    }
  }
  const target = await deps.flows.forNumber(account.tenantId, account.id, params.To);
  return {
    pinned: target.flow,
    meta: {
      ...base,
      callId: randomUUID(),
      tenantId: account.tenantId,
      phoneNumberId: target.phoneNumberId,
      flowId: target.flow.flowId,
      flowVersionId: target.flow.flowVersionId,
      subflowVersionIds: target.flow.subflowVersionIds,
      direction: "INBOUND",
      existingRow: false,
    },
  };
}

/** How long to wait for the API to store the CallSid of a call it just placed (it learns it from Twilio's answer). */
const OUTBOUND_ROW_WAIT_MS = 3000;

/**
 * The Call row the API created for an outbound call. The API stores the CallSid once Twilio's REST call
 * returns, which can be after Twilio's first webhook for that call: wait a little for it.
 */
async function outboundCallRow(db: Db, tenantId: string, callSid: string) {
  const until = Date.now() + OUTBOUND_ROW_WAIT_MS;
  for (;;) {
    const row = await db.call.findFirst({ where: { tenantId, provider: "TWILIO", providerCallId: callSid } });
    if (row || Date.now() >= until) return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A status callback: moves the call forward only (late and out-of-order callbacks are ignored), ends it when final. */
async function applyStatus(
  deps: TwilioRouteDeps,
  account: TwilioAccount,
  params: z.output<typeof statusParamsSchema>,
  logger: FastifyBaseLogger,
): Promise<void> {
  const status = callStatusOf(params.CallStatus);
  if (!status) return;
  const durationSeconds = params.CallDuration;
  for (let attempt = 0; attempt < 5; attempt++) {
    const { record } = await deps.store.load(params.CallSid);
    if (!record) {
      // Never reached the flow (an outbound call nobody answered): only the Call row's status changes.
      if (!(await outboundCallRow(deps.db, account.tenantId, params.CallSid))) {
        logger.warn(
          { callSid: params.CallSid, status: params.CallStatus },
          "status callback for an unknown call",
        );
        return;
      }
      deps.driver.queueLog({
        call: {
          callId: "",
          tenantId: account.tenantId,
          provider: "TWILIO",
          providerCallId: params.CallSid,
          providerAccountId: account.id,
          phoneNumberId: null,
          flowId: "",
          flowVersionId: "",
          subflowVersionIds: {},
          direction: "OUTBOUND",
          from: params.From,
          to: params.To,
          existingRow: true,
          startedAt: Date.now(),
        },
        create: false,
        events: [],
        consents: [],
        recordings: [],
        status: { value: status.value, ...(durationSeconds !== undefined ? { durationSeconds } : {}) },
      });
      return;
    }
    if (status.rank <= record.statusRank) return;
    const flow = await deps.driver.flowOf(record);
    const withStatus: CallRecord = {
      ...record,
      providerStatus: params.CallStatus,
      statusRank: status.rank,
      durationSeconds: durationSeconds ?? record.durationSeconds,
    };
    const result =
      status.rank === TERMINAL_RANK
        ? step(flow, record.state, { type: "call.status", at: Date.now(), status: params.CallStatus })
        : { state: record.state, commands: [], trace: [] };
    const written = await deps.driver.advance(withStatus, flow, { ...result, commands: [] }, [], {
      notes: [
        {
          type: "call.status",
          data: { status: params.CallStatus, durationSeconds: durationSeconds ?? null },
        },
      ],
      status: { value: status.value, ...(durationSeconds !== undefined ? { durationSeconds } : {}) },
      keepAnswer: true,
    });
    if (written !== null) return;
  }
}

function partyState(params: VoiceParams, direction: CallMeta["direction"]): string | undefined {
  return (direction === "OUTBOUND" ? params.ToState : params.FromState) || undefined;
}
