import type { CallControlRefusal, CallControlTarget, ParsedCallControlCommand } from "@ringflow/flow-schema";
import type { QueueCalls } from "../../acd/queue-calls.ts";
import type { QueuedCall, QueuedCallProgress, QueuedCalls } from "../../acd/queued-calls.ts";
import { participantTo } from "./queue-delivery.ts";
import { conferenceName } from "./queue-twiml.ts";
import type { TwilioRestClient } from "./rest-client.ts";
import type { TwilioUrls } from "./urls.ts";

type Action = ParsedCallControlCommand["action"];
type CommandOf<A extends Action> = Extract<ParsedCallControlCommand, { action: A }>;

export interface TwilioControlContext {
  client: TwilioRestClient;
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
    const added = await addParty(ctx, target, label, { endConferenceOnExit: true });
    if (added) return added;
    return leave(ctx);
  },
  consult: async ({ target }, ctx) => {
    await participant(ctx, "caller").update({ hold: true, holdUrl: ctx.holdMusicUrl, holdMethod: "GET" });
    const added = await addParty(ctx, target, "consult", { endConferenceOnExit: false });
    if (added) {
      await participant(ctx, "caller").update({ hold: false });
      return added;
    }
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: "consult" });
    return null;
  },
  "consult.complete": async (_command, ctx) => {
    if (ctx.progress.extraParty !== "consult") return "no-consultation";
    await participant(ctx, "consult").update({ endConferenceOnExit: true });
    await participant(ctx, "caller").update({ hold: false });
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: null });
    return leave(ctx);
  },
  "consult.return": async (_command, ctx) => {
    if (ctx.progress.extraParty !== "consult") return "no-consultation";
    await participant(ctx, "consult").remove();
    await participant(ctx, "caller").update({ hold: false });
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: null });
    return null;
  },
  "add-party": async ({ target }, ctx) => {
    const added = await addParty(ctx, target, "third-party", { endConferenceOnExit: false });
    if (added) return added;
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: "third-party" });
    return null;
  },
  hangup: async (command, ctx) => {
    if (command.party === "third-party") {
      const label = ctx.progress.extraParty;
      if (!label) return "no-third-party";
      await participant(ctx, label).remove();
      await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: null });
      return null;
    }
    if (command.endCall) await ctx.client.calls(ctx.call.providerCallId).update({ status: "completed" });
    // The agent's leg ends the conference: the caller's <Dial> returns and goes on at "After agent".
    await participant(ctx, agentLabel(ctx)).remove();
    return null;
  },
  monitor: async (command, ctx) => {
    const label = `supervisor-${command.supervisorUserId}`;
    const coach =
      command.mode === "whisper" && ctx.progress.agentLeg ? { callSidToCoach: ctx.progress.agentLeg } : {};
    const how = { muted: command.mode === "listen", coaching: command.mode === "whisper", ...coach };
    try {
      await participant(ctx, label).update(how);
      return null;
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    await ctx.client.conferences(conference(ctx)).participants.create({
      from: ctx.call.to,
      to: participantTo(command.endpoint.kind, command.endpoint.address),
      label,
      startConferenceOnEnter: false,
      endConferenceOnExit: false,
      beep: "false",
      ...how,
    });
    return null;
  },
  "monitor.stop": async (command, ctx) => {
    await participant(ctx, `supervisor-${command.supervisorUserId}`).remove();
    return null;
  },
  "recording.start": async (_command, ctx) => {
    if (!(await ctx.consentAllows())) return "no-consent";
    await ctx.client.calls(ctx.call.providerCallId).recordings.create({
      recordingChannels: "dual",
      recordingStatusCallback: ctx.urls.action("recording-status"),
      recordingStatusCallbackEvent: ["in-progress", "completed", "absent"],
    });
    return null;
  },
  "recording.stop": async (_command, ctx) => recording(ctx, { status: "stopped" }),
  "recording.pause": async (_command, ctx) => recording(ctx, { status: "paused", pauseBehavior: "silence" }),
  "recording.resume": async (_command, ctx) => {
    if (!(await ctx.consentAllows())) return "no-consent";
    return recording(ctx, { status: "in-progress" });
  },
};

const conference = (ctx: TwilioControlContext) =>
  ctx.progress.conferenceId ?? conferenceName(ctx.call.callId);
const participant = (ctx: TwilioControlContext, label: string) =>
  ctx.client.conferences(conference(ctx)).participants(label);
const agentLabel = (ctx: TwilioControlContext) => `agent-${ctx.progress.agentId ?? ""}`;

function labelOf(ctx: TwilioControlContext, party: "caller" | "agent" | "third-party"): string | null {
  if (party === "caller") return "caller";
  if (party === "agent") return agentLabel(ctx);
  return ctx.progress.extraParty;
}

async function update(
  ctx: TwilioControlContext,
  label: string | null,
  fields: Parameters<ReturnType<typeof participant>["update"]>[0],
): Promise<CallControlRefusal | null> {
  if (!label) return "no-third-party";
  await participant(ctx, label).update(fields);
  return null;
}

function hold(ctx: TwilioControlContext, party: "caller" | "agent" | "third-party", on: boolean) {
  return update(
    ctx,
    labelOf(ctx, party),
    on ? { hold: true, holdUrl: ctx.holdMusicUrl, holdMethod: "GET" } : { hold: false },
  );
}

/** The agent leaves a conversation someone else now holds open: their leg ends, they go into wrap-up. */
async function leave(ctx: TwilioControlContext): Promise<null> {
  await participant(ctx, agentLabel(ctx)).update({ endConferenceOnExit: false });
  await participant(ctx, agentLabel(ctx)).remove();
  // The agent held for the transfer (if it went to one) takes the call over; else the conversation ended here.
  await ctx.queues.transferred(ctx.call.tenantId, ctx.call.callId, null);
  return null;
}

async function addParty(
  ctx: TwilioControlContext,
  target: Exclude<CallControlTarget, { kind: "queue" }>,
  label: string,
  options: { endConferenceOnExit: boolean },
): Promise<CallControlRefusal | null> {
  let to: string;
  let from = ctx.call.to;
  if (target.kind === "number") {
    to = target.number;
    from = target.callerId ?? ctx.call.to;
  } else {
    const endpoint = await ctx.endpointOf(target.agentId);
    if (!endpoint) return "target-unavailable";
    to = participantTo(endpoint.kind, endpoint.address);
    if (endpoint.kind === "twilio-client") from = ctx.call.from;
  }
  await ctx.client.conferences(conference(ctx)).participants.create({
    from,
    to,
    label,
    startConferenceOnEnter: true,
    beep: "false",
    ...options,
  });
  return null;
}

function recording(
  ctx: TwilioControlContext,
  fields: { status: "stopped" | "paused" | "in-progress"; pauseBehavior?: "silence" },
): Promise<null> {
  return ctx.client
    .calls(ctx.call.providerCallId)
    .recordings("Twilio.CURRENT")
    .update(fields)
    .then(() => null);
}
