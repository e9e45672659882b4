import { destroyChannel, emitChannel, enterStasis, newChannel } from "./channels.ts";
import { answerOutbound, cancelOutbound, endLocalDialplan, failOutbound } from "./outbound.ts";
import { finishAllPlaybacks } from "./playbacks.ts";
import { dtmfOnRecordings } from "./recordings.ts";
import { bridgeJson, channelJson, channelSource, playbackJson } from "./snapshots.ts";
import { wavFile } from "./wav.ts";
import type { World } from "./world.ts";

export type CallIn = {
  /** The number or extension dialled (the channel's dialplan exten). */
  exten: string;
  callerNumber: string;
  callerName?: string;
  context?: string;
  /** The Stasis application (startFakeAri's `app` when omitted). */
  app?: string;
  /** Stasis(<app>,<args…>) arguments. */
  args?: string[];
  /** The endpoint the call comes from, for the channel name (PJSIP/<callerNumber> when omitted). */
  endpoint?: string;
  language?: string;
  /** The caller sends no audio: a recording of this channel ends after about 4 s, as Asterisk's does. */
  silent?: boolean;
  /** "Up" for a call the dialplan answered before Stasis (an IVR, a FreePBX custom destination); "Ring" by default. */
  state?: "Ring" | "Up";
};

const delay = (ms: number) =>
  new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

/** What a test does to the fake Asterisk: the callers, the far ends, and views of what the PBX holds now. */
export function controlsFor(world: World) {
  const known = (id: string) => {
    const channel = world.channels.get(id);
    if (!channel) throw new Error(`the fake Asterisk has no channel ${id}`);
    return channel;
  };
  return {
    /** A call arrives and runs Stasis(<app>): StasisStart (state Ring). Throws when no socket serves the app. */
    callIn(call: CallIn): string {
      const app = call.app ?? world.options.app;
      if (!app) throw new Error("callIn needs an app (or startFakeAri({ app }))");
      if (!world.hub.isActive(app))
        throw new Error(`no WebSocket serves application ${app}: Stasis(${app}) fails`);
      const channel = newChannel(
        world,
        {
          name: `${call.endpoint ?? `PJSIP/${call.callerNumber}`}-${world.nextSuffix()}`,
          state: call.state ?? "Ring",
          caller: { name: call.callerName ?? "", number: call.callerNumber },
        },
        { context: call.context ?? "from-internal", exten: call.exten },
      );
      if (call.language) channel.language = call.language;
      channel.silent = call.silent;
      enterStasis(world, channel, app, call.args ?? []);
      return channel.id;
    },
    /** The caller presses keys: one ChannelDtmfReceived each ({gapMs} apart); playbacks go on (no barge-in). */
    async pressDigits(
      channelId: string,
      digits: string,
      options: { gapMs?: number; durationMs?: number } = {},
    ) {
      known(channelId);
      for (const [i, digit] of [...digits].entries()) {
        if (i > 0 || options.gapMs) await delay(options.gapMs ?? 0);
        const channel = world.channels.get(channelId);
        if (!channel) return;
        emitChannel(world, "ChannelDtmfReceived", channel, { digit, duration_ms: options.durationMs ?? 100 });
        dtmfOnRecordings(world, channelSource(channel), digit);
      }
    },
    /** The caller (or far end) hangs up: ChannelHangupRequest, StasisEnd, ChannelDestroyed with the cause. */
    hangup(channelId: string, cause = 16) {
      const channel = known(channelId);
      cancelOutbound(world, channel, cause);
      destroyChannel(world, channel, cause);
    },
    /** An originated or dialled channel is answered by the far end. */
    answerOutbound: (channelId: string) => answerOutbound(world, channelId),
    busy: (channelId: string) => failOutbound(world, channelId, 17),
    noAnswer: (channelId: string) => failOutbound(world, channelId, 19),
    reject: (channelId: string) => failOutbound(world, channelId, 21),
    /** The far end fails with any hangup cause (34 congestion, 1 unallocated, …). */
    failOutbound: (channelId: string, cause: number) => failOutbound(world, channelId, cause),
    /**
     * A ringing Local leg's dialplan ends with a cause (its Dial() got a busy or unanswered phone, then the
     * dialplan ran out), where failOutbound is its dialplan indicating busy or congestion (`Busy()`).
     */
    endLocalDialplan: (channelId: string, cause: number) => endLocalDialplan(world, channelId, cause),
    /** Finishes every playing playback now (of one channel when given); returns how many finished. */
    finishPlaybacks: (channelId?: string) =>
      finishAllPlaybacks(world, channelId ? `channel:${channelId}` : undefined),
    channels: () =>
      [...world.channels.values()].map((ch) => ({
        ...channelJson(ch),
        app: ch.app,
        bridgeId: ch.bridgeId,
        /** An outbound leg still ringing its far end (answerOutbound / busy / noAnswer apply). */
        ringing: ch.dialing !== undefined,
        /** The app asked for ringing to be indicated to the caller (POST …/ring). */
        ringIndicated: ch.ringing,
        muted: ch.muted,
        held: ch.held,
        moh: ch.moh,
        silence: ch.silence,
        sentDtmf: [...ch.sentDtmf],
        variables: Object.fromEntries(ch.variables),
        snoopOf: ch.snoopOf,
      })),
    bridges: () => [...world.bridges.values()].map((b) => ({ ...bridgeJson(b), moh: b.moh })),
    playbacks: () => [...world.playbacks.values()].map(playbackJson),
    /** Stored recordings (what GET /recordings/stored lists), with their file's size. */
    recordings: () =>
      [...world.stored.values()].map((r) => ({ name: r.name, format: r.format, bytes: r.data.length })),
    addStoredRecording(name: string, seconds = 1) {
      world.stored.set(name, { name, format: "wav", data: wavFile(seconds) });
    },
    /** Sends an event as given to an app (to see how an application copes with one); checked like every event. */
    sendEvent: (application: string, event: Record<string, unknown>) => world.hub.sendRaw(application, event),
    /** Every `sound:http(s)://…` medium the fake fetched to play it (URL, status, content type, size). */
    mediaFetches: () => [...world.mediaFetches],
    /** Every event sent, in order, with the application it went to. */
    events: () => [...world.hub.sent.entries],
    /** The first event sent (from the `since`-th on) of that type that matches; waits for it if need be. */
    nextEvent: (type: string, match: (event: Record<string, unknown>) => boolean = () => true, since = 0) =>
      world.hub.sent
        .next((sent) => sent.event.type === type && match(sent.event), since)
        .then((sent) => sent.event),
    problems: () => [...world.problems],
  };
}
