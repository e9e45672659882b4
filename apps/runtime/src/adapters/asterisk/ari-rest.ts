import type { Client } from "ari-client";
import { ariChannelSchema, type AriChannel } from "./ari-events.ts";

export interface RecordOptions {
  name: string;
  maxDurationSeconds: number;
  maxSilenceSeconds?: number;
  beep?: boolean;
  /** DTMF that ends it: none, any, * or #. */
  terminateOn?: "none" | "any" | "*" | "#";
}

export interface OriginateOptions {
  channelId: string;
  endpoint: string;
  appArgs: string;
  callerId?: string;
  timeoutSeconds: number;
  /** The channel this one is for (Asterisk links them for CDRs and codecs). */
  originator?: string;
}

/**
 * The ARI operations the adapter performs (each one exists in Asterisk 22's description with these
 * parameters; the contract test checks it), on one connection's Stasis application.
 */
export interface AriRest {
  readonly app: string;
  answer(channelId: string): Promise<void>;
  play(channelId: string, playbackId: string, media: string[]): Promise<void>;
  stopPlayback(playbackId: string): Promise<void>;
  hangup(channelId: string, reason?: "normal" | "busy" | "no_answer"): Promise<void>;
  originate(options: OriginateOptions): Promise<void>;
  createBridge(bridgeId: string, type: "mixing" | "holding"): Promise<void>;
  addToBridge(bridgeId: string, channelIds: string[]): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  recordChannel(channelId: string, options: RecordOptions): Promise<void>;
  recordBridge(bridgeId: string, options: RecordOptions): Promise<void>;
  stopRecording(name: string): Promise<void>;
  snoop(channelId: string, snoopId: string, appArgs: string): Promise<void>;
  startMoh(channelId: string, mohClass: string): Promise<void>;
  stopMoh(channelId: string): Promise<void>;
  startBridgeMoh(bridgeId: string, mohClass: string): Promise<void>;
  /** The channels in this application (a takeover continues them). */
  channels(): Promise<AriChannel[]>;
}

const recordParams = (options: RecordOptions) => ({
  name: options.name,
  format: "wav",
  maxDurationSeconds: Math.ceil(options.maxDurationSeconds),
  ...(options.maxSilenceSeconds !== undefined ? { maxSilenceSeconds: options.maxSilenceSeconds } : {}),
  ...(options.beep !== undefined ? { beep: options.beep } : {}),
  terminateOn: options.terminateOn ?? "none",
  ifExists: "overwrite",
});

/** AriRest over ari-client's generated operations. */
export function ariClientRest(client: Client, app: string): AriRest {
  return {
    app,
    answer: (channelId) => client.channels.answer({ channelId }),
    play: async (channelId, playbackId, media) =>
      void (await client.channels.playWithId({ channelId, playbackId, media: media.join(",") })),
    stopPlayback: (playbackId) => client.playbacks.stop({ playbackId }),
    hangup: (channelId, reason) => client.channels.hangup({ channelId, ...(reason ? { reason } : {}) }),
    originate: async (options) =>
      void (await client.channels.originateWithId({
        channelId: options.channelId,
        endpoint: options.endpoint,
        app,
        appArgs: options.appArgs,
        timeout: Math.ceil(options.timeoutSeconds),
        ...(options.callerId ? { callerId: options.callerId } : {}),
        ...(options.originator ? { originator: options.originator } : {}),
      })),
    createBridge: async (bridgeId, type) => void (await client.bridges.createWithId({ bridgeId, type })),
    addToBridge: (bridgeId, channelIds) => client.bridges.addChannel({ bridgeId, channel: channelIds }),
    destroyBridge: (bridgeId) => client.bridges.destroy({ bridgeId }),
    recordChannel: async (channelId, options) =>
      void (await client.channels.record({ channelId, ...recordParams(options) })),
    recordBridge: async (bridgeId, options) =>
      void (await client.bridges.record({ bridgeId, ...recordParams(options) })),
    stopRecording: (recordingName) => client.recordings.stop({ recordingName }),
    snoop: async (channelId, snoopId, appArgs) =>
      void (await client.channels.snoopChannelWithId({ channelId, snoopId, spy: "both", app, appArgs })),
    startMoh: (channelId, mohClass) => client.channels.startMoh({ channelId, mohClass }),
    stopMoh: (channelId) => client.channels.stopMoh({ channelId }),
    startBridgeMoh: (bridgeId, mohClass) => client.bridges.startMoh({ bridgeId, mohClass }),
    channels: async () => {
      // The application knows its channels; GET /channels lists every channel of the PBX.
      const [application, all] = await Promise.all([
        client.applications.get({ applicationName: app }),
        client.channels.list() as Promise<unknown[]>,
      ]);
      const ours = new Set(application.channel_ids);
      return all.flatMap((raw) => {
        const parsed = ariChannelSchema.safeParse(raw);
        return parsed.success && ours.has(parsed.data.id) ? [parsed.data] : [];
      });
    },
  };
}
