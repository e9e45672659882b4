import type { DialStatus } from "@ringflow/flow-schema";
import type { AriEvent } from "./ari-events.ts";

/** How a dialled leg that never answered ended: a Transfer block's exit, an outbound call's row status. */
export type UnansweredStatus = Exclude<DialStatus, "answered" | "canceled">;

/** The words Asterisk's dialler has in a Dial event for a leg that did not answer (dial.c, app_dial). */
type DialerStatus = "BUSY" | "CONGESTION" | "CHANUNAVAIL" | "NOANSWER";

/**
 * The one table of what a leg's end means, by its Q.850 hangup cause and by its dialler's last Dial status.
 * Typed over every unanswered status, so a status without its row fails to compile; a cause or Dial status
 * named twice fails its test. A cause not named here is a failure.
 *
 * 21 call rejected (a SIP 603 Decline: someone pressed "reject") is busy, as Twilio reports a declined call;
 * 16 normal clearing before an answer is the far end giving up ringing.
 */
export const UNANSWERED: {
  readonly [S in UnansweredStatus]: { causes: readonly number[]; dialStatuses: readonly DialerStatus[] };
} = {
  busy: { causes: [17, 21], dialStatuses: ["BUSY"] },
  "no-answer": { causes: [16, 18, 19], dialStatuses: ["NOANSWER"] },
  // Unallocated number, no route, subscriber absent (an unregistered endpoint), out of order, invalid number,
  // normal unspecified, congestion, network out of order, temporary failure, switching congestion, ...
  failed: {
    causes: [1, 2, 3, 20, 27, 28, 31, 34, 38, 41, 42, 44, 47, 58, 88, 102, 111, 127],
    dialStatuses: ["CONGESTION", "CHANUNAVAIL"],
  },
};

const entries = Object.entries(UNANSWERED) as [UnansweredStatus, (typeof UNANSWERED)[UnansweredStatus]][];
const BY_CAUSE = new Map(entries.flatMap(([status, row]) => row.causes.map((c) => [c, status] as const)));
const BY_DIAL = new Map<string, UnansweredStatus>(
  entries.flatMap(([status, row]) => row.dialStatuses.map((d) => [d, status] as const)),
);

/**
 * What a leg said before it went: its dialler's last Dial status and the cause of the hangup requested of it.
 * Through a Local channel (`Local/<number>@from-internal`) the `;2` half runs the dialplan: when its Dial()
 * finds the phone busy and the dialplan ends, the `;1` half hears the hangup request with that cause, its
 * dialler says BUSY and it is destroyed with the cause; when the dialplan indicates busy or congestion
 * (`Busy()`, FreePBX's busy destination) only the Dial event says so, and the `;1` half is destroyed with
 * cause 0.
 */
export interface LegEnd {
  dialstatus?: string;
  requestedCause?: number;
}

/** Notes what `event` says about the end of leg `legId` (a Dial of it, a hangup requested of it). */
export function noteLegEnd(end: LegEnd, legId: string, event: AriEvent): void {
  if (event.type === "Dial" && event.peer.id === legId && BY_DIAL.has(event.dialstatus))
    end.dialstatus = event.dialstatus;
  // A hangup the application asked for (soft) carries no cause of the far end's.
  if (event.type === "ChannelHangupRequest" && event.channel.id === legId && !event.soft && event.cause)
    end.requestedCause ??= event.cause;
}

/**
 * The status of a leg destroyed with `cause` without answering. A Dial status that names busy, congestion
 * or an unavailable channel decides first; then the cause (the destroyed one, else the requested one);
 * NOANSWER counts only without a cause, as Asterisk's dialler says NOANSWER for every cause it has no word for.
 */
export function unansweredStatus(cause: number, end: LegEnd = {}): UnansweredStatus {
  const said = end.dialstatus ? BY_DIAL.get(end.dialstatus) : undefined;
  if (said && end.dialstatus !== "NOANSWER") return said;
  const known = cause || end.requestedCause || 0;
  return BY_CAUSE.get(known) ?? (said && !known ? said : "failed");
}
