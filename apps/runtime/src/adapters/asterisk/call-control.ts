import { createHash, randomInt } from "node:crypto";
import type {
  CallControlRefusal,
  CallControlTarget,
  DialTarget,
  ParsedCallControlCommand,
} from "@ringflow/flow-schema";
import { ariJson, type Logger } from "@ringflow/platform";
import type { QueueCalls } from "../../acd/queue-calls.ts";
import type { QueuedCall, QueuedCallProgress, QueuedCalls } from "../../acd/queued-calls.ts";
import type { AsteriskAccount } from "./ari-application.ts";
import { dialString, internalIds } from "./dial-string.ts";

type Action = ParsedCallControlCommand["action"];
type CommandOf<A extends Action> = Extract<ParsedCallControlCommand, { action: A }>;

/** One ARI request over HTTP (no connection needed: the jobs process sends these); the body as JSON. */
export type AriCall = (
  method: "GET" | "POST" | "DELETE",
  path: string,
  query?: Record<string, string>,
) => Promise<unknown>;

/** ARI requests with the account's user, through the outbound guard (PBX_ALLOW_NETWORKS). */
export function ariCaller(account: AsteriskAccount, allowNetworks: readonly string[]): AriCall {
  return (method, path, query) => ariJson(account, { method, path, ...(query ? { query } : {}), allowNetworks });
}

export interface AsteriskControlContext {
  ari: AriCall;
  account: AsteriskAccount;
  call: QueuedCall;
  progress: QueuedCallProgress;
  calls: QueuedCalls;
  queues: QueueCalls;
  holdClass: string;
  /** Where an agent of the tenant is rung (the first of their endpoints), null when they cannot be. */
  endpointOf: (
    agentId: string,
  ) => Promise<{ kind: "twilio-client" | "sip" | "phone"; address: string } | null>;
  logger: Pick<Logger, "warn">;
  /** How long a leg rings before it is given up (seconds). */
  ringSeconds?: number;
  /** How often a ringing leg is looked at (ms). */
  pollMs?: number;
}

type Step<A extends Action> = (
  command: CommandOf<A>,
  ctx: AsteriskControlContext,
) => Promise<CallControlRefusal | null>;

const enc = encodeURIComponent;
const ignore = () => null;
const short = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 10);

/**
 * The channels and bridges call control makes beside the conversation's own (`internalIds(caller, turn)
 * .bridge` holds caller and agent): named after the caller's channel and the Enqueue turn, ending like the
 * adapter's transfer legs (`-dial-<turn>`), so a process taking the connection over leaves them alone.
 */
function ids(ctx: AsteriskControlContext) {
  const caller = ctx.call.providerCallId;
  const turn = ctx.call.turn;
  const supervisor = (userId: string) => short(userId);
  return {
    talk: internalIds(caller, turn).bridge,
    consult: `${caller}-cc-consult-dial-${turn}`,
    third: `${caller}-cc-third-dial-${turn}`,
    transfer: () => `${caller}-cc-x${randomInt(1e9)}-dial-${turn}`,
    supervisor: (userId: string) => `${caller}-cc-sup${supervisor(userId)}-dial-${turn}`,
    snoop: (userId: string) => `${caller}-cc-spy${supervisor(userId)}-dial-${turn}`,
    monitor: (userId: string) => `${caller}-cc-mon${supervisor(userId)}-${turn}`,
  };
}

/**
 * Every call-control command on Asterisk, as ARI requests on the call's conversation: the caller and the
 * agent's leg in one mixing bridge, people joining it (a transfer's target, a consultation, a third party)
 * originated and added once they answer, held parties taken out of the bridge to music on hold, supervisors
 * through snoop channels on the agent's leg. Typed over the contract's actions, as Twilio's table is.
 */
