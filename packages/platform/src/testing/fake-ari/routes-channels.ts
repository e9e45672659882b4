import {
  destroyChannel,
  emitChannel,
  enterStasis,
  HANGUP_REASONS,
  leaveStasis,
  newChannel,
  setState,
} from "./channels.ts";
import { cancelOutbound, dial, originate, type OriginateRequest } from "./outbound.ts";
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
import { channelJson, channelSource, liveRecordingJson, playbackJson } from "./snapshots.ts";
import { AriError, type FakeChannel } from "./world.ts";

const inStasis = (c: RouteContext) => c.world.stasisChannel(c.path.channelId as string);

/** A channel whose state an operation may change: an outbound one still Down or Ringing answers 412. */
function controllable(c: RouteContext) {
  const channel = inStasis(c);
  if (channel.state === "Down" || channel.state === "Ringing")
    throw new AriError(412, "Channel in invalid state");
  return channel;
}

function originateRequest(c: RouteContext, channelId: string | undefined): OriginateRequest {
  return {
    endpoint: c.text("endpoint") as string,
    app: c.text("app"),
    appArgs: c.text("appArgs"),
    callerId: c.text("callerId"),
    timeout: c.int("timeout"),
    channelId,
    originator: c.text("originator"),
    extension: c.text("extension"),
    context: c.text("context"),
    variables: variablesOf(c),
  };
}

/** Channel functions GET …/variable answers besides plain variables. */
function readVariable(channel: FakeChannel, name: string): string | undefined {
  const functions: Record<string, string> = {
    "CALLERID(num)": channel.caller.number,
    "CALLERID(name)": channel.caller.name,
    "CHANNEL(name)": channel.name,
    "CHANNEL(language)": channel.language,
  };
  if (/^[A-Z_]+\(.*\)$/.test(name) && !(name in functions))
    throw new AriError(500, "Unable to read provided function");
  return functions[name] ?? channel.variables.get(name);
}

function setVariable(
  c: RouteContext,
  channel: FakeChannel,
  variable: string,
  value: string,
  report?: boolean,
) {
  channel.variables.set(variable, value);
  if (report) channel.reported.add(variable);
  if (report === false) channel.reported.delete(variable);
  emitChannel(c.world, "ChannelVarset", channel, { variable, value });
}

function play(c: RouteContext, playbackId: string | undefined) {
  const channel = inStasis(c);
  const media = c.list("media");
  return created(
    playbackJson(
      startPlayback(c.world, channelSource(channel), media, c.text("lang") ?? channel.language, playbackId),
    ),
  );
}

function snoop(c: RouteContext, snoopId: string | undefined) {
  const target = c.world.channel(c.path.channelId as string);
  const spy = c.text("spy") ?? "none";
  const whisper = c.text("whisper") ?? "none";
  if (spy === "none" && whisper === "none")
    throw new AriError(400, "Direction must be specified for at least spy or whisper");
  if (snoopId && c.world.channels.has(snoopId))
    throw new AriError(400, "Snoop channel with this id already exists");
  const channel = newChannel(
    c.world,
    {
      id: snoopId,
      name: `Snoop/${target.id}-${c.world.nextSuffix()}`,
      state: "Up",
      caller: { name: "", number: "" },
    },
    { context: "default", exten: "s" },
  );
  channel.snoopOf = target.id;
  channel.variables.set("SNOOP_SPY", spy);
  channel.variables.set("SNOOP_WHISPER", whisper);
  enterStasis(c.world, channel, c.text("app") as string, c.list("appArgs"));
  return ok(channelJson(channel));
}

