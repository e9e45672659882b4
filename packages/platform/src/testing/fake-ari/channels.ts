import { finishPlaybacksOf } from "./playbacks.ts";
import { finishRecordingsOf } from "./recordings.ts";
import { removeFromBridge } from "./bridges.ts";
import { channelJson, channelSource } from "./snapshots.ts";
import { asteriskTime } from "./time.ts";
import type { CallerId, ChannelState, FakeChannel, World } from "./world.ts";

/** Hangup causes (Q.850) with the text Asterisk gives them (ast_cause2str). */
export const HANGUP_CAUSES: Record<number, string> = {
  0: "Unknown",
  1: "Unallocated (unassigned) number",
  3: "No route to destination",
  16: "Normal Clearing",
  17: "User busy",
  18: "No user responding",
  19: "User alerting, no answer",
  21: "Call Rejected",
  26: "Answered elsewhere",
  28: "Invalid number format",
  31: "Normal, unspecified",
  34: "Circuit/channel congestion",
  38: "Network out of order",
  58: "Bearer capability not available",
  127: "Interworking, unspecified",
};

/** DELETE /channels/{id}?reason=… as Asterisk maps it to a cause. */
export const HANGUP_REASONS: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};

export function newChannel(
  world: World,
  init: { name: string; state: ChannelState; caller: CallerId; connected?: CallerId; id?: string },
  dialplan: { context: string; exten: string },
): FakeChannel {
  const channel: FakeChannel = {
    id: init.id ?? world.nextId(),
    name: init.name,
    state: init.state,
    caller: init.caller,
    connected: init.connected ?? { name: "", number: "" },
    dialplan: { ...dialplan, priority: 1, app_name: "", app_data: "" },
    creationtime: asteriskTime(),
    language: "en",
    variables: new Map(),
    reported: new Set(),
    held: false,
    silence: false,
    ringing: false,
    sentDtmf: [],
  };
  world.channels.set(channel.id, channel);
  // No app follows a channel yet when it is created: only apps subscribed to everything see this.
  emitChannel(world, "ChannelCreated", channel);
  return channel;
}

export function emitChannel(
  world: World,
  type: string,
  channel: FakeChannel,
  fields: Record<string, unknown> = {},
) {
  world.hub.emit(type, { ...fields, channel: channelJson(channel) }, [channelSource(channel)]);
}

/** The channel runs Stasis(<app>[,args]): the app is subscribed to it and receives StasisStart. */
export function enterStasis(world: World, channel: FakeChannel, app: string, args: string[]) {
  channel.app = app;
  channel.dialplan = {
    ...channel.dialplan,
    app_name: "Stasis",
    app_data: [app, ...args].join(","),
  };
  world.hub.subscribe(app, channelSource(channel));
  emitChannel(world, "StasisStart", channel, { args });
}

/** The channel leaves its application (continue, move, redirect): StasisEnd, then the app stops following it. */
export function leaveStasis(world: World, channel: FakeChannel) {
  if (!channel.app) return;
  emitChannel(world, "StasisEnd", channel);
  world.hub.app(channel.app).sources.delete(channelSource(channel));
  channel.app = undefined;
}

export function setState(world: World, channel: FakeChannel, state: ChannelState) {
  if (channel.state === state) return;
  channel.state = state;
  emitChannel(world, "ChannelStateChange", channel);
}

/**
 * How a channel goes: the caller or far end hangs up (a hangup queued with its cause), the app asks
 * (DELETE: ast_softhangup), or the dialler drops a leg that never answered (no hangup request at all).
 */
export type HangupBy = "caller" | "app" | "dialler";

/**
 * The channel hangs up: ChannelHangupRequest (unless the dialler dropped it), its playbacks and recordings end, it
 * leaves its bridge, StasisEnd, ChannelDestroyed with the cause. Snoops on it go too.
 */
export function destroyChannel(world: World, channel: FakeChannel, cause = 16, by: HangupBy = "caller") {
  if (!world.channels.has(channel.id)) return;
  world.channels.delete(channel.id);
  // A caller's hangup is queued with its cause; the app's DELETE is ast_softhangup(AST_SOFTHANGUP_EXPLICIT), whose
  // request carries that flag (32) as its "cause". ChannelDestroyed carries the hangup cause either way.
  if (by === "caller") emitChannel(world, "ChannelHangupRequest", channel, { cause });
  if (by === "app") emitChannel(world, "ChannelHangupRequest", channel, { cause: 32, soft: true });
  // Asterisk's stream returns an error on hangup, so a playback cut short by it ends "failed".
  finishPlaybacksOf(world, channelSource(channel), "failed");
  finishRecordingsOf(world, channelSource(channel));
  const bridge = world.bridges.get(channel.bridgeId ?? "");
  if (bridge) removeFromBridge(world, bridge, channel);
  if (channel.app) emitChannel(world, "StasisEnd", channel);
  emitChannel(world, "ChannelDestroyed", channel, { cause, cause_txt: HANGUP_CAUSES[cause] ?? "Unknown" });
  world.hub.forget(channelSource(channel));
  for (const other of [...world.channels.values()])
    if (other.snoopOf === channel.id) destroyChannel(world, other, 16);
  const peer = world.channels.get(channel.localPeer ?? "");
  if (peer) destroyChannel(world, peer, cause);
}

/** "Alice <6001>", "<6001>" or "6001", as callerId is written for originate. */
export function parseCallerId(text: string | undefined): CallerId {
  if (!text) return { name: "", number: "" };
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(text);
  return match ? { name: match[1] ?? "", number: match[2] ?? "" } : { name: "", number: text.trim() };
}