export const asteriskCallControl: { [A in Action]: Step<A> } = {
  hold: async (command, ctx) => hold(ctx, await legOf(ctx, command.party), true),
  resume: async (command, ctx) => hold(ctx, await legOf(ctx, command.party), false),
  mute: async (command, ctx) => mute(ctx, await legOf(ctx, command.party), true),
  unmute: async (command, ctx) => mute(ctx, await legOf(ctx, command.party), false),
  transfer: async ({ target }, ctx) => {
    if (target.kind === "queue") {
      const moved = await ctx.queues.requeue(ctx.call.tenantId, ctx.call.callId, target.queueId);
      return moved === "ok" ? null : moved === "not-connected" ? "not-connected" : "target-unavailable";
    }
    const agent = ctx.progress.agentLeg;
    const leg = ids(ctx).transfer();
    // The new person takes the agent's place once they answer; the agent leaves into wrap-up then.
    return ring(ctx, target, leg, async () => {
      await ctx.ari("POST", `/bridges/${enc(ids(ctx).talk)}/addChannel`, { channel: leg });
      await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { agentLeg: leg });
      if (agent) await hangup(ctx, agent);
      await ctx.queues.transferred(ctx.call.tenantId, ctx.call.callId, leg);
    }, () => ctx.queues.releaseAgent(ctx.call.tenantId, ctx.call.callId));
  },
  consult: async ({ target }, ctx) => {
    const held = await hold(ctx, ctx.call.providerCallId, true);
    if (held) return held;
    const leg = ids(ctx).consult;
    const rung = await ring(
      ctx,
      target,
      leg,
      async () => {
        await ctx.ari("POST", `/bridges/${enc(ids(ctx).talk)}/addChannel`, { channel: leg });
      },
      () => ctx.queues.releaseAgent(ctx.call.tenantId, ctx.call.callId),
    );
    if (rung) {
      await hold(ctx, ctx.call.providerCallId, false);
      return rung;
    }
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: "consult" });
    return null;
  },
  "consult.complete": async (_command, ctx) => {
    if (ctx.progress.extraParty !== "consult") return "no-consultation";
    const leg = ids(ctx).consult;
    // The consulted person is the caller's party now: the conversation follows their leg.
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { agentLeg: leg, extraParty: null });
    await hold(ctx, ctx.call.providerCallId, false);
    if (ctx.progress.agentLeg) await hangup(ctx, ctx.progress.agentLeg);
    await ctx.queues.transferred(ctx.call.tenantId, ctx.call.callId, leg);
    return null;
  },
  "consult.return": async (_command, ctx) => {
    if (ctx.progress.extraParty !== "consult") return "no-consultation";
    await hangup(ctx, ids(ctx).consult);
    await hold(ctx, ctx.call.providerCallId, false);
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: null });
    return null;
  },
  "add-party": async ({ target }, ctx) => {
    const leg = ids(ctx).third;
    const rung = await ring(ctx, target, leg, async () => {
      await ctx.ari("POST", `/bridges/${enc(ids(ctx).talk)}/addChannel`, { channel: leg });
    });
    if (rung) return rung;
    await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: "third-party" });
    return null;
  },
  hangup: async (command, ctx) => {
    if (command.party === "third-party") {
      const leg = extraLeg(ctx);
      if (!leg) return "no-third-party";
      await hangup(ctx, leg);
      await ctx.calls.update(ctx.call.tenantId, ctx.call.callId, { extraParty: null });
      return null;
    }
    if (command.endCall) await hangup(ctx, ctx.call.providerCallId);
    // The agent's leg ending ends the conversation: the caller goes on at "After agent".
    if (ctx.progress.agentLeg) await hangup(ctx, ctx.progress.agentLeg);
    return null;
  },
  monitor: async (command, ctx) => {
    const agent = ctx.progress.agentLeg;
    if (!agent) return "not-connected";
    const n = ids(ctx);
    const leg = n.supervisor(command.supervisorUserId);
    // Already listening: the supervisor's leg stays; only how it takes part changes.
    const present = await isUp(ctx, leg);
    await leaveMonitor(ctx, command.supervisorUserId, !present);
    const join = async () => {
      if (command.mode === "barge") {
        await ctx.ari("POST", `/bridges/${enc(n.talk)}/addChannel`, { channel: leg });
        return;
      }
      const bridge = n.monitor(command.supervisorUserId);
      const snoop = n.snoop(command.supervisorUserId);
      await ctx.ari("POST", `/bridges/${enc(bridge)}`, { type: "mixing" });
      // spy both: the supervisor hears the agent and what the agent hears; whisper out: the agent alone hears them.
      await ctx.ari("POST", `/channels/${enc(agent)}/snoop/${enc(snoop)}`, {
        spy: "both",
        whisper: command.mode === "whisper" ? "out" : "none",
        app: ctx.account.applicationName,
        appArgs: "ringflow:monitor",
      });
      await ctx.ari("POST", `/bridges/${enc(bridge)}/addChannel`, { channel: `${snoop},${leg}` });
    };
    if (present) {
      await join();
      return null;
    }
    const endpoint = command.endpoint;
    const target: DialTarget =
      endpoint.kind === "phone"
        ? { type: "phone", value: endpoint.address }
        : { type: "sip", value: endpoint.address };
    if (endpoint.kind === "twilio-client") return "unsupported";
    return originate(ctx, leg, target, ctx.call.to, join);
  },
  "monitor.stop": async (command, ctx) => {
    await leaveMonitor(ctx, command.supervisorUserId, true);
    return null;
  },
  // The call's recording is made by the process carrying the call (its rows and consent with it).
  "recording.start": async () => "unsupported",
  "recording.stop": async () => "unsupported",
  "recording.pause": async () => "unsupported",
  "recording.resume": async () => "unsupported",
};

function extraLeg(ctx: AsteriskControlContext): string | null {
  if (ctx.progress.extraParty === "consult") return ids(ctx).consult;
  if (ctx.progress.extraParty === "third-party") return ids(ctx).third;
  return null;
}

