import { addToBridge, bridgeChannels, createBridge, destroyBridge, removeFromBridge } from "./bridges.ts";
import { startPlayback } from "./playbacks.ts";
import { startRecording } from "./recordings.ts";
import {
  act,
  created,
  ok,
  recordingRequest,
  variablesOf,
  type Route,
  type RouteContext,
} from "./rest-context.ts";
import { bridgeJson, bridgeSource, liveRecordingJson, playbackJson } from "./snapshots.ts";
import { AriError } from "./world.ts";

const bridgeOf = (c: RouteContext) => c.world.bridge(c.path.bridgeId as string);

function play(c: RouteContext, playbackId: string | undefined) {
  const bridge = bridgeOf(c);
  const playback = startPlayback(
    c.world,
    bridgeSource(bridge),
    c.list("media"),
    c.text("lang") ?? "en",
    playbackId,
  );
  return created(playbackJson(playback));
}

function variable(c: RouteContext, name: string) {
  const value = bridgeOf(c).variables.get(name);
  if (value === undefined) throw new AriError(404, "Provided variable was not found");
  return value;
}

export const bridgeRoutes: Record<string, Route> = {
  list: (c) => ok([...c.world.bridges.values()].map(bridgeJson)),
  get: (c) => ok(bridgeJson(bridgeOf(c))),
  create: (c) =>
    ok(
      bridgeJson(
        createBridge(c.world, { id: c.text("bridgeId"), type: c.text("type"), name: c.text("name") }),
      ),
    ),
  createWithId: (c) =>
    ok(
      bridgeJson(createBridge(c.world, { id: c.path.bridgeId, type: c.text("type"), name: c.text("name") })),
    ),
  destroy: act((c) => destroyBridge(c.world, bridgeOf(c))),
  addChannel: act((c) => {
    const bridge = bridgeOf(c);
    for (const channel of bridgeChannels(c.world, c.list("channel"))) {
      addToBridge(c.world, bridge, channel);
      if (c.bool("mute")) channel.muted = "in";
    }
  }),
  removeChannel: act((c) => {
    const bridge = bridgeOf(c);
    for (const channel of bridgeChannels(c.world, c.list("channel")))
      removeFromBridge(c.world, bridge, channel);
  }),
  startMoh: act((c) => (bridgeOf(c).moh = c.text("mohClass") ?? "default")),
  stopMoh: act((c) => {
    const bridge = bridgeOf(c);
    if (!bridge.moh) throw new AriError(409, "Bridge is not playing music on hold");
    bridge.moh = undefined;
  }),
  play: (c) => play(c, c.text("playbackId")),
  playWithId: (c) => play(c, c.path.playbackId),
  record: (c) => {
    const bridge = bridgeOf(c);
    const recording = startRecording(c.world, bridgeSource(bridge), recordingRequest(c));
    return created(liveRecordingJson(recording));
  },
  getBridgeVar: (c) => ok({ value: variable(c, c.text("variable") as string) }),
  setBridgeVar: act((c) => bridgeOf(c).variables.set(c.text("variable") as string, c.text("value") ?? "")),
  getBridgeVars: (c) =>
    ok({ variables: Object.fromEntries(c.list("variables").map((n) => [n, variable(c, n)])) }),
  setBridgeVars: act((c) => {
    const bridge = bridgeOf(c);
    for (const v of variablesOf(c)) bridge.variables.set(v.name, v.value);
  }),
};
