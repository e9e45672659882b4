import { randomUUID } from "node:crypto";
import * as z from "zod";
import {
  queueEventSchema,
  realtimeChannel,
  type CONNECTION_LOST,
  type QueueEvent,
} from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";
import { QUEUE_SCRIPTS, type QueueScript } from "./lua/scripts.ts";
import {
  agentChoiceSchema,
  agentConfigSchema,
  enqueueInputSchema,
  queueConfigSchema,
  type AgentChoice,
  type AgentConfig,
  type EnqueueInput,
  type QueueConfig,
} from "./queue-config.ts";
import { queueResultSchema, type QueueResult } from "./queue-result.ts";

/** The set of tenants with timers (ring timeouts, wrap-ups, maximum waits), beside every tenant's namespace. */
const TENANTS_KEY = "acd:tenants";
/** Every offer made, for the runtime's ringers (`OfferFeed`). */
export const OFFERS_KEY = "acd:offers";
/** A tenant's namespace; the braces keep a tenant's keys in one cluster slot. */
const namespace = (tenantId: string) => `acd:{${tenantId}}:`;

const commandName = (script: QueueScript) => `ringflowQueue_${script}` as const;
type ScriptRedis = Redis &
  Record<ReturnType<typeof commandName>, (...args: (string | number)[]) => Promise<string>>;

const callbackSchema = z.object({ callId: z.string().min(1), number: z.string().min(3).max(64) });
const offerReplySchema = z.object({ offerId: z.string().min(1), agentId: z.string().min(1) });
const agentCallSchema = z.object({ agentId: z.string().min(1), callId: z.string().min(1) });

/**
 * The provider-neutral queue engine (ACD): queues, agents and the assignment of one to the other, all in
 * Redis. Every change is one Lua script, so any number of runtime processes may call any method at once:
 * an agent is never offered two callers, a caller is never connected to two agents, and an offer is a lease
 * that, when its process dies, rings out and returns the caller to its place (`tick`). Every change also
 * runs assignment, so the offers a method returns are the agents to ring now.
 */
export class QueueEngine {
  private readonly redis: ScriptRedis;
  /** Pub/sub channels do not get ioredis' key prefix: the engine adds the connection's own. */
  private readonly channelPrefix: string;

