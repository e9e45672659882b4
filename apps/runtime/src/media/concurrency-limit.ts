import { MediaRefusedError } from "./speech-engine.ts";

/** At most `limit` tasks run at once; the others wait their turn in order, up to `maxWaiting`. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    private readonly maxWaiting = 1000,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.maxWaiting)
        throw new MediaRefusedError("Too much audio is being prepared right now; try again in a moment.");
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task, so a newcomer cannot jump the queue.
      if (next) next();
      else this.running--;
    }
  }
}
