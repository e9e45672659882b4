import { Worker } from "bullmq";
import type { Db } from "@ringflow/db";
import type { Logger } from "@ringflow/platform";
import { ENDPOINT_KIND } from "@ringflow/queues";
import type { QueueCalls } from "../acd/queue-calls.ts";
import type { QueuedCalls } from "../acd/queued-calls.ts";
import {
  ariCaller,
  asteriskCallControl,
  type AsteriskControlContext,
} from "../adapters/asterisk/call-control.ts";
import { asteriskAccountFor } from "../adapters/asterisk/asterisk-account.ts";
import { twilioCallControl, type TwilioControlContext } from "../adapters/twilio/call-control.ts";
import { signalWireRestFor, telnyxRestFor, type DialectRestDeps } from "../adapters/carriers/dialect-rest.ts";
import type { ConferenceRest } from "../adapters/twilio/conference-rest.ts";
import { twilioRestFor } from "../adapters/twilio/queue-delivery.ts";
import { TwilioUrls } from "../adapters/twilio/urls.ts";
import type { CallProviderName } from "../calls/call-record.ts";
import type { Clock } from "../calls/clock.ts";
import {
  CALL_CONTROL_MAX_AGE_MS,
  CALL_CONTROL_QUEUE,
  callControlJobSchema,
  type CallControlOutcome,
  type CallControlRefusal,
  type ParsedCallControlCommand,
  type ParsedCallControlJob,
} from "./call-control.job.ts";
import type { HoldEvent } from "@ringflow/flow-schema";
import { keepHoldEvent } from "./analytics-rollup.writer.ts";
import { bullConnection, bullPrefix, type QueueConfig } from "./queues.ts";

export interface CallControlDeps {
  db: Db;
  calls: QueuedCalls;
  queues: QueueCalls;
  urls: TwilioUrls;
  holdMusicUrl: string;
  twilioApiBaseUrl: string;
  /** SignalWire's and Telnyx's REST APIs (base URLs for tests, health counting). */
  dialectRest?: Omit<DialectRestDeps, "db">;
  clock: Clock;
  /** PBX_ALLOW_NETWORKS: Asterisk calls are controlled over ARI through PBXs on these networks. */
  pbxAllowNetworks?: readonly string[];
  /** Asterisk's music on hold class for a held party (the tenant's). */
  asteriskHoldClass?: (tenantId: string) => string;
  logger?: Pick<Logger, "warn">;
}

/** What the person who asked is told when a command is refused. */
const REFUSED: Record<CallControlRefusal, string> = {
  "call-not-found": "That call has ended or is not one of this workspace's calls.",
  "not-connected": "The call is not connected to an agent right now.",
  "no-consultation": "There is no consultation call to complete or leave.",
  "no-third-party": "Nobody else is on the call.",
  "target-unavailable": "That agent or queue cannot take the call right now.",
  "agent-unavailable":
    "That agent is not available right now (on another call, finishing one, away or signed out). Choose an available agent.",
  "no-consent": "The caller has not agreed to be recorded, so the call cannot be recorded.",
  unsupported: "This call's phone provider cannot do that.",
  "too-old": "The request came too late and was not carried out; try again.",
};

type Found = NonNullable<Awaited<ReturnType<QueuedCalls["get"]>>>;
/** One provider's way of carrying out a command on a connected call. */
type ProviderControl = (
  deps: CallControlDeps,
  input: {
    tenantId: string;
    callId: string;
    providerAccountId: string;
    found: Found;
    command: ParsedCallControlCommand;
  },
) => Promise<CallControlRefusal | null>;

const endpointOf = (deps: CallControlDeps, tenantId: string) => async (agentId: string) => {
  const endpoint = await deps.db.agentEndpoint.findFirst({
    where: { tenantId, agentId },
    orderBy: [{ position: "asc" }, { id: "asc" }],
  });
  return endpoint ? { kind: ENDPOINT_KIND[endpoint.kind], address: endpoint.address } : null;
};

