import { realtimeChannel, type RealtimeEvent } from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";
import { CALL_LOG_STREAM, type CallLogEntry } from "../jobs/call-log.job.ts";
import {
  CALL_TTL_SECONDS,
  ENDED_CALL_TTL_SECONDS,
  type CallKey,
  type CallMeta,
  type EndedCall,
  type LiveCall,
  type StoredCall,
} from "./call-record.ts";

/** One write of a call: its new record, the answer ids it answers, its log and its real-time events. */
export interface CallCommit<A> {
  next: StoredCall<A>;
  /** Stored under every answer id: what a replay of this write's webhooks gets. */
  answer: A | null;
  answerIds: string[];
  log: CallLogEntry | null;
  realtime: RealtimeEvent[];
  /** The call ends with this write: only what replays need is kept, for minutes. */
  ending: boolean;
}

/** Where live calls are kept between events; the call session is written against this, never a store. */
export interface CallStore<A> {
  /** The stored answer of this webhook if it was already answered, else the call. One round trip. */
  load(key: CallKey, answerId?: string): Promise<{ answer: A | null; record: StoredCall<A> | null }>;
  /**
   * Writes `next` if the stored revision is still `next.rev` (0: the call must be new), with the revision
   * increased, together with its log and real-time events; returns the written record, or null when another
   * process changed the call first.
   */
  commit(commit: CallCommit<A>): Promise<StoredCall<A> | null>;
  /**
   * The call as this process last wrote it, when it waits at `turn` and `answerId` is not one it answered: an
   * event may start from it instead of a load (its write is compare-and-set). Stores without it always load.
   */
  recent?(key: CallKey, turn: number, answerId: string): LiveCall<A> | null;
}

// KEYS[1] call hash, KEYS[2] log stream. ARGV: 1 expected rev ("" = must not exist), 2 new rev, 3 data,
// 4 ttl, 5 answer, 6 "1" when the call ends with this write, 7 log entry ("" = none), 8 real-time channel,
// 9 number of answer ids, then the answer ids, then the real-time messages.
const COMMIT = `
local current = redis.call('HGET', KEYS[1], 'rev')
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
if ARGV[6] == '1' then
  local fields = redis.call('HKEYS', KEYS[1])
  for _, field in ipairs(fields) do
    if string.sub(field, 1, 2) == 'a:' then redis.call('HDEL', KEYS[1], field) end
  end
end
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'data', ARGV[3])
local answers = tonumber(ARGV[9])
for i = 1, answers do
  redis.call('HSET', KEYS[1], 'a:' .. ARGV[9 + i], ARGV[5])
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
if ARGV[7] ~= '' then
  redis.call('XADD', KEYS[2], '*', 'e', ARGV[7])
end
for i = 10 + answers, #ARGV do
  redis.call('PUBLISH', ARGV[8], ARGV[i])
end
return 1
`;

type CommitRedis = Redis & {
  ringflowCommitCall(keys: number, ...args: (string | number)[]): Promise<number>;
};

/**
 * Calls in Redis: one hash per call (`call:{account}:{callId}`) holding the record (`data`, `rev`) and the
 * answer each webhook got (`a:{endpoint}:{turn}`), so a replay gets the same answer and runs nothing. The key
 * names the provider account, so a webhook signed by one account can never read or change another's call.
 * A write is one Lua script: compare-and-set on the revision, the answer, the log entry appended to the
 * log stream and the real-time events published, all or nothing, before the answer leaves.
 */
export class RedisCallStore implements CallStore<string> {
  private readonly redis: CommitRedis;

  constructor(
    redis: Redis,
    /** The deployment's key prefix: pub/sub channels do not get ioredis' keyPrefix. */
    private readonly channelPrefix = "",
  ) {
    if (!("ringflowCommitCall" in redis)) redis.defineCommand("ringflowCommitCall", { lua: COMMIT });
    this.redis = redis as CommitRedis;
  }

  static callKey = (key: CallKey) => `call:${key.account}:${key.id}`;

