import type { Redis } from "@ringflow/platform";
import type { CallState } from "../engine/index.ts";
import type { HttpRequestCommand } from "../http/executor.ts";

/** Everything the runtime needs to take the next webhook of a call, whichever process receives it. */
export interface CallRecord {
  /** Compare-and-set counter: a write succeeds only over the revision it read. */
  rev: number;
  state: CallState;
  meta: CallMeta;
  /** Next CallEvent.seq of the call's execution log. */
  seq: number;
  /** Node ids in the order the call visited them. */
  path: string[];
  /** The provider's last call status and how far along it is; late or out-of-order callbacks never go back. */
  providerStatus: string | null;
  statusRank: number;
  durationSeconds: number | null;
  /** The TwiML of the latest turn: the answer to a webhook that arrives for a turn already passed. */
  lastAnswer: string;
  /** The HTTP request the call waits on, while it runs in the background. */
  pendingHttp: { command: HttpRequestCommand; startedAt: number } | null;
  /** The mailbox of the voicemail being recorded. */
  mailbox: string | null;
  /** The consent that allows call recording, once given. */
  consentRecordId: string | null;
}

export interface CallMeta {
  /** Call.id in Postgres. */
  callId: string;
  tenantId: string;
  provider: "TWILIO" | "SIMULATOR";
  providerCallId: string;
  providerAccountId: string | null;
  phoneNumberId: string | null;
  flowId: string;
  flowVersionId: string;
  /** The subflows' versions, pinned at the start of the call like the flow's own. */
  subflowVersionIds: Record<string, string>;
  direction: "INBOUND" | "OUTBOUND";
  from: string;
  to: string;
  /** True when the Call row was created by someone else (the API's outbound call). */
  existingRow: boolean;
}

/** Long enough for any call; the key is refreshed on every write. */
export const CALL_TTL_SECONDS = 6 * 60 * 60;

// KEYS[1] call key, KEYS[2] idempotency key (optional). ARGV: expected rev ("" = must not exist), new rev,
// data, ttl, answer.
const COMMIT = `
local current = redis.call('HGET', KEYS[1], 'rev')
if ARGV[1] == '' then
  if current then return 0 end
elseif current ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'data', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[5], 'EX', ARGV[4])
end
return 1
`;

type CommitRedis = Redis & {
  ringflowCommitCall(keys: number, ...args: (string | number)[]): Promise<number>;
};

/**
 * Call state in Redis: one hash per call (`call:{providerCallId}`), plus one key per answered webhook
 * (`answer:{providerCallId}:{endpoint}:{turn}`) holding the TwiML it got, so a replay gets the same answer
 * and runs nothing. Writes are compare-and-set on the revision: of two processes applying one turn, one wins.
 */
export class CallStore {
  private readonly redis: CommitRedis;

  constructor(redis: Redis) {
    if (!("ringflowCommitCall" in redis)) redis.defineCommand("ringflowCommitCall", { lua: COMMIT });
    this.redis = redis as CommitRedis;
  }

  static callKey = (providerCallId: string) => `call:${providerCallId}`;
  static answerKey = (providerCallId: string, answerId: string) => `answer:${providerCallId}:${answerId}`;

  /** The stored answer of this webhook if it was already answered, else the call. One round trip. */
  async load(
    providerCallId: string,
    answerId?: string,
  ): Promise<{ answer: string | null; record: CallRecord | null }> {
    const pipeline = this.redis.pipeline();
    if (answerId) pipeline.get(CallStore.answerKey(providerCallId, answerId));
    pipeline.hget(CallStore.callKey(providerCallId), "data");
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    const answer = answerId ? (results[0]?.[1] as string | null) : null;
    if (answer !== null) return { answer, record: null };
    const data = results[results.length - 1]?.[1] as string | null;
    return { answer: null, record: data ? (JSON.parse(data) as CallRecord) : null };
  }

  /**
   * Writes `next` if the stored revision is still `next.rev` (0: the call must be new), with the revision
   * increased, and stores its `lastAnswer` under every answer id. Returns the written record, or null when
   * another process got there first.
   */
  async commit(next: CallRecord, answerIds: string[] = []): Promise<CallRecord | null> {
    const expectedRev = next.rev;
    const record: CallRecord = { ...next, rev: expectedRev + 1 };
    const id = record.meta.providerCallId;
    const keys = [CallStore.callKey(id), ...answerIds.map((a) => CallStore.answerKey(id, a))];
    const ok = await this.redis.ringflowCommitCall(
      keys.length,
      ...keys,
      expectedRev === 0 ? "" : String(expectedRev),
      record.rev,
      JSON.stringify(record),
      CALL_TTL_SECONDS,
      record.lastAnswer,
    );
    return ok === 1 ? record : null;
  }
}
