import { nodeKindDefinition, portsOf, type TraceEntry } from "@ringflow/flow-schema";
import { blockName } from "../store/block-name.ts";
import type { CanvasNode } from "../store/canvas-types.ts";

/** A step of the test call's trace in words: blocks by name and exits by label, never their ids alone. */
export function describeTraceEntry(entry: TraceEntry, nodes: readonly CanvasNode[]): string {
  // A subflow's blocks are not on this canvas: named by their kind.
  const node = entry.flowId === null ? nodes.find((n) => n.id === entry.nodeId) : undefined;
  const kindLabel = entry.kind ? (nodeKindDefinition(entry.kind)?.label ?? entry.kind) : "block";
  const name = node ? blockName(node) : entry.nodeId ? `a ${kindLabel.toLowerCase()} block` : "the flow";
  const exit = entry.port
    ? `“${(node && portsOf(node.data).find((p) => p.id === entry.port)?.label) || entry.port}”`
    : null;
  switch (entry.type) {
    case "enter":
      return exit ? `Reached ${name}, left by ${exit}` : `Reached ${name}`;
    case "resume":
      return exit ? `Went on from ${name} by ${exit}` : `Went on from ${name}`;
    case "wait":
      return `Waited for the caller in ${name}`;
    case "ignored":
      return `Ignored what the caller did in ${name}`;
    case "error":
      return `Something went wrong in ${name}`;
    case "end":
      return entry.nodeId ? `The call ended in ${name}` : "The call ended";
  }
}

/**
 * The engine's note on a step, when it adds something: an uploaded file by what it is, not its id; none for
 * the end (the transcript says how the call ended in words).
 */
export function traceNote(entry: TraceEntry): string | null {
  if (!entry.reason || entry.type === "end") return null;
  return entry.reason.replace(/asset:[0-9a-f-]{36}/g, "an uploaded audio file");
}
