import { describeCallLogEvent } from "@ringflow/flow-schema";
import type { RouterOutputs } from "../api/trpc.ts";

export type CallEventRow = NonNullable<RouterOutputs["calls"]["get"]>["events"][number];

/** One line a person can read for an execution-log event: the log's contract in @ringflow/flow-schema says how. */
export function describeEvent(event: CallEventRow): string {
  return describeCallLogEvent(event);
}

/** Seconds since the call started, for the timeline's first column. */
export function offset(at: string | Date, startedAt: string | Date): string {
  const seconds = (new Date(at).getTime() - new Date(startedAt).getTime()) / 1000;
  return `+${seconds.toFixed(1)} s`;
}
