import { randomUUID } from "node:crypto";
import { finishPlaybacksOf } from "./playbacks.ts";
import { finishRecordingsOf } from "./recordings.ts";
import { bridgeJson, bridgeSource, channelJson, channelSource } from "./snapshots.ts";
import { asteriskTime } from "./time.ts";
import { AriError, type FakeBridge, type FakeChannel, type World } from "./world.ts";

/** POST /bridges[/{id}]: a Stasis bridge; BridgeCreated reaches only apps subscribed to everything. */
export function createBridge(world: World, init: { id?: string; type?: string; name?: string }): FakeBridge {
  const existing = init.id ? world.bridges.get(init.id) : undefined;
  if (existing) return existing;
  const bridge: FakeBridge = {
    id: init.id ?? randomUUID(),
    name: init.name ?? "",
    types: (init.type ?? "mixing").split(",").map((t) => t.trim()),
    channels: [],
    creationtime: asteriskTime(),
    variables: new Map(),
  };
  world.bridges.set(bridge.id, bridge);
  world.hub.emit("BridgeCreated", { bridge: bridgeJson(bridge) }, [bridgeSource(bridge)]);
  return bridge;
}

function emitMembership(world: World, type: string, bridge: FakeBridge, channel: FakeChannel) {
  world.hub.emit(type, { bridge: bridgeJson(bridge), channel: channelJson(channel) }, [
    channelSource(channel),
    bridgeSource(bridge),
  ]);
}

/** Channels of a bridge request: each must exist (else 400) and be in a Stasis application (else 422). */
export function bridgeChannels(world: World, ids: string[]): FakeChannel[] {
  return ids.map((id) => {
    const channel = world.channels.get(id);
    if (!channel) throw new AriError(400, "Channel not found");
    if (!channel.app) throw new AriError(422, "Channel not in Stasis application");
    return channel;
  });
}

export function addToBridge(world: World, bridge: FakeBridge, channel: FakeChannel) {
  if (channel.bridgeId === bridge.id) return;
  // Asterisk's ringing tones keep playing to a channel that joins a bridge: the others hear them too.
  if (channel.ringing)
    world.problems.push(`${channel.id} joined bridge ${bridge.id} still hearing ringing (POST /ring not stopped)`);
  const previous = channel.bridgeId ? world.bridges.get(channel.bridgeId) : undefined;
  if (previous) removeFromBridge(world, previous, channel);
  bridge.channels.push(channel.id);
  channel.bridgeId = bridge.id;
  // The app of a channel in a bridge follows the bridge too (BridgeDestroyed, bridge playbacks).
  if (channel.app) world.hub.subscribe(channel.app, bridgeSource(bridge));
  emitMembership(world, "ChannelEnteredBridge", bridge, channel);
}

/** A channel leaves: ChannelLeftBridge, then its app stops following the bridge unless another of its channels is in it. */
export function removeFromBridge(world: World, bridge: FakeBridge, channel: FakeChannel, unfollow = true) {
  if (channel.bridgeId !== bridge.id) throw new AriError(422, "Channel not in this bridge");
  bridge.channels = bridge.channels.filter((id) => id !== channel.id);
  channel.bridgeId = undefined;
  emitMembership(world, "ChannelLeftBridge", bridge, channel);
  const app = channel.app;
  if (unfollow && app && !bridge.channels.some((id) => world.channels.get(id)?.app === app))
    world.hub.app(app).sources.delete(bridgeSource(bridge));
}

/** DELETE /bridges/{id}: its channels leave (staying in their app), its media ends, BridgeDestroyed. */
export function destroyBridge(world: World, bridge: FakeBridge) {
  for (const id of [...bridge.channels]) {
    const channel = world.channels.get(id);
    // The apps of its channels still follow it until BridgeDestroyed (they unsubscribe after it, as Asterisk's
    // channel threads do): an empty bridge's destruction reaches only apps subscribed to it.
    if (channel) removeFromBridge(world, bridge, channel, false);
  }
  finishPlaybacksOf(world, bridgeSource(bridge), "done");
  finishRecordingsOf(world, bridgeSource(bridge));
  world.bridges.delete(bridge.id);
  world.hub.emit("BridgeDestroyed", { bridge: bridgeJson(bridge) }, [bridgeSource(bridge)]);
  world.hub.forget(bridgeSource(bridge));
}
