import * as z from "zod";

const turn = z.number().int().nonnegative();

export const sayCommandSchema = z.object({
  type: z.literal("say"),
  text: z.string(),
  language: z.string(),
  voice: z.string().optional(),
  ssml: z.boolean(),
  loop: z.number().int().min(1).default(1),
});

export const playCommandSchema = z.object({
  type: z.literal("play"),
  url: z.string(),
  loop: z.number().int().min(1).default(1),
});

export const promptCommandSchema = z.discriminatedUnion("type", [sayCommandSchema, playCommandSchema]);

export const dialTargetSchema = z.object({
  type: z.enum(["phone", "sip", "client", "agent"]),
  value: z.string(),
});

export const httpMethodSchema = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]);

export const callCommandSchema = z.discriminatedUnion("type", [
  sayCommandSchema,
  playCommandSchema,
  z.object({
    type: z.literal("gather"),
    turn,
    input: z.array(z.enum(["dtmf", "speech"])).min(1),
    timeoutSeconds: z.number().positive(),
    numDigits: z.number().int().positive().optional(),
    minDigits: z.number().int().nonnegative().optional(),
    maxDigits: z.number().int().positive().optional(),
    finishOnKey: z.string().optional(),
    hints: z.array(z.string()).optional(),
    language: z.string(),
    /** Seconds of silence that end a spoken answer; absent: the caller's first pause. */
    speechTimeoutSeconds: z.number().int().positive().optional(),
    /** The recogniser (Twilio's speechModel); absent: the provider chooses. */
    speechModel: z.string().optional(),
    /** Played while listening; the caller may barge in. */
    prompts: z.array(promptCommandSchema),
  }),
  z.object({
    type: z.literal("dial"),
    turn,
    target: dialTargetSchema,
    callerId: z.string().optional(),
    timeoutSeconds: z.number().positive(),
    /** Only true when recording consent allows it; the engine decides. */
    record: z.boolean(),
  }),
  z.object({
    type: z.literal("enqueue"),
    turn,
    queue: z.string(),
    skills: z.array(z.string()),
    /** 0 to 100: the block's fixed priority, or what its "priority from" rendered when that is a number. */
    priority: z.number().int().min(0).max(100),
    /** The agent to offer the caller to first (extension, email or id, as rendered); absent: none. */
    preferredAgent: z.string().min(1).optional(),
    holdMusicUrl: z.string().optional(),
    maxWaitSeconds: z.number().positive(),
    announcePosition: z.boolean(),
    announceWaitTime: z.boolean(),
    announceEverySeconds: z.number().positive(),
    offerCallback: z.boolean(),
    language: z.string(),
  }),
  z.object({
    type: z.literal("record"),
    turn,
    /** A caller-initiated message (voicemail), not call recording: no consent needed. */
    purpose: z.literal("voicemail"),
    maxLengthSeconds: z.number().positive(),
    transcribe: z.boolean(),
    playBeep: z.boolean(),
    finishOnKey: z.string().optional(),
    mailbox: z.string(),
    /** The call's language (BCP 47): a provider's own transcription is asked for only in one it knows. */
    language: z.string().optional(),
  }),
  z.object({ type: z.literal("recording.start"), channels: z.enum(["mono", "dual"]) }),
  z.object({ type: z.literal("recording.stop") }),
  z.object({
    type: z.literal("http.request"),
    turn,
    requestId: z.string(),
    method: httpMethodSchema,
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string().optional(),
    timeoutSeconds: z.number().positive(),
  }),
  /** A text message through the provider's messaging API; the engine waits for `sms.result`. */
  z.object({
    type: z.literal("sms.send"),
    turn,
    requestId: z.string(),
    to: z.string(),
    body: z.string().max(1600),
  }),
  z.object({ type: z.literal("set-language"), language: z.string() }),
  z.object({ type: z.literal("hangup"), reason: z.string().optional() }),
]);

export type CallCommand = z.infer<typeof callCommandSchema>;
export type CallCommandType = CallCommand["type"];
export type CallCommandOf<T extends CallCommandType> = Extract<CallCommand, { type: T }>;
export type PromptCommand = z.infer<typeof promptCommandSchema>;
export type DialTarget = z.infer<typeof dialTargetSchema>;
export type HttpMethod = z.infer<typeof httpMethodSchema>;

/** Commands after which the engine waits for an event of the same turn. */
export const WAITING_COMMANDS = ["gather", "dial", "enqueue", "record", "http.request", "sms.send"] as const;
export type WaitingCommandType = (typeof WAITING_COMMANDS)[number];

/** What a waiting call waits for: the one list the engine state, the simulator and the adapters use. */
export const waitKindSchema = z.enum(["gather", "dial", "enqueue", "record", "http", "sms"]);
export type WaitKind = z.infer<typeof waitKindSchema>;
/** The wait kind each waiting command starts. */
export const WAIT_KIND_OF: Record<WaitingCommandType, WaitKind> = {
  gather: "gather",
  dial: "dial",
  enqueue: "enqueue",
  record: "record",
  "http.request": "http",
  "sms.send": "sms",
};