  async load(key: CallKey, answerId?: string): Promise<{ answer: string | null; record: StoredCall | null }> {
    const fields = answerId ? [`a:${answerId}`, "data"] : ["data"];
    const values = await this.redis.hmget(RedisCallStore.callKey(key), ...fields);
    const answer = answerId ? (values[0] ?? null) : null;
    if (answer !== null) return { answer, record: null };
    const data = values[values.length - 1];
    if (!data) return { answer: null, record: null };
    const record = JSON.parse(data) as StoredCall;
    // An ended call's ids are its key's; they are not stored twice.
    if (record.ended)
      record.meta = {
        ...record.meta,
        providerCallId: key.id,
        providerAccountId: key.account === SIM_ACCOUNT ? null : key.account,
      };
    return { answer: null, record };
  }

  async commit({
    next,
    answer,
    answerIds,
    log,
    realtime,
    ending,
  }: CallCommit<string>): Promise<StoredCall | null> {
    const expectedRev = next.rev;
    const record: StoredCall = { ...next, rev: expectedRev + 1 };
    const answered = answer !== null ? answerIds : [];
    const channel = realtime[0] ? `${this.channelPrefix}${realtimeChannel(realtime[0].tenantId)}` : "";
    const ok = await this.redis.ringflowCommitCall(
      2,
      RedisCallStore.callKey(callKeyOf(record.meta)),
      CALL_LOG_STREAM,
      expectedRev === 0 ? "" : String(expectedRev),
      record.rev,
      JSON.stringify(record.ended ? compactEnded(record) : record),
      record.ended ? ENDED_CALL_TTL_SECONDS : CALL_TTL_SECONDS,
      answer ?? "",
      ending ? "1" : "",
      log ? JSON.stringify(log) : "",
      channel,
      answered.length,
      ...answered,
      ...realtime.map((event) => JSON.stringify(event)),
    );
    return ok === 1 ? record : null;
  }
}

/** Calls of the builder's test call have no provider account. */
const SIM_ACCOUNT = "sim";

/** The key a call is stored under: its provider account's, or the builder's test calls'. */
export const callKeyOf = (meta: Pick<CallMeta, "providerAccountId" | "providerCallId">): CallKey => ({
  account: meta.providerAccountId ?? SIM_ACCOUNT,
  id: meta.providerCallId,
});

/** An ended call without the ids its key already holds. */
function compactEnded(call: EndedCall): unknown {
  const { providerCallId: _id, providerAccountId: _account, ...meta } = call.meta;
  return { ...call, meta };
}

/**
 * Calls in process memory, for the builder's test call (one socket, one process): the same compare-and-set
 * contract; the log still goes to the durable log stream, so test calls appear on the Calls page.
 */
export class MemoryCallStore<A> implements CallStore<A> {
  private readonly calls = new Map<string, { record: StoredCall<A>; answers: Map<string, A> }>();

  constructor(
    private readonly sink: (log: CallLogEntry | null, realtime: RealtimeEvent[]) => Promise<void>,
  ) {}

  async load(key: CallKey, answerId?: string): Promise<{ answer: A | null; record: StoredCall<A> | null }> {
    const found = this.calls.get(`${key.account}:${key.id}`);
    const answer = answerId ? found?.answers.get(answerId) : undefined;
    if (answer !== undefined) return { answer, record: null };
    return { answer: null, record: found?.record ?? null };
  }

  async commit({
    next,
    answer,
    answerIds,
    log,
    realtime,
    ending,
  }: CallCommit<A>): Promise<StoredCall<A> | null> {
    const { account, id: callId } = callKeyOf(next.meta);
    const id = `${account}:${callId}`;
    const found = this.calls.get(id);
    if ((found?.record.rev ?? 0) !== next.rev) return null;
    const record: StoredCall<A> = { ...next, rev: next.rev + 1 };
    const answers = ending || !found ? new Map<string, A>() : found.answers;
    if (answer !== null) for (const answerId of answerIds) answers.set(answerId, answer);
    this.calls.set(id, { record, answers });
    if (log || realtime.length) await this.sink(log, realtime);
    return record;
  }
}
