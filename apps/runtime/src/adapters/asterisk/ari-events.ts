import * as z from "zod";

/**
 * The ARI events the adapter handles, with only the fields it reads (as events.json describes them). Events
 * arrive parsed by ari-client; they are checked here, at the boundary, before anything acts on them.
 */
export const ariChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string(),
  caller: z.object({ name: z.string(), number: z.string() }),
  dialplan: z.object({ context: z.string(), exten: z.string() }),
  creationtime: z.string(),
});
export type AriChannel = z.infer<typeof ariChannelSchema>;

const recordingSchema = z.object({
  name: z.string(),
  target_uri: z.string(),
  state: z.string(),
  duration: z.number().optional(),
  cause: z.string().optional(),
});

export const ariEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("StasisStart"), args: z.array(z.string()), channel: ariChannelSchema }),
  z.object({ type: z.literal("StasisEnd"), channel: ariChannelSchema }),
  z.object({ type: z.literal("ChannelDtmfReceived"), digit: z.string(), channel: ariChannelSchema }),
  z.object({
    type: z.literal("PlaybackFinished"),
    playback: z.object({ id: z.string(), state: z.string(), target_uri: z.string() }),
  }),
  z.object({ type: z.literal("RecordingFinished"), recording: recordingSchema }),
  z.object({ type: z.literal("RecordingFailed"), recording: recordingSchema }),
  z.object({
    type: z.literal("ChannelHangupRequest"),
    cause: z.number().optional(),
    /** Asked by the application (DELETE /channels/{id}): the cause is not the far end's. */
    soft: z.boolean().optional(),
    channel: ariChannelSchema,
  }),
  /**
   * A dialled leg's progress (dial-outcome.ts reads its end). No caller: the dial of an ARI originate; a caller:
   * a Dial() the dialplan runs on a channel of ours (a Local leg's `;2` half dialling a phone).
   */
  z.object({
    type: z.literal("Dial"),
    caller: z.object({ id: z.string() }).optional(),
    peer: ariChannelSchema,
    dialstatus: z.string(),
  }),
  z.object({
    type: z.literal("ChannelDestroyed"),
    cause: z.number(),
    cause_txt: z.string(),
    channel: ariChannelSchema,
  }),
]);
export type AriEvent = z.infer<typeof ariEventSchema>;
export type AriEventType = AriEvent["type"];
export type AriEventOf<T extends AriEventType> = Extract<AriEvent, { type: T }>;

/** Every event type the adapter subscribes to: the contract test checks each against events.json. */
export const HANDLED_ARI_EVENTS = ariEventSchema.options.map((o) => o.shape.type.value);

/** The channel an event is about, when it is about one (a playback or recording names its target). */
export function channelOf(event: AriEvent): string | null {
  switch (event.type) {
    case "StasisStart":
    case "StasisEnd":
    case "ChannelDtmfReceived":
    case "ChannelHangupRequest":
    case "ChannelDestroyed":
      return event.channel.id;
    case "Dial":
      return event.peer.id;
    case "PlaybackFinished":
      return targetId(event.playback.target_uri, "channel");
    case "RecordingFinished":
    case "RecordingFailed":
      return targetId(event.recording.target_uri, "channel");
  }
}

/** `channel:<id>` / `bridge:<id>` -> the id, for the kind asked. */
export function targetId(uri: string, kind: "channel" | "bridge"): string | null {
  return uri.startsWith(`${kind}:`) ? uri.slice(kind.length + 1) : null;
}

/** Keys a gather collects, as the engine asked: the finish key, a number of digits, a maximum. */
export interface DigitRules {
  finishKey?: string;
  numDigits?: number;
  maxDigits?: number;
}

/** One key more: the digits so far and whether the caller is done. Pure. */
export function pressKey(digits: string, key: string, rules: DigitRules): { digits: string; done: boolean } {
  if (rules.finishKey && rules.finishKey.includes(key)) return { digits, done: true };
  const next = digits + key;
  const limit = rules.numDigits ?? rules.maxDigits;
  return { digits: next, done: limit !== undefined && next.length >= limit };
}