/** A TwiML carrier's calls controlled through its conference: the same steps, its REST API and its URLs. */
const conferenceControl =
  (
    restOf: (deps: CallControlDeps, call: Found["call"]) => Promise<ConferenceRest>,
    urlsOf: (deps: CallControlDeps) => TwilioUrls,
  ): ProviderControl =>
  async (deps, { tenantId, callId, found, command }) => {
    const ctx: TwilioControlContext = {
      rest: await restOf(deps, found.call),
      call: found.call,
      progress: found.progress,
      urls: urlsOf(deps),
      holdMusicUrl: found.call.holdMusicUrl ?? deps.holdMusicUrl,
      calls: deps.calls,
      queues: deps.queues,
      endpointOf: endpointOf(deps, tenantId),
      consentAllows: async () => {
        const consent = await deps.db.consentRecord.findFirst({
          where: { tenantId, callId },
          orderBy: { at: "desc" },
          select: { granted: true, required: true },
        });
        return !consent || consent.granted || !consent.required;
      },
    };
    return (twilioCallControl[command.action] as AnyStep<TwilioControlContext>)(command, ctx);
  };

const carrierUrls = (deps: CallControlDeps, prefix: string) => new TwilioUrls(deps.urls.publicUrl, prefix);
const dialectDeps = (deps: CallControlDeps) => ({ db: deps.db, ...deps.dialectRest });

/** The providers whose calls the desktop controls; a call of any other is refused as unsupported. */
const PROVIDER_CONTROL: Partial<Record<CallProviderName, ProviderControl>> = {
  TWILIO: conferenceControl(
    (deps, call) => twilioRestFor(deps.db, deps.twilioApiBaseUrl)(call),
    (deps) => deps.urls,
  ),
  SIGNALWIRE: conferenceControl(
    (deps, call) => signalWireRestFor(dialectDeps(deps), carrierUrls(deps, "signalwire"))(call),
    (deps) => carrierUrls(deps, "signalwire"),
  ),
  TELNYX: conferenceControl(
    (deps, call) => telnyxRestFor(dialectDeps(deps), carrierUrls(deps, "telnyx"))(call),
    (deps) => carrierUrls(deps, "telnyx"),
  ),
  ASTERISK: async (deps, { tenantId, providerAccountId, found, command }) => {
    const account = await asteriskAccountFor(deps.db, tenantId, providerAccountId);
    if (!account) return "unsupported";
    const ctx: AsteriskControlContext = {
      ari: ariCaller(account, deps.pbxAllowNetworks ?? []),
      account,
      call: found.call,
      progress: found.progress,
      calls: deps.calls,
      queues: deps.queues,
      holdClass: deps.asteriskHoldClass?.(tenantId) ?? "default",
      endpointOf: endpointOf(deps, tenantId),
      logger: deps.logger ?? { warn: () => {} },
    };
    return (asteriskCallControl[command.action] as AnyStep<AsteriskControlContext>)(command, ctx);
  },
};

type AnyStep<C> = (command: unknown, ctx: C) => Promise<CallControlRefusal | null>;

/** What a carried-out command did to the caller's hold (a consultation holds the caller too); null: nothing. */
function holdChange(command: ParsedCallControlCommand): HoldEvent["type"] | null {
  switch (command.action) {
    case "hold":
      return command.party === "caller" ? "call.held" : null;
    case "resume":
      return command.party === "caller" ? "call.resumed" : null;
    case "consult":
      return "call.held";
    case "consult.complete":
    case "consult.return":
      return "call.resumed";
    default:
      return null;
  }
}

/** The agent a command rings, when it names one: held for the call before anyone rings them. */
function agentTargetOf(command: ParsedCallControlCommand): string | null {
  return "target" in command && command.target.kind === "agent" ? command.target.agentId : null;
}

/** Commands after which the agent held for the call's consultation or third party is free again. */
function releasesHeldAgent(command: ParsedCallControlCommand): boolean {
  return (
    command.action === "consult.return" || (command.action === "hangup" && command.party === "third-party")
  );
}

/**
 * Carries out one command on a live call: checks that the call is the tenant's, still on and connected to an
 * agent, then runs the provider's step (Twilio: conference participant updates). A refusal is an answer, not
 * a failure (no retry); a provider error is a failure, retried by BullMQ.
 */
