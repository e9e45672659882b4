import twilio from "twilio";
import { callCommandSchema, type CallCommandOf } from "@ringflow/flow-schema";
import type { CallbackTurn } from "../../acd/callback-dialog.ts";
import type { QueuedCall } from "../../acd/queued-calls.ts";
import type { TwilioUrls } from "./urls.ts";

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type SayAttributes = Parameters<VoiceResponse["say"]>[0];

/** The conference of a call: one per call, named for it, so agents, consultations and supervisors join it. */
export const conferenceName = (callId: string) => `call-${callId}`;

/**
 * The Enqueue block's TwiML: the caller goes to the queue-wait loop, whose first request (`enter`, carrying
 * the block's command, signed like every URL Twilio calls) places the call in the queue engine.
 */
export function enqueueRedirect(
  response: VoiceResponse,
  command: CallCommandOf<"enqueue">,
  urls: TwilioUrls,
) {
  const enter = Buffer.from(JSON.stringify(command)).toString("base64url");
  response.redirect({ method: "POST" }, urls.action("queue-wait", command.turn, { enter }));
}

/** The command in an `enter` URL, or null when it is not one. */
export function enteredCommand(enter: string | undefined): CallCommandOf<"enqueue"> | null {
  if (!enter) return null;
  const parsed = callCommandSchema.safeParse(JSON.parse(Buffer.from(enter, "base64url").toString("utf8")));
  return parsed.success && parsed.data.type === "enqueue" ? parsed.data : null;
}

/**
 * One round of waiting: the announcements when they are due, the callback offer (press 1), hold music,
 * then back to the loop, which asks the engine again. An offer that is answered or a maximum wait that
 * passes brings the caller back early (a REST redirect to the same loop).
 */
export function renderQueueWaiting(input: {
  call: QueuedCall;
  urls: TwilioUrls;
  holdMusicUrl: string;
  /** What to say this round (empty when the announcements are not due). */
  announcements: string[];
}): string {
  const { call, urls } = input;
  const response = new twilio.twiml.VoiceResponse();
  const language = call.language as SayAttributes["language"];
  const loop = urls.action("queue-wait", call.turn);
  const parent = call.offerCallback
    ? response.gather({
        input: ["dtmf"],
        numDigits: 1,
        timeout: 1,
        action: loop,
        method: "POST",
        actionOnEmptyResult: false,
      })
    : response;
  for (const text of input.announcements) parent.say({ language }, text);
  if (call.offerCallback && input.announcements.length)
    parent.say({ language }, "Press 1 to keep your place in line and be called back.");
  parent.play({}, call.holdMusicUrl ?? input.holdMusicUrl);
  response.redirect({ method: "POST" }, loop);
  return response.toString();
}

/**
 * A question of the callback's confirmation (callbackTurn): a read-back answered with one digit, or a number
 * typed and ended with the pound key. Without an answer the caller goes back to the wait loop, place kept.
 */
export function renderCallbackQuestion(input: {
  call: QueuedCall;
  urls: TwilioUrls;
  turn: Extract<CallbackTurn, { kind: "confirm" | "enter" }>;
}): string {
  const { call, urls, turn } = input;
  const response = new twilio.twiml.VoiceResponse();
  const language = call.language as SayAttributes["language"];
  const gather = response.gather({
    input: ["dtmf"],
    ...(turn.kind === "confirm" ? { numDigits: 1, timeout: 5 } : { finishOnKey: "#", timeout: 10 }),
    action: urls.action(
      "queue-wait",
      call.turn,
      turn.kind === "confirm" ? { callback: "confirm", number: turn.number } : { callback: "enter" },
    ),
    method: "POST",
    actionOnEmptyResult: false,
  });
  for (const text of turn.say) gather.say({ language }, text);
  response.redirect({ method: "POST" }, urls.action("queue-wait", call.turn));
  return response.toString();
}

/** What the caller hears said about the wait (when the block asks for it). */
export function queueAnnouncements(
  call: QueuedCall,
  position: number | null,
  estimatedWaitMs: number | null,
): string[] {
  const out: string[] = [];
  if (call.announcePosition && position !== null) out.push(`You are number ${position} in line.`);
  if (call.announceWaitTime && estimatedWaitMs !== null && estimatedWaitMs > 0) {
    const minutes = Math.max(1, Math.round(estimatedWaitMs / 60_000));
    out.push(`The expected wait is about ${minutes} minute${minutes === 1 ? "" : "s"}.`);
  }
  return out;
}

/**
 * The caller joins the call's conference, where the agent already is. When the agent leaves, the conference
 * ends and the caller's <Dial> returns: its action goes on at the block's "After agent".
 */
export function renderCallerConference(call: QueuedCall, urls: TwilioUrls, holdMusicUrl: string): string {
  const response = new twilio.twiml.VoiceResponse();
  const dial = response.dial({
    action: urls.action("enqueue", call.turn, { outcome: "bridged" }),
    method: "POST",
  });
  dial.conference(
    {
      participantLabel: "caller",
      startConferenceOnEnter: true,
      endConferenceOnExit: false,
      beep: "false",
      waitUrl: call.holdMusicUrl ?? holdMusicUrl,
      waitMethod: "GET",
    },
    conferenceName(call.callId),
  );
  return response.toString();
}

/** A leg rung as a call of its own joins the call's conference when answered, then hangs up. */
export function renderJoinConference(
  name: string,
  how: {
    label: string;
    startConferenceOnEnter: boolean;
    endConferenceOnExit: boolean;
    muted: boolean;
    coach?: string;
  },
): string {
  const response = new twilio.twiml.VoiceResponse();
  response.dial().conference(
    {
      participantLabel: how.label,
      startConferenceOnEnter: how.startConferenceOnEnter,
      endConferenceOnExit: how.endConferenceOnExit,
      beep: "false",
      ...(how.muted ? { muted: true } : {}),
      ...(how.coach ? { coach: how.coach } : {}),
    },
    name,
  );
  response.hangup();
  return response.toString();
}