async function legOf(ctx: AsteriskControlContext, party: "caller" | "agent" | "third-party") {
  if (party === "caller") return ctx.call.providerCallId;
  if (party === "agent") return ctx.progress.agentLeg;
  return extraLeg(ctx);
}

/** Held: out of the conversation's bridge, hearing music on hold; resumed: back in it. */
async function hold(ctx: AsteriskControlContext, leg: string | null, on: boolean) {
  if (!leg) return "no-third-party" as const;
  const bridge = `/bridges/${enc(ids(ctx).talk)}`;
  if (on) {
    await ctx.ari("POST", `${bridge}/removeChannel`, { channel: leg }).catch(ignore);
    await ctx.ari("POST", `/channels/${enc(leg)}/moh`, { mohClass: ctx.holdClass });
  } else {
    await ctx.ari("DELETE", `/channels/${enc(leg)}/moh`).catch(ignore);
    await ctx.ari("POST", `${bridge}/addChannel`, { channel: leg });
  }
  return null;
}

/** What the party says no longer reaches the others (direction in: from the party into Asterisk). */
async function mute(ctx: AsteriskControlContext, leg: string | null, on: boolean) {
  if (!leg) return "no-third-party" as const;
  await ctx.ari(on ? "POST" : "DELETE", `/channels/${enc(leg)}/mute`, { direction: "in" });
  return null;
}

const hangup = (ctx: AsteriskControlContext, leg: string) =>
  ctx.ari("DELETE", `/channels/${enc(leg)}`).catch(ignore);

async function isUp(ctx: AsteriskControlContext, leg: string): Promise<boolean> {
  const channel = (await ctx.ari("GET", `/channels/${enc(leg)}`).catch(ignore)) as { state?: string } | null;
  return channel?.state === "Up";
}

async function leaveMonitor(ctx: AsteriskControlContext, userId: string, dropLeg: boolean) {
  const n = ids(ctx);
  await hangup(ctx, n.snoop(userId));
  await ctx.ari("DELETE", `/bridges/${enc(n.monitor(userId))}`).catch(ignore);
  if (dropLeg) await hangup(ctx, n.supervisor(userId));
  else
    await ctx
      .ari("POST", `/bridges/${enc(n.talk)}/removeChannel`, { channel: n.supervisor(userId) })
      .catch(ignore);
}

/**
 * Rings a person (an agent of the tenant or a number) on `leg`; `answered` runs once they answer, `missed`
 * when they never do (the leg ended or rang out).
 */
async function ring(
  ctx: AsteriskControlContext,
  target: Exclude<CallControlTarget, { kind: "queue" }>,
  leg: string,
  answered: () => Promise<void>,
  missed: () => Promise<void> = async () => {},
): Promise<CallControlRefusal | null> {
  if (target.kind === "number")
    return originate(
      ctx,
      leg,
      { type: "phone", value: target.number },
      target.callerId ?? ctx.call.to,
      answered,
      missed,
    );
  const endpoint = await ctx.endpointOf(target.agentId);
  if (!endpoint || endpoint.kind === "twilio-client") return "target-unavailable";
  const dial: DialTarget =
    endpoint.kind === "phone"
      ? { type: "phone", value: endpoint.address }
      : { type: "sip", value: endpoint.address };
  return originate(ctx, leg, dial, ctx.call.from, answered, missed);
}

/**
 * Originates `leg` into the account's application (the process holding the connection leaves it be) and,
 * without waiting for the answer, looks at it until it is up (then `answered`) or gone.
 */
async function originate(
  ctx: AsteriskControlContext,
  leg: string,
  target: DialTarget,
  callerId: string,
  answered: () => Promise<void>,
  missed: () => Promise<void> = async () => {},
): Promise<CallControlRefusal | null> {
  const caller = (await ctx.ari("GET", `/channels/${enc(ctx.call.providerCallId)}`).catch(ignore)) as {
    dialplan?: { context?: string };
  } | null;
  if (!caller) return "call-not-found";
  const ringSeconds = ctx.ringSeconds ?? 30;
  await ctx.ari("POST", `/channels/${enc(leg)}`, {
    endpoint: dialString(target, caller.dialplan?.context ?? "default"),
    app: ctx.account.applicationName,
    appArgs: "ringflow:control",
    callerId,
    timeout: String(ringSeconds),
    originator: ctx.call.providerCallId,
  });
  void (async () => {
    const until = Date.now() + (ringSeconds + 5) * 1000;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, ctx.pollMs ?? 200));
      const channel = (await ctx.ari("GET", `/channels/${enc(leg)}`).catch(ignore)) as {
        state?: string;
      } | null;
      if (!channel) return missed();
      if (channel.state !== "Up") continue;
      try {
        return await answered();
      } catch {
        // Up a moment before it is in the application: the next look adds it.
      }
    }
    await hangup(ctx, leg);
    await missed();
  })().catch((error: unknown) =>
    ctx.logger.warn(
      { err: error, leg, callId: ctx.call.callId },
      "a call-control leg could not join the call",
    ),
  );
  return null;
}
