import * as z from "zod";

/**
 * What the API asks the runtime to do to a live call on behalf of a person (an agent's desktop, a supervisor's
 * wallboard, an API token): one BullMQ job per request on the `call-control` queue, carried out by the
 * runtime on the call's provider (Twilio: participant updates of the call's conference). The API has already
 * authorized the person; the runtime checks only that the call belongs to the tenant and is connected.
 *
 * The job's return value (and the `call.control` result the API may wait for) follows
 * `callControlOutcomeSchema`. Agent state changes are not here: the API sets those on the queue engine.
 */
export const CALL_CONTROL_QUEUE = "call-control";

const id = z.string().min(1).max(200);
/** A number to ring: E.164 with its + and country code. */
const phoneNumber = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, { error: "Enter a phone number with a + and its country code." });

/** Whom a transfer or consultation rings. */
export const callControlTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("agent"), agentId: id }),
  z.object({ kind: z.literal("queue"), queueId: id }),
  z.object({ kind: z.literal("number"), number: phoneNumber, callerId: phoneNumber.optional() }),
]);
export type CallControlTarget = z.infer<typeof callControlTargetSchema>;

/** A consultation or a third party is a person, never a queue (nobody would answer the consultation). */
const personTargetSchema = z.discriminatedUnion("kind", [
  callControlTargetSchema.options[0],
  callControlTargetSchema.options[2],
]);

/** Where a supervisor listens from: the Voice SDK in the browser (client identity), a phone or SIP address. */
export const monitorEndpointSchema = z.object({
  kind: z.enum(["twilio-client", "sip", "phone"]),
  address: z.string().min(1).max(300),
});

/** Listen: hears both sides, nobody hears them. Whisper: only the agent hears them. Barge: everyone does. */
export const monitorModeSchema = z.enum(["listen", "whisper", "barge"]);
export type MonitorMode = z.infer<typeof monitorModeSchema>;

/** The participants of a connected call a command may name. */
export const callPartySchema = z.enum(["caller", "agent", "third-party"]);
export type CallParty = z.infer<typeof callPartySchema>;

export const callControlCommandSchema = z.discriminatedUnion("action", [
  /** The party hears hold music and hears nobody; the default is the caller. */
  z.object({ action: z.literal("hold"), party: callPartySchema.default("caller") }),
  z.object({ action: z.literal("resume"), party: callPartySchema.default("caller") }),
  /** The agent's own microphone, for agents on a phone (the browser mutes itself). */
  z.object({ action: z.literal("mute"), party: callPartySchema.default("agent") }),
  z.object({ action: z.literal("unmute"), party: callPartySchema.default("agent") }),
  /** The caller goes to the target; the agent leaves at once (and goes into wrap-up). */
  z.object({ action: z.literal("transfer"), target: callControlTargetSchema }),
  /** Attended transfer, first half: the caller is held while the agent talks to the target. */
  z.object({ action: z.literal("consult"), target: personTargetSchema }),
  /** Attended transfer completed: the caller and the consulted person talk, the agent leaves. */
  z.object({ action: z.literal("consult.complete") }),
  /** Attended transfer abandoned: the consulted person leaves, the caller is back with the agent. */
  z.object({ action: z.literal("consult.return") }),
  /** A three-way call: the target joins caller and agent. */
  z.object({ action: z.literal("add-party"), target: personTargetSchema }),
  /**
   * The agent hangs up: the agent leaves and the caller goes on in the flow (the Enqueue block's "After
   * agent"); `endCall` hangs the caller up too. `party: "third-party"` drops only the third party.
   */
  z.object({
    action: z.literal("hangup"),
    party: z.enum(["agent", "third-party"]).default("agent"),
    endCall: z.boolean().default(false),
  }),
  /** A supervisor joins the call (or changes how they take part, when already in it). */
  z.object({
    action: z.literal("monitor"),
    mode: monitorModeSchema,
    supervisorUserId: id,
    endpoint: monitorEndpointSchema,
  }),
  z.object({ action: z.literal("monitor.stop"), supervisorUserId: id }),
  /** Call recording by an agent, within the flow's consent rules (the runtime refuses it without consent). */
  z.object({ action: z.literal("recording.start") }),
  z.object({ action: z.literal("recording.stop") }),
  z.object({ action: z.literal("recording.pause") }),
  z.object({ action: z.literal("recording.resume") }),
]);
export type CallControlCommand = z.input<typeof callControlCommandSchema>;
export type ParsedCallControlCommand = z.output<typeof callControlCommandSchema>;
export type CallControlAction = ParsedCallControlCommand["action"];