export async function runCallControlJob(deps: CallControlDeps, data: unknown): Promise<CallControlOutcome> {
  const job = callControlJobSchema.parse(data);
  const outcome = await carryOut(deps, job);
  // Carried out already: a report that fails must not make BullMQ carry the command out again.
  await reportOutcome(deps, job, outcome).catch((error: unknown) =>
    deps.logger?.warn({ err: error }, "call-control outcome not reported to the desktop"),
  );
  return outcome;
}

/** The desktop of the agent whose call it is hears what the request came to, without asking again. */
async function reportOutcome(deps: CallControlDeps, job: ParsedCallControlJob, outcome: CallControlOutcome) {
  const { tenantId, callId, command } = job;
  const found = await deps.calls.get(tenantId, callId);
  await deps.queues.reportControl(found?.call ?? { tenantId, callId, test: false }, {
    agentId: job.requestedBy.agentId ?? found?.progress.agentId ?? null,
    requestId: job.requestId,
    action: command.action,
    result: outcome.ok ? "done" : "refused",
    targetName: "target" in command ? await deps.queues.targetName(tenantId, command.target) : null,
    refusal: outcome.ok ? null : outcome.refusal,
    message: outcome.ok ? null : outcome.message,
  });
}

async function carryOut(deps: CallControlDeps, job: ParsedCallControlJob): Promise<CallControlOutcome> {
  const { tenantId, callId, command } = job;
  const base = { requestId: job.requestId, callId, action: command.action };
  const refuse = (refusal: CallControlRefusal): CallControlOutcome => ({
    ok: false,
    ...base,
    refusal,
    message: REFUSED[refusal],
  });
  if (deps.clock() - job.requestedAt > CALL_CONTROL_MAX_AGE_MS) return refuse("too-old");
  const row = await deps.db.call.findFirst({
    where: { id: callId, tenantId },
    select: { provider: true, providerAccountId: true, endedAt: true },
  });
  if (!row || row.endedAt) return refuse("call-not-found");
  const found = await deps.calls.get(tenantId, callId);
  if (!found || found.progress.phase !== "connected") return refuse("not-connected");
  // The carrier holding the conversation now, as the queued call says (a callback placed through the backup).
  const control = PROVIDER_CONTROL[found.call.provider as CallProviderName];
  const providerAccountId = found.call.providerAccountId ?? row.providerAccountId;
  if (!control || !providerAccountId) return refuse("unsupported");
  // A transfer, consultation or third party that rings an agent holds them first (one script in the queue
  // engine): an agent who is not available is refused, and no offer reaches one who is while they ring.
  const heldFor = agentTargetOf(command);
  if (heldFor && (await deps.queues.holdAgent(tenantId, callId, heldFor)) !== "ok")
    return refuse("agent-unavailable");
  let refusal: CallControlRefusal | null;
  try {
    refusal = await control(deps, {
      tenantId,
      callId,
      providerAccountId,
      found,
      command,
    });
  } catch (error) {
    if (heldFor) await deps.queues.releaseAgent(tenantId, callId, "not-needed");
    throw error;
  }
  if ((refusal && heldFor) || (!refusal && releasesHeldAgent(command)))
    await deps.queues.releaseAgent(tenantId, callId, "not-needed");
  if (refusal) return refuse(refusal);
  const hold = holdChange(command);
  if (hold && found.progress.agentId)
    // Logged for the hold time the analytics count per queue and agent (once per request).
    await keepHoldEvent(deps.db, {
      type: hold,
      tenantId,
      queueId: found.call.queueId,
      callId,
      agentId: found.progress.agentId,
      at: deps.clock(),
      test: found.call.test,
      requestId: job.requestId,
    });
  return { ok: true, ...base };
}

export function startCallControlWorker(
  deps: CallControlDeps,
  config: QueueConfig,
  logger?: Logger,
): Worker<unknown, CallControlOutcome> {
  const worker = new Worker<unknown, CallControlOutcome>(
    CALL_CONTROL_QUEUE,
    (job) => runCallControlJob(deps, job.data),
    { connection: bullConnection(config), prefix: bullPrefix(config), concurrency: 8 },
  );
  worker.on("failed", (job, error) =>
    logger?.warn({ err: error, jobId: job?.id }, "call-control job failed; it will be retried"),
  );
  return worker;
}
