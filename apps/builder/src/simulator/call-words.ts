import {
  nodeKindDefinition,
  portsOf,
  type DialStatus,
  type EnqueueStatus,
  type FlowDocument,
} from "@ringflow/flow-schema";

/** How a transfer can end, as the admin picks it in a test call. */
export const dialOutcomes: Record<DialStatus, string> = {
  answered: "They answered",
  "no-answer": "No answer",
  busy: "Line busy",
  failed: "Could not connect",
  canceled: "Caller hung up first",
};

/** How waiting in a queue can end. */
export const queueOutcomes: Record<EnqueueStatus, string> = {
  bridged: "An agent answered",
  overflow: "Queue full or timed out",
  hangup: "Caller hung up while waiting",
  callback: "Caller asked to be called back",
};

/** A block as the admin knows it: its name on the canvas, else its kind. */
function blockName(document: FlowDocument, nodeId: string): string {
  const node = document.nodes.find((n) => n.id === nodeId);
  if (!node) return "a block";
  if (node.label) return `“${node.label}”`;
  return `the ${nodeKindDefinition(node.kind)?.label ?? node.kind} block`;
}

const notConnected = /^"([^"]+)" of (\S+) is not connected$/;

/** Why a test call ended, in words (the view says "Call ended: …."): the engine's reason names ports and ids. */
export function describeEnding(reason: string, document: FlowDocument): string {
  const loose = notConnected.exec(reason);
  if (loose) {
    const [, portId = "", nodeId = ""] = loose;
    const node = document.nodes.find((n) => n.id === nodeId);
    const port = node ? portsOf(node).find((p) => p.id === portId) : undefined;
    return `the “${port?.label ?? portId}” exit of ${blockName(document, nodeId)} leads nowhere, so the call hangs up`;
  }
  return reason;
}
