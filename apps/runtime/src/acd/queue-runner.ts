import type { Logger } from "@ringflow/platform";
import type { OfferFeed } from "@ringflow/queues";
import type { QueueCalls } from "./queue-calls.ts";

/** How long one read of the offer feed waits for an offer (also how long stopping may take). */
const FEED_BLOCK_MS = 1000;

/**
 * What every runtime process runs beside its webhooks: the queue engine's timers about once a second
 * (ring timeouts, wrap-ups, maximum waits; any process may run them) and the ringing of the offers any
 * process made, each offer by one process.
 */
export class QueueRunner {
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly queues: QueueCalls,
    private readonly feed: OfferFeed,
    private readonly logger: Pick<Logger, "warn">,
    private readonly tickMs = 1000,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [this.tickLoop(), this.feedLoop()];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async tickLoop(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      await this.queues
        .tick()
        .catch((error: unknown) => this.logger.warn({ err: error }, "queue tick failed"));
      await sleepWhile(() => this.running, this.tickMs - (performance.now() - started));
    }
  }

  private async feedLoop(): Promise<void> {
    while (this.running) {
      try {
        const offers = await this.feed.next(FEED_BLOCK_MS);
        for (const fed of offers) {
          await this.queues
            .ring(fed)
            .catch((error: unknown) =>
              this.logger.warn({ err: error, offerId: fed.offer.offerId }, "could not ring an offer"),
            );
        }
        await this.feed.ack(offers.map((fed) => fed.entryId));
      } catch (error) {
        if (!this.running) return;
        this.logger.warn({ err: error }, "reading the offer feed failed");
        await sleepWhile(() => this.running, 1000);
      }
    }
  }
}

/** Monotonic: a wall clock stepped back must not stop the queue timers until it catches up. */
async function sleepWhile(running: () => boolean, ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (running() && performance.now() < until)
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - performance.now())));
}
