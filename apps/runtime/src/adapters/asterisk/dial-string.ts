import type { DialTarget } from "@ringflow/flow-schema";
import { sipEndpoint } from "@ringflow/platform";

/**
 * Where a transfer rings, as an Asterisk dial string. A value that already is one (`PJSIP/101`,
 * `PJSIP/trunk/sip:+15551234567@carrier`, `Local/100@from-internal`) is used as written. A phone number goes
 * through the PBX's own dialplan (`Local/<number>@<context>`, the context the call came in on), so its trunks
 * and outbound routes apply; SIP addresses, browser clients and agents are PJSIP endpoints of the PBX.
 */
export function dialString(target: DialTarget, context: string): string {
  const value = target.value.trim();
  if (/^[A-Za-z][\w-]*\//.test(value)) return value;
  switch (target.type) {
    case "phone":
      return `Local/${value.replace(/[^\d+*#]/g, "")}@${context}`;
    case "sip":
      return sipEndpoint(value);
    case "client":
    case "agent":
      return `PJSIP/${value}`;
  }
}

/**
 * The ids of what a call makes on the PBX for a turn: named after the caller's channel and the turn, so a
 * process taking the connection over recognises them in the application's channel list and a replayed
 * step never makes a second one.
 */
export function internalIds(channelId: string, turn: number) {
  return {
    leg: `${channelId}-dial-${turn}`,
    bridge: `${channelId}-bridge-${turn}`,
    holding: `${channelId}-queue-${turn}`,
    bridgeRecording: `ringflow-${channelId}-transfer-${turn}`,
    snoop: `${channelId}-snoop-${turn}`,
    callRecording: `ringflow-${channelId}-call-${turn}`,
    voicemail: `ringflow-${channelId}-voicemail-${turn}`,
  };
}

/**
 * A channel the adapter made for a call (a transfer's leg, a recording's snoop, an agent's leg, a callback's
 * leg, a click-to-call's legs), not a caller; also the `<leg>;2` half of a Local leg, which Asterisk lists
 * among the application's channels.
 */
export const isInternalChannel = (id: string) =>
  /-(dial|snoop)-\d+(;2)?$/.test(id) || /^ringflow-(agent|callback|click)\./.test(id);
