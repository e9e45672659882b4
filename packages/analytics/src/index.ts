export { hourStart, localDay, localDayStart, isTimeZone, zoneOffsetMs, HOUR_MS } from "./time-buckets.ts";
export { rollupCalls, type CallHour, type CallRow } from "./call-rollup.ts";
export { rollupBlocks, type BlockHour, type LoggedCall } from "./block-rollup.ts";
export { rollupQueues, type QueueHour, type QueueSettings, type HoldSpan } from "./queue-rollup.ts";
export { rollupAgents, type AgentHour, type AgentDisposition } from "./agent-rollup.ts";
export { agentSegments, uniqueEvents, type AgentSegment } from "./segments.ts";
export { holdSpans } from "./hold-spans.ts";
export {
  queueSummary,
  agentSummary,
  sumRows,
  type QueueSummary,
  type AgentSummary,
  type QueueTotals,
  type AgentTotals,
} from "./summaries.ts";
export {
  dropOffs,
  promptSeconds,
  blockName,
  DROP_OFF_SHARE,
  type BlockCounts,
  type DropOff,
} from "./drop-offs.ts";
