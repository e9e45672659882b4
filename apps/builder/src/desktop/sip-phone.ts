import { ASTERISK_CALL_ID_HEADER } from "@ringflow/flow-schema";
import type { RouterOutputs } from "../api/trpc.ts";

/** How the agent's browser phone registers to the workspace's Asterisk (desktop.sipPhone). */
export type SipPhoneConfig = NonNullable<RouterOutputs["desktop"]["sipPhone"]>;

/**
 * The SIP header the runtime sets when it rings an agent on Asterisk (a PJSIP_HEADER on the originated
 * channel), naming our call: the same `callId` the Twilio client gets as a custom parameter.
 */
export const CALL_ID_HEADER = ASTERISK_CALL_ID_HEADER;
/** The caller ID a click-to-call asks for (the runtime's dialplan reads it). */
export const CALLER_ID_HEADER = "X-Ringflow-Caller-Id";

/** An incoming INVITE's Ringflow parameters, as the softphone hands them to the desktop. */
export function sipCallParameters(getHeader: (name: string) => string | undefined): Map<string, string> {
  const parameters = new Map<string, string>();
  const callId = getHeader(CALL_ID_HEADER)?.trim();
  if (callId) parameters.set("callId", callId);
  return parameters;
}

/** What a click-to-call dials: a number or extension at the PBX the phone is registered to. */
export function sipTarget(to: string, registeredUri: string): string {
  const domain = registeredUri.replace(/^sips?:[^@]*@/, "");
  const dialled = to.replace(/[^\d+*#]/g, "");
  return `sip:${dialled}@${domain}`;
}
