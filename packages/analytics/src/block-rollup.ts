import type { CallLogEvent } from "@ringflow/flow-schema";
import { hourStart } from "./time-buckets.ts";

/** One call's log as the rollup reads it: rows may repeat (a redelivered stream entry) and come in any order. */
export interface LoggedCall {
  callId: string;
  flowVersionId: string | null;
  test: boolean;
  events: readonly Pick<CallLogEvent, "seq" | "at" | "type" | "nodeId" | "port" | "data">[];
}

/**
 * Callers at one block in one hour. The block's own row has `exit` "" and counts callers who entered it, hung
 * up there and hit an error; a row per exit counts callers who left by it.
 */
export interface BlockHour {
  hour: number;
  flowVersionId: string;
  nodeId: string;
  exit: string;
  entered: number;
  left: number;
  hungUp: number;
  errors: number;
}

/** The end row of a call the caller ended (in a block or waiting in a queue). */
const CALLER_HUNG_UP = /the caller hung up/;

const isTest = (call: LoggedCall) =>
  call.test || call.events.some((e) => e.type === "call.start" && e.data.test === true);

/**
 * Counts each log row in the hour it happened: entering a block, leaving it by an exit (the port on its
 * enter, resume or error row), an error at it, the caller hanging up in it. Each row counts once by its
 * (call, seq); test calls and calls without a version are never counted. So counting a window is exact:
 * a row outside the hours asked for never changes them.
 */
export function rollupBlocks(calls: Iterable<LoggedCall>, timeZone: string): BlockHour[] {
  const rows = new Map<string, BlockHour>();
  const row = (hour: number, flowVersionId: string, nodeId: string, exit: string) => {
    const key = `${hour}|${flowVersionId}|${nodeId}|${exit}`;
    let r = rows.get(key);
    if (!r) {
      r = { hour, flowVersionId, nodeId, exit, entered: 0, left: 0, hungUp: 0, errors: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const call of calls) {
    if (!call.flowVersionId || isTest(call)) continue;
    const seen = new Set<number>();
    for (const e of call.events) {
      if (seen.has(e.seq) || !e.nodeId) continue;
      seen.add(e.seq);
      const hour = hourStart(e.at, timeZone);
      switch (e.type) {
        case "enter":
        case "resume":
        case "error": {
          if (e.type === "enter") row(hour, call.flowVersionId, e.nodeId, "").entered += 1;
          if (e.type === "error") row(hour, call.flowVersionId, e.nodeId, "").errors += 1;
          if (e.port) row(hour, call.flowVersionId, e.nodeId, e.port).left += 1;
          break;
        }
        case "end":
          if (CALLER_HUNG_UP.test(String(e.data.reason ?? "")))
            row(hour, call.flowVersionId, e.nodeId, "").hungUp += 1;
          break;
        default:
          break;
      }
    }
  }
  return [...rows.values()];
}
