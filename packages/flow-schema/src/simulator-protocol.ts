import * as z from "zod";
import {
  callCommandSchema,
  httpMethodSchema,
  playCommandSchema,
  sayCommandSchema,
  waitKindSchema,
} from "./commands.ts";
import { consentStatusSchema } from "./consent.ts";
import { dialStatusSchema, enqueueStatusSchema } from "./events.ts";
import { traceEntrySchema } from "./trace.ts";

/**
 * The builder's test call: a WebSocket to the runtime's `GET /simulator` (JSON text frames, one message per
 * frame). The runtime runs the same engine as live calls; these schemas are the whole protocol.
 *
 *   client -> start                 server -> started, then say/play/..., trace, state, waiting | ended
 *   client -> digits | speech | noInput | dial | queue | record | clock | hangup
 *   server -> say/play/... trace state waiting | ended        (after each input)
 *
 * Authentication: the `ringflow_session` cookie of a signed-in user, sent with the upgrade request; runs of a
 * stored flow need a membership of its tenant. Time in the flow (business hours) is the simulated clock.
 */

const isoTime = z.iso.datetime({ offset: true });

/** A scripted answer for HTTP request nodes whose URL matches: a substring, or `/regex/`. */
export const simulatorHttpMockSchema = z.object({
  urlPattern: z.string().min(1),
  method: httpMethodSchema.optional(),
  status: z.number().int().min(100).max(599).default(200),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).default({}),
  /** Simulates a slow service; beyond the node's timeout the node fails with a timeout. */
  delayMs: z.number().int().nonnegative().max(60_000).default(0),
  /** Fail like a network error instead of answering. */
  error: z.string().optional(),
});

export const simulatorStartSchema = z.object({
  type: z.literal("start"),
  /** A draft sent inline (unsaved edits), or a stored flow: its draft, a version number, or the live version. */
  flow: z.union([
    z.object({ document: z.unknown(), tenantId: z.string().optional() }),
    z.object({
      flowId: z.string(),
      version: z.union([z.literal("draft"), z.literal("live"), z.number().int().positive()]).default("draft"),
    }),
  ]),
  caller: z
    .object({
      from: z.string().default("+15555550100"),
      to: z.string().default("+15555550199"),
      /** The caller's US state (e.g. "CA"): drives recording consent. */
      callerState: z.string().optional(),
      direction: z.enum(["inbound", "outbound"]).default("inbound"),
    })
    .default({ from: "+15555550100", to: "+15555550199", direction: "inbound" }),
  /** The simulated time the call starts at (ISO 8601 with offset); it then runs with the real clock. */
  clock: isoTime.optional(),
  language: z.string().optional(),
  variables: z.record(z.string(), z.json()).optional(),
  /** Scripted HTTP answers; requests that match none really run (subject to the runtime's address rules). */
  httpMocks: z.array(simulatorHttpMockSchema).default([]),
});

