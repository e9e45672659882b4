import { destroyChannel, emitChannel, enterStasis, newChannel, parseCallerId, setState } from "./channels.ts";
import { channelJson, channelSource } from "./snapshots.ts";
import { AriError, type FakeChannel, type World } from "./world.ts";

export type OriginateRequest = {
  endpoint: string;
  app?: string;
  appArgs?: string;
  callerId?: string;
  timeout?: number;
  channelId?: string;
  /** The channel this one is made for. */
  originator?: string;
  extension?: string;
  context?: string;
  variables?: { name: string; value: string; report?: boolean }[];
};

const ringTimers = new WeakMap<FakeChannel, NodeJS.Timeout>();

/** The channel name Asterisk gives a dial string: PJSIP/6002-0000000a, PJSIP/trunk-…, Local/100@ctx-…;1. */
function channelName(world: World, endpoint: string) {
  const slash = endpoint.indexOf("/");
  const tech = endpoint.slice(0, slash);
  const resource = endpoint.slice(slash + 1);
  const suffix = world.nextSuffix();
  if (tech === "Local") return `Local/${resource}-${suffix};1`;
  return `${tech}/${resource.includes("@") ? resource.split("@").pop() : resource}-${suffix}`;
}

/**
 * A new outbound channel, Down. POST /channels (originate) subscribes its app now and sends StasisStart once it
 * is answered; POST /channels/create puts it in the app at once (StasisStart, Down) to be dialled later.
 */
export function originate(
  world: World,
  request: OriginateRequest,
  mode: "originate" | "create",
): FakeChannel {
  if (!/^[^/]+\/.+/.test(request.endpoint)) throw new AriError(400, "Endpoint must be Technology/Resource");
  if (mode === "originate" && !request.app && !request.extension)
    throw new AriError(400, "Application or extension must be specified");
  if (request.originator && !world.channels.has(request.originator))
    throw new AriError(400, "Provided originator channel was not found");
  if (request.channelId && world.channels.has(request.channelId))
    throw new AriError(409, "Channel with given unique ID already exists");
  const channel = newChannel(
    world,
    {
      id: request.channelId,
      name: channelName(world, request.endpoint),
      state: "Down",
      caller: parseCallerId(request.callerId),
    },
    { context: request.context ?? "default", exten: request.extension ?? "s" },
  );
  for (const v of request.variables ?? []) {
    channel.variables.set(v.name, v.value);
    if (v.report) channel.reported.add(v.name);
  }
  const args = request.appArgs ? request.appArgs.split(",") : [];
  const dialstring = request.endpoint.slice(request.endpoint.indexOf("/") + 1);
  if (mode === "create") {
    // Asterisk answers with the snapshot, then a thread of its own runs Stasis on the new channel.
    world.later(
      () =>
        world.channels.get(channel.id) === channel &&
        enterStasis(world, channel, request.app as string, args),
      0,
    );
    channel.dialstring = dialstring;
    return channel;
  }
  if (request.app) world.hub.subscribe(request.app, channelSource(channel));
  if (request.endpoint.startsWith("Local/")) localHalf(world, channel, request.app);
  channel.dialing = { app: request.app, args, enterOnAnswer: true, dialstring };
  startRinging(world, channel, request.timeout ?? 30);
  return channel;
}

/** POST /channels/{id}/dial: a created channel rings its endpoint (optionally on behalf of a caller channel). */
export function dial(
  world: World,
  channel: FakeChannel,
  caller: string | undefined,
  timeout: number | undefined,
) {
  if (channel.state !== "Down" || channel.dialing)
    throw new AriError(409, "Channel is not in a state to be dialed");
  if (caller) world.channel(caller);
  channel.dialing = {
    app: channel.app,
    args: [],
    enterOnAnswer: false,
    caller,
    dialstring: channel.dialstring ?? "",
  };
  startRinging(world, channel, timeout ?? 0);
}

/**
 * The `;2` half of an originated Local channel: it runs the dialplan (not Stasis), yet the app is subscribed to it
 * as Asterisk does (its events reach the app; GET /applications lists `<id>;2` in channel_ids).
 */
function localHalf(world: World, channel: FakeChannel, app: string | undefined) {
  const half = newChannel(
    world,
    { id: `${channel.id};2`, name: channel.name.replace(/;1$/, ";2"), state: "Down", caller: channel.caller },
    { context: channel.dialplan.context, exten: channel.dialplan.exten },
  );
  half.localPeer = channel.id;
  channel.localPeer = half.id;
  if (app) world.hub.subscribe(app, channelSource(half));
}

