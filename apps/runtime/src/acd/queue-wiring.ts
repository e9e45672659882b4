import type { Db } from "@ringflow/db";
import type { Logger, Redis } from "@ringflow/platform";
import { QueueEngine } from "@ringflow/queues";
import { AsteriskQueueDelivery } from "../adapters/asterisk/queue-delivery.ts";
import { TwilioQueueDelivery } from "../adapters/twilio/queue-delivery.ts";
import { TwilioUrls } from "../adapters/twilio/urls.ts";
import type { Clock } from "../calls/clock.ts";
import { LogStream } from "../calls/log-stream.ts";
import { QueueCalls } from "./queue-calls.ts";
import { QueuedCalls } from "./queued-calls.ts";

/** The queue engine, the queued calls and their delivery per provider, as every runtime process has them. */
export function queueWiring(options: {
  db: Db;
  /** Prefixed with the deployment's key prefix. */
  redis: Redis;
  keyPrefix: string;
  clock: Clock;
  logger: Logger;
  publicUrl: string;
  twilioApiBaseUrl: string;
  /** PBX_ALLOW_NETWORKS: Asterisk agents are rung through PBXs on these networks although private. */
  pbxAllowNetworks?: readonly string[];
}) {
  const { db, redis, clock, logger } = options;
  const engine = new QueueEngine(redis, clock);
  const calls = new QueuedCalls(redis);
  const urls = new TwilioUrls(options.publicUrl);
  const queues = new QueueCalls({
    db,
    engine,
    calls,
    log: new LogStream(redis, options.keyPrefix),
    clock,
    logger,
    deliveries: {
      TWILIO: new TwilioQueueDelivery({
        db,
        calls,
        urls,
        clock,
        logger,
        twilioApiBaseUrl: options.twilioApiBaseUrl,
      }),
      ASTERISK: new AsteriskQueueDelivery({
        db,
        calls,
        clock,
        logger,
        allowNetworks: options.pbxAllowNetworks ?? [],
      }),
    },
  });
  return { engine, calls, urls, queues };
}