/** Who asked: recorded with the call's log, and the agent whose call it is when an agent asked. */
export const callControlRequesterSchema = z.object({
  userId: id,
  /** The Agent row of the person, when they asked as an agent. */
  agentId: id.nullable().default(null),
  /** The API token that asked, when it was an integration rather than a signed-in person. */
  apiTokenId: id.nullable().default(null),
});

export const callControlJobSchema = z.object({
  /** One request: the job's id too, so a retried request is carried out once. */
  requestId: id,
  tenantId: id,
  /** The Call row's id. */
  callId: id,
  requestedBy: callControlRequesterSchema,
  /** Epoch ms when the person asked; the runtime drops a request older than `CALL_CONTROL_MAX_AGE_MS`. */
  requestedAt: z.number().int().nonnegative(),
  command: callControlCommandSchema,
});
export type CallControlJob = z.input<typeof callControlJobSchema>;
export type ParsedCallControlJob = z.output<typeof callControlJobSchema>;

/** A hold pressed a minute ago that never ran is no longer what the agent wants. */
export const CALL_CONTROL_MAX_AGE_MS = 60_000;

/** The BullMQ job id of a request: a second add of the same request adds nothing. */
export const callControlJobId = (job: Pick<CallControlJob, "tenantId" | "requestId">) =>
  `cc-${job.tenantId}-${job.requestId}`;

/** The options the API adds the job with: a few quick retries (Twilio's REST API may blip), then an answer. */
export const CALL_CONTROL_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: "exponential", delay: 250 },
  removeOnComplete: 1000,
  removeOnFail: 1000,
} as const;

export const callControlRefusalSchema = z.enum([
  /** No such call in this tenant, or it has ended. */
  "call-not-found",
  /** The call is not connected to an agent (still in the flow or waiting in a queue). */
  "not-connected",
  /** The command needs a consultation (or a third party) the call does not have. */
  "no-consultation",
  "no-third-party",
  /** The target agent or queue is unknown, or the agent cannot take the call now. */
  "target-unavailable",
  /** The target agent is not available (on a call, being rung, in wrap-up, away or signed out). */
  "agent-unavailable",
  /** The caller's consent does not allow recording. */
  "no-consent",
  /** The call's provider cannot do it. */
  "unsupported",
  "too-old",
]);
export type CallControlRefusal = z.infer<typeof callControlRefusalSchema>;

export const callControlOutcomeSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), requestId: id, callId: id, action: z.string() }),
  z.object({
    ok: z.literal(false),
    requestId: id,
    callId: id,
    action: z.string(),
    refusal: callControlRefusalSchema,
    /** In plain words, for the person who asked. */
    message: z.string(),
  }),
]);
export type CallControlOutcome = z.infer<typeof callControlOutcomeSchema>;

export const callControlActionSchema = z.enum(
  callControlCommandSchema.options.map((option) => option.shape.action.value) as [
    CallControlAction,
    ...CallControlAction[],
  ],
);

/**
 * What a call-control request came to, or what followed it on the call: `done` (carried out: on hold, back,
 * recording changed, the consultation completed or returned, the transfer placed), `refused` (`refusal` and
 * `message` say why), and for a transfer or consultation that rang someone, `answered` or `not-answered` (no
 * answer, busy, failed: the caller is back with the agent).
 */
export const callControlResultSchema = z.enum(["done", "refused", "answered", "not-answered"]);
export type CallControlResult = z.infer<typeof callControlResultSchema>;

/** One call-control outcome as the desktop of the agent whose call it is hears it (and supervisors). */
export const callControlReportSchema = z.object({
  callId: z.string(),
  /** The agent whose call it is (who asked, or whose transfer it was); null for a supervisor's own request. */
  agentId: z.string().nullable(),
  /** The request it answers; null for what followed later (a transfer answered or not). */
  requestId: z.string().nullable(),
  /** The command it follows; null when the provider reported it later without one. */
  action: callControlActionSchema.nullable(),
  result: callControlResultSchema,
  /** Whom the transfer, consultation or third party rang, as people know them (the agent's name, a number). */
  targetName: z.string().nullable(),
  refusal: callControlRefusalSchema.nullable(),
  /** In plain words, when refused. */
  message: z.string().nullable(),
});
export type CallControlReport = z.infer<typeof callControlReportSchema>;
