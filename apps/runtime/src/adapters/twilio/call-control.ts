import type { CallControlRefusal, CallControlTarget, ParsedCallControlCommand } from "@ringflow/flow-schema";
import type { QueueCalls } from "../../acd/queue-calls.ts";
import type { QueuedCall, QueuedCallProgress, QueuedCalls } from "../../acd/queued-calls.ts";
import { participantTo } from "./queue-delivery.ts";
import { conferenceName } from "./queue-twiml.ts";
import type { ConferenceParty, ConferenceRest, PartyChange, RecordingStatus } from "./conference-rest.ts";
import type { TwilioUrls } from "./urls.ts";
import { controlLegQuery, type ControlLegAction } from "../../acd/control-leg.ts";

type Action = ParsedCallControlCommand["action"];
type CommandOf<A extends Action> = Extract<ParsedCallControlCommand, { action: A }>;

export interface TwilioControlContext {
  /** The carrier's REST API in neutral words (Twilio's, SignalWire's LaML, Telnyx's TeXML). */
  rest: ConferenceRest;
  call: QueuedCall;
  progress: QueuedCallProgress;
  urls: TwilioUrls;
  holdMusicUrl: string;
  calls: QueuedCalls;
  queues: QueueCalls;
  /** Where an agent of the tenant is rung (the first of their endpoints), null when they cannot be. */
  endpointOf: (
    agentId: string,
  ) => Promise<{ kind: "twilio-client" | "sip" | "phone"; address: string } | null>;
  /** Whether the call's recording consent allows recording now. */
  consentAllows: () => Promise<boolean>;
}

type Step<A extends Action> = (
  command: CommandOf<A>,
  ctx: TwilioControlContext,
) => Promise<CallControlRefusal | null>;

/**
 * Every call-control command on Twilio, as updates of the call's conference (`call-<id>`) and its
 * participants by label: "caller", "agent-<agentId>", "consult" or "third-party", "supervisor-<userId>".
 * Typed over the contract's actions, so a new action fails to compile until Twilio carries it out.
 */
export const twilioCallControl: { [A in Action]: Step<A> } = {
  hold: async (command, ctx) => hold(ctx, command.party, true),
  resume: async (command, ctx) => hold(ctx, command.party, false),
  mute: async (command, ctx) => update(ctx, labelOf(ctx, command.party), { muted: true }),
  unmute: async (command, ctx) => update(ctx, labelOf(ctx, command.party), { muted: false }),
  transfer: async ({ target }, ctx) => {
    if (target.kind === "queue") {
      const moved = await ctx.queues.requeue(ctx.call.tenantId, ctx.call.callId, target.queueId);
      return moved === "ok" ? null : moved === "not-connected" ? "not-connected" : "target-unavailable";
    }
    // The new person holds the conference open instead of the agent, who leaves into wrap-up.
    // An agent joins under their own label: once the call is theirs, hold and hang up name them.
    const label = target.kind === "agent" ? `agent-${target.agentId}` : "transfer";
    const added = await addParty(ctx, target, label, { endConferenceOnExit: true }, "transfer");
    if (added) return added;
    return leave(ctx);
  },
  consult: async ({ target }, ctx) => {
    await change(ctx, "caller", { hold: true, holdUrl: ctx.holdMusicUrl });
    const added = await ringingAs(ctx, "consult", () =>
      addParty(ctx, target, "consult", { endConferenceOnExit: false }, "consult"),
    );
    if (added) await change(ctx, "caller", { hold: false });
    return added;
  },
  "consult.complete": async (_command, ctx) => {
    if (ctx.progress.extraParty !== "consult") return "no-consultation";
    await change(ctx, "consult", { endConferenceOnExit: true });
    await change(ctx, "caller", { hold: false });
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: null });
    return leave(ctx);
  },
  "consult.return": async (_command, ctx) => {
    if (ctx.progress.extraParty !== "consult") return "no-consultation";
    await remove(ctx, "consult");
    await change(ctx, "caller", { hold: false });
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: null });
    return null;
  },
  "add-party": async ({ target }, ctx) => {
    return ringingAs(ctx, "third-party", () =>
      addParty(ctx, target, "third-party", { endConferenceOnExit: false }, "add-party"),
    );
  },
  hangup: async (command, ctx) => {
    if (command.party === "third-party") {
      const label = ctx.progress.extraParty;
      if (!label) return "no-third-party";
      await remove(ctx, label);
      await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: null });
      return null;
    }
    if (command.endCall) await ctx.rest.endCall(ctx.call.providerCallId);
    // The agent's leg ends the conference: the caller's <Dial> returns and goes on at "After agent".
    await remove(ctx, agentLabel(ctx));
    return null;
  },
  monitor: async (command, ctx) => {
    const label = `supervisor-${command.supervisorUserId}`;
    const coach =
      command.mode === "whisper" && ctx.progress.agentLeg ? { callSidToCoach: ctx.progress.agentLeg } : {};
    const how = { muted: command.mode === "listen", coaching: command.mode === "whisper", ...coach };
    try {
      await change(ctx, label, how);
      return null;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    // No call id: the supervisor's browser takes this leg as the one it asked for, not as an offer.
    await ctx.rest.addLeg(conference(ctx), {
      from: ctx.call.to,
      to: participantTo(command.endpoint.kind, command.endpoint.address),
      label,
      startConferenceOnEnter: false,
      endConferenceOnExit: false,
      ...how,
    });
    return null;
  },
  "monitor.stop": async (command, ctx) => {
    await remove(ctx, `supervisor-${command.supervisorUserId}`);
    return null;
  },
  "recording.start": async (_command, ctx) => {
    if (!ctx.rest.startRecording) return "unsupported";
    if (!(await ctx.consentAllows())) return "no-consent";
    await ctx.rest.startRecording(ctx.call.providerCallId, ctx.urls.action("recording-status"));
    return null;
  },
  "recording.stop": async (_command, ctx) => recording(ctx, "stopped"),
  "recording.pause": async (_command, ctx) => recording(ctx, "paused"),
  "recording.resume": async (_command, ctx) => {
    if (!ctx.rest.changeRecording) return "unsupported";
    if (!(await ctx.consentAllows())) return "no-consent";
    return recording(ctx, "in-progress");
  },
};

