import { realtimeChannel, type RealtimeEvent } from "@ringflow/flow-schema";
import type { Redis } from "@ringflow/platform";
import { CALL_LOG_STREAM, callLogEntrySchema, type CallLogEntry } from "../jobs/call-log.job.ts";

/**
 * Appends to the execution log's stream outside a call write: test calls (whose state lives in the socket's
 * process) and status reports of calls that never reached a flow. Resolves once Redis holds the entry.
 */
export class LogStream {
  constructor(
    private readonly redis: Redis,
    /** The deployment's key prefix, for pub/sub channels (ioredis does not prefix them). */
    private readonly channelPrefix = "",
  ) {}

  async append(entry: CallLogEntry | null, realtime: RealtimeEvent[] = []): Promise<void> {
    const pipeline = this.redis.pipeline();
    if (entry) pipeline.xadd(CALL_LOG_STREAM, "*", "e", JSON.stringify(callLogEntrySchema.parse(entry)));
    for (const event of realtime)
      pipeline.publish(`${this.channelPrefix}${realtimeChannel(event.tenantId)}`, JSON.stringify(event));
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
  }
}