/** What the caller does on a test call (and in a test case): the answers to what the flow waits for. */
export const callerInputSchema = z.discriminatedUnion("type", [
  /** Keys pressed while the flow listens (include the finish key if the caller would press it). */
  z.object({ type: z.literal("digits"), digits: z.string().regex(/^[0-9*#]*$/) }),
  z.object({ type: z.literal("speech"), text: z.string(), confidence: z.number().min(0).max(1).optional() }),
  /** The caller says nothing until the listening times out. */
  z.object({ type: z.literal("noInput") }),
  /** How a transfer ended (the simulator places no real call). */
  z.object({
    type: z.literal("dial"),
    status: dialStatusSchema,
    durationSeconds: z.number().nonnegative().optional(),
  }),
  /** How waiting in a queue ended. */
  z.object({
    type: z.literal("queue"),
    status: enqueueStatusSchema,
    waitSeconds: z.number().nonnegative().optional(),
  }),
  /** The caller left a voicemail (`durationSeconds` > 0) or nothing. */
  z.object({
    type: z.literal("record"),
    durationSeconds: z.number().nonnegative().default(0),
    transcript: z.string().optional(),
  }),
  z.object({ type: z.literal("hangup") }),
]);

export const simulatorClientMessageSchema = z.discriminatedUnion("type", [
  simulatorStartSchema,
  ...callerInputSchema.options,
  /** Moves the simulated clock (to test business hours mid-call). */
  z.object({ type: z.literal("clock"), at: isoTime }),
]);

export const simulatorServerMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("started"),
    callId: z.string(),
    flow: z.object({
      name: z.string(),
      flowId: z.string().nullable(),
      version: z.union([z.number(), z.literal("draft")]),
    }),
    clock: isoTime,
  }),
  /** What the caller hears: text in a language (and voice), or an audio URL. Prompts of a gather come first. */
  sayCommandSchema.extend({ nodeId: z.string().nullable() }),
  playCommandSchema.extend({ nodeId: z.string().nullable() }),
  /** Recording started or stopped (only ever with consent). */
  z.object({
    type: z.literal("recording"),
    action: z.enum(["start", "stop"]),
    channels: z.enum(["mono", "dual"]).optional(),
  }),
  z.object({ type: z.literal("language"), language: z.string() }),
  /** A text message the flow sent (test calls never reach a carrier). */
  z.object({ type: z.literal("sms"), nodeId: z.string().nullable(), to: z.string(), body: z.string() }),
  /** An HTTP request node ran (really, or against a scripted mock); secrets are masked. */
  z.object({
    type: z.literal("http"),
    nodeId: z.string().nullable(),
    mocked: z.boolean(),
    request: z.object({
      method: z.string(),
      url: z.string(),
      headers: z.record(z.string(), z.string()),
      body: z.unknown().optional(),
    }),
    response: z
      .object({ status: z.number(), headers: z.record(z.string(), z.string()), body: z.unknown() })
      .nullable(),
    error: z.string().nullable(),
    ms: z.number(),
  }),
  /** What the flow waits for: answer with digits/speech/noInput (gather), dial, queue or record. */
  z.object({
    type: z.literal("waiting"),
    turn: z.number().int(),
    for: waitKindSchema,
    nodeId: z.string(),
    /** The engine's command: a gather's input kinds, timeout and digits; a dial's target; a queue's name... */
    command: callCommandSchema,
  }),
  /** The engine's trace of the last step: the active node, ports taken, variables changed. */
  z.object({ type: z.literal("trace"), entries: z.array(traceEntrySchema) }),
  z.object({
    type: z.literal("state"),
    status: z.enum(["running", "waiting", "ended"]),
    turn: z.number().int(),
    nodeId: z.string().nullable(),
    flowId: z.string().nullable(),
    language: z.string(),
    variables: z.record(z.string(), z.unknown()),
    consent: consentStatusSchema,
    recording: z.boolean(),
    clock: isoTime,
  }),
  z.object({ type: z.literal("ended"), reason: z.string() }),
  /** A bad message, a flow that does not compile (with its problems), or a refused run; the socket stays open. */
  z.object({
    type: z.literal("error"),
    message: z.string(),
    problems: z.array(z.object({ nodeId: z.string().nullable(), message: z.string() })).optional(),
  }),
]);

export type SimulatorHttpMock = z.infer<typeof simulatorHttpMockSchema>;
export type SimulatorStart = z.infer<typeof simulatorStartSchema>;
export type CallerInput = z.infer<typeof callerInputSchema>;
export type SimulatorClientMessage = z.input<typeof simulatorClientMessageSchema>;
export type SimulatorClientMessageParsed = z.infer<typeof simulatorClientMessageSchema>;
export type SimulatorServerMessage = z.infer<typeof simulatorServerMessageSchema>;
export type SimulatorServerMessageOf<T extends SimulatorServerMessage["type"]> = Extract<
  SimulatorServerMessage,
  { type: T }
>;
