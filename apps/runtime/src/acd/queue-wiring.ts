import type { Db } from "@ringflow/db";
import type { Logger, ProviderHealth, Redis } from "@ringflow/platform";
import { QueueEngine, type EndpointKind } from "@ringflow/queues";
import { AsteriskQueueDelivery } from "../adapters/asterisk/queue-delivery.ts";
import { signalWireRestFor, telnyxRestFor } from "../adapters/carriers/dialect-rest.ts";
import { ConferenceQueueDelivery, twilioRestFor } from "../adapters/twilio/queue-delivery.ts";
import { TwilioUrls } from "../adapters/twilio/urls.ts";
import type { Clock } from "../calls/clock.ts";
import { LogStream } from "../calls/log-stream.ts";
import { QueueCalls } from "./queue-calls.ts";
import { QueuedCalls } from "./queued-calls.ts";

/** Twilio's browser phone cannot take a SignalWire or Telnyx call: their agents are rung on SIP or a phone. */
const DIALECT_REACHES: EndpointKind[] = ["sip", "phone"];

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
  signalWireApiBaseUrl?: string | undefined;
  telnyxApiBaseUrl?: string | undefined;
  /** Each carrier request counted in its account's health. */
  health?: ProviderHealth | undefined;
  /** PBX_ALLOW_NETWORKS: Asterisk agents are rung through PBXs on these networks although private. */
  pbxAllowNetworks?: readonly string[];
}) {
  const { db, redis, clock, logger } = options;
  const engine = new QueueEngine(redis, clock);
  const calls = new QueuedCalls(redis);
  const urls = new TwilioUrls(options.publicUrl);
  // SignalWire's and Telnyx's calls come back to their own prefix (their webhooks' signatures).
  const carrierUrls = {
    signalwire: new TwilioUrls(options.publicUrl, "signalwire"),
    telnyx: new TwilioUrls(options.publicUrl, "telnyx"),
  };
  const dialectRest = {
    db,
    signalWireApiBaseUrl: options.signalWireApiBaseUrl,
    telnyxApiBaseUrl: options.telnyxApiBaseUrl,
    health: options.health,
  };
  const queues = new QueueCalls({
    db,
    engine,
    calls,
    log: new LogStream(redis, options.keyPrefix),
    clock,
    logger,
    health: options.health,
    deliveries: {
      TWILIO: new ConferenceQueueDelivery({
        calls,
        urls,
        clock,
        logger,
        restFor: twilioRestFor(db, options.twilioApiBaseUrl),
      }),
      SIGNALWIRE: new ConferenceQueueDelivery({
        calls,
        urls: carrierUrls.signalwire,
        clock,
        logger,
        restFor: signalWireRestFor(dialectRest, carrierUrls.signalwire),
        reaches: DIALECT_REACHES,
      }),
      TELNYX: new ConferenceQueueDelivery({
        calls,
        urls: carrierUrls.telnyx,
        clock,
        logger,
        restFor: telnyxRestFor(dialectRest, carrierUrls.telnyx),
        reaches: DIALECT_REACHES,
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
  return { engine, calls, urls, carrierUrls, dialectRest, queues };
}
