import type { FakeBridge, FakeChannel, FakeLiveRecording, FakePlayback } from "./world.ts";

/** The Channel model of channels.json, as events and REST answers carry it. */
export function channelJson(channel: FakeChannel) {
  return {
    id: channel.id,
    name: channel.name,
    state: channel.state,
    protocol_id: "",
    caller: { ...channel.caller },
    connected: { ...channel.connected },
    accountcode: "",
    dialplan: { ...channel.dialplan },
    creationtime: channel.creationtime,
    language: channel.language,
    ...(channel.reported.size
      ? {
          channelvars: Object.fromEntries(
            [...channel.reported].map((n) => [n, channel.variables.get(n) ?? ""]),
          ),
        }
      : {}),
  };
}

export const channelSource = (channel: FakeChannel) => `channel:${channel.id}`;
export const bridgeSource = (bridge: FakeBridge) => `bridge:${bridge.id}`;

/** The Bridge model of bridges.json. */
export function bridgeJson(bridge: FakeBridge) {
  const holding = bridge.types.includes("holding");
  return {
    id: bridge.id,
    technology: holding ? "holding_bridge" : bridge.channels.length > 2 ? "softmix" : "simple_bridge",
    bridge_type: holding ? "holding" : "mixing",
    bridge_class: "stasis",
    creator: "Stasis",
    name: bridge.name,
    channels: [...bridge.channels],
    video_mode: holding ? "none" : "talker",
    creationtime: bridge.creationtime,
  };
}

/** The Playback model of playbacks.json ("paused" is what Asterisk reports while paused, outside its list). */
export function playbackJson(playback: FakePlayback) {
  const next = playback.media[playback.index + 1];
  return {
    id: playback.id,
    media_uri: playback.media[playback.index] ?? playback.media[0] ?? "",
    ...(next ? { next_media_uri: next } : {}),
    target_uri: playback.targetUri,
    language: playback.language,
    state: playback.state,
  };
}

/** The LiveRecording model of recordings.json. */
export function liveRecordingJson(recording: FakeLiveRecording) {
  return {
    name: recording.name,
    format: recording.format,
    target_uri: recording.targetUri,
    state: recording.state,
    ...(recording.durationSeconds !== undefined ? { duration: recording.durationSeconds } : {}),
    ...(recording.durationSeconds !== undefined && recording.measuresSilence
      ? { talking_duration: recording.durationSeconds, silence_duration: 0 }
      : {}),
    ...(recording.cause ? { cause: recording.cause } : {}),
  };
}
