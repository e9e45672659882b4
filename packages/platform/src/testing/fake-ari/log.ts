/** An append-only log that a test can wait on: the first entry (already there or still to come) that matches. */
export class WaitableLog<T> {
  readonly entries: T[] = [];
  private waiters: { match: (entry: T) => boolean; resolve: (entry: T) => void }[] = [];

  push(entry: T) {
    this.entries.push(entry);
    for (const waiter of this.waiters.filter((w) => w.match(entry))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(entry);
    }
  }

  /** Resolves with the first entry at or after index `since` that matches; the test's own timeout bounds it. */
  next(match: (entry: T) => boolean = () => true, since = 0): Promise<T> {
    const seen = this.entries.slice(since).find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}
