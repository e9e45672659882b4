import type { Redis } from "@ringflow/platform";
import { OFFERS_KEY } from "./queue-engine.ts";
import { offerSchema, type Offer } from "./queue-result.ts";

export interface FedOffer {
  /** The stream entry: acknowledge it once the offer rings (or is no longer worth ringing). */
  entryId: string;
  tenantId: string;
  offer: Offer;
}

const GROUP = "ringers";

/**
 * Every offer the engine makes, whichever process made it (the API setting an agent available, a runtime's
 * tick), in one Redis stream read by a consumer group: each offer is rung by one runtime process, and the
 * offers a process took but never acknowledged (it died) are taken over by another after `reclaimIdleMs`.
 * Give it a connection of its own: a blocking read holds the connection.
 */
export class OfferFeed {
  private ready = false;

  constructor(
    private readonly redis: Redis,
    private readonly consumer: string,
    private readonly reclaimIdleMs = 3000,
  ) {}

  private async ensureGroup(): Promise<void> {
    if (this.ready) return;
    try {
      // ioredis leaves XGROUP's key unprefixed: the prefix is added here.
      const key = `${this.redis.options.keyPrefix ?? ""}${OFFERS_KEY}`;
      await this.redis.xgroup("CREATE", key, GROUP, "0", "MKSTREAM");
    } catch (error) {
      if (!String(error).includes("BUSYGROUP")) throw error;
    }
    this.ready = true;
  }

  /** Offers to ring: first those a dead consumer left, then new ones (waiting up to `blockMs` for one). */
  async next(blockMs: number, count = 50): Promise<FedOffer[]> {
    await this.ensureGroup();
    const [, reclaimed] = (await this.redis.xautoclaim(
      OFFERS_KEY,
      GROUP,
      this.consumer,
      this.reclaimIdleMs,
      "0-0",
      "COUNT",
      count,
    )) as [string, [string, string[]][]];
    if (reclaimed.length) return reclaimed.map(parse);
    const read = (await this.redis.xreadgroup(
      "GROUP",
      GROUP,
      this.consumer,
      "COUNT",
      count,
      "BLOCK",
      blockMs,
      "STREAMS",
      OFFERS_KEY,
      ">",
    )) as [string, [string, string[]][]][] | null;
    return (read?.[0]?.[1] ?? []).map(parse);
  }

  async ack(entryIds: string[]): Promise<void> {
    if (!entryIds.length) return;
    await this.redis.xack(OFFERS_KEY, GROUP, ...entryIds);
    await this.redis.xdel(OFFERS_KEY, ...entryIds);
  }
}

function parse([entryId, fields]: [string, string[]]): FedOffer {
  const value = (name: string) => fields[fields.indexOf(name) + 1] ?? "";
  return { entryId, tenantId: value("t"), offer: offerSchema.parse(JSON.parse(value("o"))) };
}
