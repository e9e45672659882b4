import * as z from "zod";
import type { Redis } from "@ringflow/platform";
import { logCallSchema } from "../jobs/call-log.job.ts";

/**
 * A call waiting in (or connected through) a queue, as every runtime process sees it: what its provider
 * needs to reach the caller again (a REST redirect, a conference), what the Enqueue block asked for
 * (announcements, callback), and how far it got. The engine knows the entry; this knows the call.
 */
export const queuedCallSchema = z.object({
  tenantId: z.string(),
  callId: z.string(),
  /** The Enqueue block's turn: its action URLs carry it. */
  turn: z.number().int(),
  /** The call's key in the call store (the provider account's id). */
  account: z.string(),
  provider: z.string(),
  providerCallId: z.string(),
  providerAccountId: z.string().nullable(),
  /** The carrier's own account id from its webhooks (Telnyx's REST paths name it). */
  carrierAccountSid: z.string().nullish(),
  from: z.string(),
  to: z.string(),
  queueId: z.string(),
  language: z.string(),
  holdMusicUrl: z.string().nullable(),
  announcePosition: z.boolean(),
  announceWaitTime: z.boolean(),
  announceEverySeconds: z.number(),
  offerCallback: z.boolean(),
  enteredAt: z.number(),
  test: z.boolean(),
  /** The Call row's fields for the log entries written from outside the call's own turns. */
  logCall: logCallSchema,
});
export type QueuedCall = z.infer<typeof queuedCallSchema>;

/** What changes while the call waits and talks; each is its own hash field, so writers never overwrite. */
export const queuedCallProgressSchema = z.object({
  phase: z.enum(["waiting", "connected", "done"]).default("waiting"),
  outcome: z.enum(["answered", "abandoned", "overflow", "callback"]).nullable().default(null),
  agentId: z.string().nullable().default(null),
  /** The provider's id of the connected agent's leg. */
  agentLeg: z.string().nullable().default(null),
  /** The provider's id of the call's conference, once known. */
  conferenceId: z.string().nullable().default(null),
  lastAnnouncedAt: z.coerce.number().nullable().default(null),
  /** When an agent answered: the caller's wait ends here. */
  answeredAt: z.coerce.number().nullable().default(null),
  /** A consultation or third party in the call, by participant label. */
  extraParty: z.enum(["consult", "third-party"]).nullable().default(null),
  /** The agent held (on a call, offered nothing) for this call's transfer, consultation or third party. */
  heldAgentId: z.string().nullable().default(null),
});
export type QueuedCallProgress = z.infer<typeof queuedCallProgressSchema>;

const TTL_SECONDS = 24 * 3600;
const LOG_SEQ_BASE = 1_000_000;
const LEG_TTL_SECONDS = 3600;
const key = (tenantId: string, callId: string) => `acdcall:{${tenantId}}:${callId}`;
const legsKey = (tenantId: string, offerId: string) => `acdlegs:{${tenantId}}:${offerId}`;

export class QueuedCalls {
  constructor(private readonly redis: Redis) {}

  /**
   * Records a call entering its queue; false when this turn's entry was recorded already (a replay).
   * `again`: the same turn enters another queue (a transfer), starting over.
   */
  async enter(call: QueuedCall, again = false): Promise<boolean> {
    const k = key(call.tenantId, call.callId);
    const current = again ? null : await this.get(call.tenantId, call.callId);
    if (current && current.call.turn === call.turn) return false;
    await this.redis
      .multi()
      .del(k)
      .hset(k, "call", JSON.stringify(queuedCallSchema.parse(call)), "phase", "waiting")
      .expire(k, TTL_SECONDS)
      .exec();
    return true;
  }

  async get(
    tenantId: string,
    callId: string,
  ): Promise<{ call: QueuedCall; progress: QueuedCallProgress } | null> {
    const fields = await this.redis.hgetall(key(tenantId, callId));
    if (!fields.call) return null;
    const { call, ...progress } = fields;
    const nulls = Object.fromEntries(Object.entries(progress).map(([k, v]) => [k, v === "" ? null : v]));
    return {
      call: queuedCallSchema.parse(JSON.parse(call)),
      progress: queuedCallProgressSchema.parse(nulls),
    };
  }

  async update(tenantId: string, callId: string, changes: Partial<QueuedCallProgress>): Promise<void> {
    const pairs = Object.entries(changes).flatMap(([k, v]) => [k, v === null ? "" : String(v)]);
    if (pairs.length) await this.redis.hset(key(tenantId, callId), ...pairs);
  }

  /** Moves the call from `from` to `to` only if no other process moved it first. */
  async advance(
    tenantId: string,
    callId: string,
    from: QueuedCallProgress["phase"],
    to: QueuedCallProgress["phase"],
  ): Promise<boolean> {
    const moved = await this.redis.eval(
      "if redis.call('HGET', KEYS[1], 'phase') == ARGV[1] then redis.call('HSET', KEYS[1], 'phase', ARGV[2]) return 1 end return 0",
      1,
      key(tenantId, callId),
      from,
      to,
    );
    return moved === 1;
  }

  /**
   * The call is carried by another account from now on (a callback placed through the backup carrier): its
   * delivery, its legs' webhooks and the desktop's controls address that account.
   */
  async carry(call: QueuedCall): Promise<void> {
    await this.redis.hset(
      key(call.tenantId, call.callId),
      "call",
      JSON.stringify(queuedCallSchema.parse(call)),
    );
  }

  /**
   * Numbers for log events written outside the call's turns (a callback's placement, long after the caller
   * hung up): counted from LOG_SEQ_BASE, above any turn's, so they never take a number the call used.
   */
  async nextLogSeq(tenantId: string, callId: string): Promise<number> {
    const n = await this.redis.hincrby(key(tenantId, callId), "logSeq", 1);
    return LOG_SEQ_BASE + n;
  }

  /** The provider's id of each agent leg an offer rings, to cancel the others once one answers. */
  async addLeg(tenantId: string, offerId: string, agentId: string, leg: string): Promise<void> {
    const k = legsKey(tenantId, offerId);
    await this.redis.multi().hset(k, agentId, leg).expire(k, LEG_TTL_SECONDS).exec();
  }

  async legs(tenantId: string, offerId: string): Promise<Record<string, string>> {
    return this.redis.hgetall(legsKey(tenantId, offerId));
  }
}