const conference = (ctx: TwilioControlContext) => ({
  name: conferenceName(ctx.call.callId),
  sid: ctx.progress.conferenceId,
});
/** A party by label; the caller's and the agent's legs by call id too (carriers that address legs so). */
function partyOf(ctx: TwilioControlContext, label: string): ConferenceParty {
  const callSid =
    label === "caller" ? ctx.call.providerCallId : label === agentLabel(ctx) ? ctx.progress.agentLeg : null;
  return { label, callSid };
}
const change = (ctx: TwilioControlContext, label: string, fields: PartyChange) =>
  ctx.rest.updateParty(conference(ctx), partyOf(ctx, label), fields);
const remove = (ctx: TwilioControlContext, label: string) =>
  ctx.rest.removeParty(conference(ctx), partyOf(ctx, label));
const agentLabel = (ctx: TwilioControlContext) => `agent-${ctx.progress.agentId ?? ""}`;

function labelOf(ctx: TwilioControlContext, party: "caller" | "agent" | "third-party"): string | null {
  if (party === "caller") return "caller";
  if (party === "agent") return agentLabel(ctx);
  return ctx.progress.extraParty;
}

async function update(
  ctx: TwilioControlContext,
  label: string | null,
  fields: PartyChange,
): Promise<CallControlRefusal | null> {
  if (!label) return "no-third-party";
  await change(ctx, label, fields);
  return null;
}

function hold(ctx: TwilioControlContext, party: "caller" | "agent" | "third-party", on: boolean) {
  return update(ctx, labelOf(ctx, party), on ? { hold: true, holdUrl: ctx.holdMusicUrl } : { hold: false });
}

/** The agent leaves a conversation someone else now holds open: their leg ends, they go into wrap-up. */
async function leave(ctx: TwilioControlContext): Promise<null> {
  await change(ctx, agentLabel(ctx), { endConferenceOnExit: false });
  await remove(ctx, agentLabel(ctx));
  // The agent held for the transfer (if it went to one) takes the call over; else the conversation ended here.
  await ctx.queues.transferred(ctx.call.tenantId, ctx.call.callId, null);
  return null;
}

/**
 * The call has its consultation or third party from before the leg is rung: a status callback saying nobody
 * answered may come before the carrier's answer to the request, and finds it. A refusal or a failure puts back
 * what the call had before.
 */
async function ringingAs(
  ctx: TwilioControlContext,
  extraParty: "consult" | "third-party",
  ring: () => Promise<CallControlRefusal | null>,
): Promise<CallControlRefusal | null> {
  const { tenantId, callId } = ctx.call;
  const before = { extraParty: ctx.progress.extraParty };
  await ctx.calls.update(tenantId, callId, { extraParty });
  let refusal: CallControlRefusal | null;
  try {
    refusal = await ring();
  } catch (error) {
    await ctx.calls.update(tenantId, callId, before);
    throw error;
  }
  if (refusal) await ctx.calls.update(tenantId, callId, before);
  return refusal;
}

/** How long a transfer's, consultation's or third party's leg rings before the carrier gives up on it. */
export const CONTROL_RING_SECONDS = 30;
/** Every step of the leg: its end says whether it was answered (no-answer, busy, failed, canceled). */
const CONTROL_LEG_EVENTS = ["initiated", "ringing", "answered", "completed"];

async function addParty(
  ctx: TwilioControlContext,
  target: Exclude<CallControlTarget, { kind: "queue" }>,
  label: string,
  options: { endConferenceOnExit: boolean },
  action: ControlLegAction,
): Promise<CallControlRefusal | null> {
  let to: string;
  let from = ctx.call.to;
  if (target.kind === "number") {
    to = target.number;
    from = target.callerId ?? ctx.call.to;
  } else {
    const endpoint = await ctx.endpointOf(target.agentId);
    if (!endpoint) return "target-unavailable";
    to = participantTo(endpoint.kind, endpoint.address, ctx.call.callId);
    if (endpoint.kind === "twilio-client") from = ctx.call.from;
  }
  // Its status comes back signed to <prefix>/control-leg: a leg nobody answers frees the agent held for it.
  const statusCallback = ctx.urls.action(
    "control-leg",
    undefined,
    controlLegQuery({
      call: ctx.call.callId,
      action,
      label,
      by: ctx.progress.agentId ?? undefined,
      ...(target.kind === "agent" ? { agent: target.agentId } : { number: target.number }),
    }),
  );
  await ctx.rest.addLeg(conference(ctx), {
    from,
    to,
    label,
    startConferenceOnEnter: true,
    ...options,
    timeoutSeconds: CONTROL_RING_SECONDS,
    statusCallback,
    statusCallbackEvent: CONTROL_LEG_EVENTS,
  });
  return null;
}

async function recording(
  ctx: TwilioControlContext,
  status: RecordingStatus,
): Promise<CallControlRefusal | null> {
  if (!ctx.rest.changeRecording) return "unsupported";
  await ctx.rest.changeRecording(ctx.call.providerCallId, status);
  return null;
}
