import type { CallEvent, CallEventOf, DialStatus, EnqueueStatus } from "@ringflow/flow-schema";
import type { DialParams, EnqueueParams, GatherParams, RecordParams } from "./params.ts";

/** Twilio's action callbacks -> engine events. Pure: the clock comes in as `at`. */

export function gatherEvent(params: GatherParams, turn: number, noInput: boolean, at: number): CallEvent {
  if (noInput || (!params.Digits && !params.SpeechResult)) return { type: "gather.timeout", turn, at };
  return {
    type: "gather.result",
    turn,
    at,
    ...(params.Digits ? { digits: params.Digits } : {}),
    ...(params.SpeechResult ? { speech: params.SpeechResult } : {}),
    ...(params.Confidence !== undefined ? { confidence: Math.min(1, params.Confidence) } : {}),
  };
}

export function dialEvent(params: DialParams, turn: number, at: number): CallEventOf<"dial.result"> {
  return {
    type: "dial.result",
    turn,
    at,
    status: dialStatus(params.DialCallStatus),
    ...(params.DialCallDuration !== undefined ? { durationSeconds: params.DialCallDuration } : {}),
  };
}

export function enqueueEvent(params: EnqueueParams, turn: number, at: number): CallEventOf<"enqueue.result"> {
  return {
    type: "enqueue.result",
    turn,
    at,
    status: enqueueStatus(params.QueueResult),
    ...(params.QueueTime !== undefined ? { waitSeconds: params.QueueTime } : {}),
  };
}

/** `empty`: Twilio skipped the action (nothing recorded) and followed our fallback redirect. */
export function recordEvent(
  params: RecordParams,
  turn: number,
  empty: boolean,
  at: number,
): CallEventOf<"record.result"> {
  if (empty || !params.RecordingUrl) return { type: "record.result", turn, at };
  return {
    type: "record.result",
    turn,
    at,
    url: params.RecordingUrl,
    ...(params.RecordingDuration !== undefined ? { durationSeconds: params.RecordingDuration } : {}),
  };
}

/** DialCallStatus: completed, answered, busy, no-answer, failed, canceled. */
export function dialStatus(status: string): DialStatus {
  switch (status) {
    case "completed":
    case "answered":
      return "answered";
    case "busy":
    case "no-answer":
    case "canceled":
      return status;
    default:
      return "failed";
  }
}

/** QueueResult: bridged, bridging-in-process, queue-full, redirected, hangup, error, system-error, leave. */
export function enqueueStatus(result: string): EnqueueStatus {
  switch (result) {
    case "bridged":
    case "bridging-in-process":
      return "bridged";
    case "hangup":
      return "hangup";
    default:
      // leave (waited past the limit), queue-full, redirected, error, system-error.
      return "overflow";
  }
}
