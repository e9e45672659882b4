import type { EndpointKind, Offer } from "@ringflow/queues";
import type { QueuedCall } from "./queued-calls.ts";

/**
 * How one provider delivers what the queue engine decides: ringing agents, bringing the caller back to look
 * at its queue (connected, overflowed), ending legs that lost a ring-all, calling a callback's number. The
 * queue logic itself (queue-calls.ts) is written once; this is the provider's part, like the adapters'.
 */
export interface QueueDelivery {
  /** The endpoint kinds this provider's calls can ring. */
  readonly reaches: EndpointKind[];
  /** Rings every agent of the offer; an agent who cannot be rung is reported through `unreachable` (and why). */
  ring(
    call: QueuedCall,
    offer: Offer,
    unreachable: (agentId: string, error?: unknown) => Promise<void>,
  ): Promise<void>;
  /** The caller's call asks the runtime again what to do (it was connected or overflowed meanwhile). */
  poke(call: QueuedCall): Promise<void>;
  /** Ends agents' legs: the losers of a ring-all, an answer to an offer that had gone. */
  hangUp(call: QueuedCall, legs: string[]): Promise<void>;
  /** A callback: rings the number the caller left into the agent's conversation. */
  callBack(call: QueuedCall, agentId: string, number: string): Promise<void>;
  /** The caller, held for a consultation nobody answered, hears the agent again (absent: nothing to do). */
  resumeCaller?(call: QueuedCall): Promise<void>;
}