export const channelRoutes: Record<string, Route> = {
  list: (c) => ok([...c.world.channels.values()].map(channelJson)),
  get: (c) => ok(channelJson(c.world.channel(c.path.channelId as string))),
  originate: (c) =>
    ok(channelJson(originate(c.world, originateRequest(c, c.text("channelId")), "originate"))),
  originateWithId: (c) =>
    ok(channelJson(originate(c.world, originateRequest(c, c.path.channelId), "originate"))),
  create: (c) => ok(channelJson(originate(c.world, originateRequest(c, c.text("channelId")), "create"))),
  dial: act((c) => dial(c.world, inStasis(c), c.text("caller"), c.int("timeout"))),
  hangup: act((c) => {
    const channel = c.world.channel(c.path.channelId as string);
    const code = c.text("reason_code");
    const reason = c.text("reason");
    if (code !== undefined && reason !== undefined)
      throw new AriError(400, "The reason and reason_code can't both be specified");
    const cause = code !== undefined ? Number.parseInt(code, 10) : reason ? HANGUP_REASONS[reason] : 16;
    if (cause === undefined || Number.isNaN(cause))
      throw new AriError(400, "Invalid reason for hangup provided");
    cancelOutbound(c.world, channel, cause);
    destroyChannel(c.world, channel, cause, "app");
  }),
  continueInDialplan: act((c) => {
    const channel = controllable(c);
    leaveStasis(c.world, channel);
    channel.dialplan = {
      ...channel.dialplan,
      context: c.text("context") ?? channel.dialplan.context,
      exten: c.text("extension") ?? channel.dialplan.exten,
      priority: c.int("priority") ?? channel.dialplan.priority + 1,
    };
  }),
  move: act((c) => {
    const channel = inStasis(c);
    const app = c.text("app") as string;
    const args = c.list("appArgs");
    // Asterisk moves it only into a registered app; otherwise the channel stays and its app is told.
    if (!c.world.hub.isActive(app))
      return emitChannel(c.world, "ApplicationMoveFailed", channel, { destination: app, args });
    leaveStasis(c.world, channel);
    enterStasis(c.world, channel, app, args);
  }),
  redirect: act((c) => {
    const channel = controllable(c);
    if (!/^[^/]+\/.+/.test(c.text("endpoint") ?? ""))
      throw new AriError(400, "Endpoint parameter is not valid");
    channel.variables.set("REDIRECTED_TO", c.text("endpoint") as string);
    destroyChannel(c.world, channel, 16, "app");
  }),
  answer: act((c) => setState(c.world, controllable(c), "Up")),
  ring: act((c) => (controllable(c).ringing = true)),
  ringStop: act((c) => (controllable(c).ringing = false)),
  progress: act((c) => controllable(c)),
  sendDTMF: act((c) => {
    const channel = controllable(c);
    const dtmf = c.text("dtmf");
    if (!dtmf) throw new AriError(400, "DTMF is required");
    channel.sentDtmf.push(...dtmf.split(""));
  }),
  mute: act((c) => (controllable(c).muted = (c.text("direction") ?? "both") as FakeChannel["muted"])),
  unmute: act((c) => (controllable(c).muted = undefined)),
  hold: act((c) => {
    const channel = controllable(c);
    channel.held = true;
    emitChannel(c.world, "ChannelHold", channel);
  }),
  unhold: act((c) => {
    const channel = controllable(c);
    channel.held = false;
    emitChannel(c.world, "ChannelUnhold", channel);
  }),
  startMoh: act((c) => (controllable(c).moh = c.text("mohClass") ?? "default")),
  stopMoh: act((c) => (controllable(c).moh = undefined)),
  startSilence: act((c) => (controllable(c).silence = true)),
  stopSilence: act((c) => (controllable(c).silence = false)),
  play: (c) => play(c, c.text("playbackId")),
  playWithId: (c) => play(c, c.path.playbackId),
  record: (c) => {
    const channel = inStasis(c);
    const recording = startRecording(c.world, channelSource(channel), recordingRequest(c), () => {
      // res_stasis_recording: a channel in a bridge cannot be recorded (record the bridge); else it is answered.
      if (channel.bridgeId) return { fail: "Cannot record channel while in bridge" };
      setState(c.world, channel, "Up");
      return channel.silent ? { audioEndsAfterSeconds: 4 } : {};
    });
    return created(liveRecordingJson(recording));
  },
  getChannelVar: (c) => {
    const value = readVariable(c.world.channel(c.path.channelId as string), c.text("variable") as string);
    if (value === undefined) throw new AriError(404, "Provided variable was not found");
    return ok({ value });
  },
  setChannelVar: act((c) =>
    setVariable(c, inStasis(c), c.text("variable") as string, c.text("value") ?? "", c.bool("report_events")),
  ),
  getChannelVars: (c) => {
    const channel = inStasis(c);
    const variables: Record<string, string> = {};
    for (const name of c.list("variables")) {
      const value = readVariable(channel, name);
      if (value === undefined) throw new AriError(404, "Provided variable was not found");
      variables[name] = value;
    }
    return ok({ variables });
  },
  setChannelVars: act((c) => {
    const channel = inStasis(c);
    for (const v of variablesOf(c)) setVariable(c, channel, v.name, v.value, v.report);
  }),
  snoopChannel: (c) => snoop(c, c.text("snoopId")),
  snoopChannelWithId: (c) => snoop(c, c.path.snoopId),
};
