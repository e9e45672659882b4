import type { CallKey, LiveCall, StoredCall } from "./call-record.ts";
import { callKeyOf, type CallCommit, type CallStore } from "./call-store.ts";

/** Past this many calls the longest unwritten is dropped (a call that ended elsewhere is never written again). */
const MAX_CALLS = 10_000;
const idOf = (key: CallKey) => `${key.account}:${key.id}`;

/**
 * A call store that keeps the last record this process wrote of each live call, so an event of the turn the
 * call waits at starts from it without a load: one Redis round trip instead of two on the event -> command path.
 * The write that follows is compare-and-set on the revision, so a call another process changed meanwhile costs
 * one refused write and a real load, never a lost change. For a process that carries its calls by itself (the
 * holder of an Asterisk connection); everything else is the wrapped store's.
 */
export class RecentCallStore<A> implements CallStore<A> {
  /**
   * By call: the record as written (none after a refused write), and the answer ids this process answered on it
   * (their replays load).
   */
  private readonly calls = new Map<string, { record: LiveCall<A> | null; answered: Set<string> }>();

  constructor(
    private readonly store: CallStore<A>,
    private readonly max = MAX_CALLS,
  ) {}

  load(key: CallKey, answerId?: string) {
    return this.store.load(key, answerId);
  }

  recent(key: CallKey, turn: number, answerId: string): LiveCall<A> | null {
    const found = this.calls.get(idOf(key));
    const record = found?.record;
    if (!record || found.answered.has(answerId)) return null;
    return record.state.turn === turn && record.state.status === "waiting" ? record : null;
  }

  async commit(commit: CallCommit<A>): Promise<StoredCall<A> | null> {
    const id = idOf(callKeyOf(commit.next.meta));
    const answered = this.calls.get(id)?.answered ?? new Set<string>();
    // While the write is out, an event of the call loads.
    this.calls.delete(id);
    const written = await this.store.commit(commit);
    if (written?.ended) return written;
    if (written) for (const answerId of commit.answerIds) answered.add(answerId);
    if (this.calls.size >= this.max) this.calls.delete(this.calls.keys().next().value as string);
    this.calls.set(id, { record: written, answered });
    return written;
  }
}