  constructor(
    redis: Redis,
    /** Epoch milliseconds: the call core's clock (tests pass their own). */
    private readonly clock: () => number,
    private readonly newId: () => string = randomUUID,
  ) {
    for (const [script, lua] of Object.entries(QUEUE_SCRIPTS)) {
      const name = commandName(script as QueueScript);
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 3, lua });
    }
    this.redis = redis as ScriptRedis;
    this.channelPrefix = redis.options.keyPrefix ?? "";
  }

  private async run(script: QueueScript, tenantId: string, input: unknown): Promise<QueueResult> {
    const reply = await this.redis[commandName(script)](
      namespace(tenantId),
      TENANTS_KEY,
      OFFERS_KEY,
      this.clock(),
      tenantId,
      this.newId(),
      typeof input === "string" ? input : JSON.stringify(input),
      `${this.channelPrefix}${realtimeChannel(tenantId)}`,
    );
    return queueResultSchema.parse(JSON.parse(reply));
  }

  configureQueue(tenantId: string, config: QueueConfig) {
    return this.run("configureQueue", tenantId, queueConfigSchema.parse(config));
  }

  /** Creates or changes an agent (a new agent is offline). Its queues are the ones it may take calls of. */
  configureAgent(tenantId: string, config: AgentConfig) {
    return this.run("configureAgent", tenantId, agentConfigSchema.parse(config));
  }

  /** Available, away with a reason, or offline; "busy" while the agent is being rung or on a call. */
  setAgentState(tenantId: string, agentId: string, choice: AgentChoice) {
    return this.run("setAgentState", tenantId, { agentId, ...agentChoiceSchema.parse(choice) });
  }

  /**
   * Offline for a reason of the system's own (a desktop whose connection was lost): like choosing offline,
   * refused ("busy") while the agent is being rung or is on a call, and recorded with the reason.
   */
  signOut(tenantId: string, agentId: string, reason: typeof CONNECTION_LOST) {
    return this.run("setAgentState", tenantId, {
      agentId: agentCallSchema.shape.agentId.parse(agentId),
      state: "offline",
      reason,
    });
  }

  /** Places a call in its queue ("overflow" when the queue is full); a replay returns the entry's status. */
  enqueue(tenantId: string, input: EnqueueInput) {
    return this.run("enqueue", tenantId, enqueueInputSchema.parse(input));
  }

  /** Position and estimated wait of a waiting entry, for the announcements. */
  status(tenantId: string, callId: string) {
    return this.run("status", tenantId, callId);
  }

  /** The caller hangs up to be called back: the entry keeps its place and is offered like a caller. */
  requestCallback(tenantId: string, callId: string, number: string) {
    return this.run("requestCallback", tenantId, callbackSchema.parse({ callId, number }));
  }

  /** An agent answers an offer: "connected" for the first, else "gone", "expired" or "not-offered". */
  accept(tenantId: string, offerId: string, agentId: string) {
    return this.run("accept", tenantId, offerReplySchema.parse({ offerId, agentId }));
  }

  /** An agent declines an offer: the agent stays available, the caller goes to the next agent. */
  decline(tenantId: string, offerId: string, agentId: string) {
    return this.run("decline", tenantId, offerReplySchema.parse({ offerId, agentId }));
  }

  /**
   * Holds an available agent for a live call's transfer, consultation or third party: the agent is on a call
   * from now on (no offer reaches them), or the answer is "busy" with their state. One script, so two
   * transfers (or a transfer and an offer) never get the same agent. A retry of the same hold is "ok".
   */
  reserveAgent(tenantId: string, callId: string, agentId: string) {
    return this.run("reserveAgent", tenantId, agentCallSchema.parse({ agentId, callId }));
  }

  /**
   * The held agent takes the connected call over (a transfer answered, a consultation completed): the call's
   * agent is theirs, the previous agent goes into wrap-up. "connected" when it is (or already was) theirs.
   */
  handOver(tenantId: string, callId: string, agentId: string) {
    return this.run("handOver", tenantId, agentCallSchema.parse({ agentId, callId }));
  }

  /** The transfer did not happen (not answered, failed, the consultation returned): the held agent is free. */
  releaseAgent(tenantId: string, callId: string, agentId: string) {
    return this.run("releaseAgent", tenantId, agentCallSchema.parse({ agentId, callId }));
  }

  /**
   * Removes a queue's configuration and indexes, unless callers wait in it: then "busy", with how many in
   * `position`. Its agents keep their other queues.
   */
  removeQueue(tenantId: string, queueId: string) {
    return this.run("removeQueue", tenantId, agentCallSchema.shape.agentId.parse(queueId));
  }

  /** An agent's state now ("unknown-agent" when the engine does not know them). */
  agentStatus(tenantId: string, agentId: string) {
    return this.run("agentStatus", tenantId, agentCallSchema.shape.agentId.parse(agentId));
  }

  /** The caller hung up while waiting (or while being rung). */
  abandon(tenantId: string, callId: string) {
    return this.run("abandon", tenantId, callId);
  }

  /** A connected call ended: its agent goes into the queue's wrap-up (or straight back to available). */
  complete(tenantId: string, callId: string) {
    return this.run("complete", tenantId, callId);
  }

  /**
   * Runs the tenant's due timers: offers that rang out (or whose process died), wrap-ups that ended, callers
   * past their maximum wait. Any process may tick any tenant at any time; `tenantsWithWork` lists them.
   */
  tick(tenantId: string) {
    return this.run("tick", tenantId, "");
  }

  tenantsWithWork(): Promise<string[]> {
    return this.redis.smembers(TENANTS_KEY);
  }

  /** Ticks every tenant with timers (until none is left due); what a runtime process runs every second. */
  async tickAll(): Promise<{ tenantId: string; result: QueueResult }[]> {
    const results: { tenantId: string; result: QueueResult }[] = [];
    for (const tenantId of await this.tenantsWithWork()) {
      let result: QueueResult;
      do {
        result = await this.tick(tenantId);
        results.push({ tenantId, result });
      } while (result.more);
    }
    return results;
  }

  /** The tenant's recorded queue events, oldest first, after the stream id `after`. */
  async events(tenantId: string, after = "-"): Promise<{ id: string; event: QueueEvent }[]> {
    const entries = await this.redis.xrange(
      `${namespace(tenantId)}events`,
      after === "-" ? "-" : `(${after}`,
      "+",
    );
    return entries.map(([id, fields]) => ({
      id,
      event: queueEventSchema.parse(JSON.parse(fields[1] ?? "")),
    }));
  }
}
