export { OFFERS_KEY, QueueEngine } from "./queue-engine.ts";
export * from "./queue-config.ts";
export * from "./queue-result.ts";
export * from "./sync.ts";
export { OfferFeed, type FedOffer } from "./offer-feed.ts";