function emitDial(world: World, channel: FakeChannel, dialstatus: string) {
  const callerChannel = channel.dialing?.caller ? world.channels.get(channel.dialing.caller) : undefined;
  world.hub.emit(
    "Dial",
    {
      ...(callerChannel ? { caller: channelJson(callerChannel) } : {}),
      peer: channelJson(channel),
      dialstring: channel.dialing?.dialstring ?? "",
      dialstatus,
      forward: "",
    },
    [channelSource(channel), ...(callerChannel ? [channelSource(callerChannel)] : [])],
  );
}

/** Rings the far end once the REST answer (the Down snapshot) is on its way, as Asterisk's dial thread does. */
function startRinging(world: World, channel: FakeChannel, timeoutSeconds: number) {
  world.later(() => {
    if (world.channels.get(channel.id) === channel && channel.dialing) ring(world, channel, timeoutSeconds);
  }, 0);
}

function ring(world: World, channel: FakeChannel, timeoutSeconds: number) {
  emitDial(world, channel, "");
  setState(world, channel, "Ringing");
  emitDial(world, channel, "RINGING");
  if (timeoutSeconds > 0)
    ringTimers.set(
      channel,
      world.later(() => ringTimeout(world, channel), timeoutSeconds * world.secondsMs),
    );
}

function ringingChannel(world: World, id: string): FakeChannel {
  const channel = world.channels.get(id);
  if (!channel?.dialing) throw new Error(`channel ${id} is not an outbound channel that is ringing`);
  world.cancel(ringTimers.get(channel));
  return channel;
}

/** The far end answers: Up, Dial ANSWER, and an originated channel enters its application (StasisStart). */
export function answerOutbound(world: World, id: string) {
  const channel = ringingChannel(world, id);
  const dialing = channel.dialing;
  const half = world.channels.get(channel.localPeer ?? "");
  if (half) setState(world, half, "Up");
  setState(world, channel, "Up");
  emitDial(world, channel, "ANSWER");
  channel.dialing = undefined;
  if (dialing?.enterOnAnswer && dialing.app) enterStasis(world, channel, dialing.app, dialing.args);
}

/** The Dial status Asterisk's dialler reports for a leg that ended with this cause (ast_hangup_cause_to_dial_status). */
export function dialStatusOf(cause: number): string {
  if (cause === 17) return "BUSY";
  if (cause === 34) return "CONGESTION";
  if (cause === 3 || cause === 20) return "CHANUNAVAIL";
  return "NOANSWER";
}

/**
 * The far end does not take the call: Dial with the status its cause gives, then the channel is destroyed. Through a
 * Local channel whose dialplan indicates busy or congestion (`Busy()`, `Congestion()`, FreePBX's busy destination)
 * the cause stays on the `;2` half: the originated `;1` is destroyed with cause 0 (Unknown), as on Asterisk 22, so
 * only the Dial event tells busy from congestion (endLocalDialplan: a dialplan that hangs up with the cause).
 */
export function failOutbound(world: World, id: string, cause: number) {
  const channel = ringingChannel(world, id);
  emitDial(world, channel, dialStatusOf(cause));
  channel.dialing = undefined;
  const half = world.channels.get(channel.localPeer ?? "");
  if (half) {
    half.localPeer = undefined;
    destroyChannel(world, half, cause, "caller");
  }
  destroyChannel(world, channel, half ? 0 : cause, "dialler");
}

/**
 * A Local leg's dialplan ends with a cause while it rings (its Dial() found the phone busy or unanswered, then
 * the dialplan ran out): the `;2` half is destroyed with the cause, which the `;1` half hears first as a hangup
 * request carrying it (ast_unreal_hangup); its dialler then says the cause's Dial status and it is destroyed
 * with the cause too.
 */
export function endLocalDialplan(world: World, id: string, cause: number) {
  const channel = ringingChannel(world, id);
  const half = world.channels.get(channel.localPeer ?? "");
  if (!half) throw new Error(`channel ${id} is not a Local channel`);
  half.localPeer = undefined;
  channel.localPeer = undefined;
  destroyChannel(world, half, cause, "caller");
  emitChannel(world, "ChannelHangupRequest", channel, { cause });
  emitDial(world, channel, dialStatusOf(cause));
  channel.dialing = undefined;
  destroyChannel(world, channel, cause, "dialler");
}

/** The ring timeout: the dialler hangs the leg up with cause 19 and publishes no Dial for it. */
function ringTimeout(world: World, channel: FakeChannel) {
  if (world.channels.get(channel.id) !== channel || !channel.dialing) return;
  channel.dialing = undefined;
  destroyChannel(world, channel, 19, "dialler");
}

/** The channel is hung up while it still rings (DELETE from the app, or the test): Dial with its cause's status. */
export function cancelOutbound(world: World, channel: FakeChannel, cause: number) {
  if (!channel.dialing) return;
  world.cancel(ringTimers.get(channel));
  emitDial(world, channel, dialStatusOf(cause));
  channel.dialing = undefined;
}
