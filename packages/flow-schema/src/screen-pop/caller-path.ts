import { portsOf } from "../catalog.ts";
import type { CallLogEvent } from "../contracts/call-log.ts";
import type { FlowNode } from "../graph.ts";

/** The blocks a call went through: the flow's own and, by flow id, those of its subflows. */
export interface PathFlows {
  nodes: readonly FlowNode[];
  subflows?: Readonly<Record<string, { nodes: readonly FlowNode[] }>>;
}

export type PathEvent = Pick<CallLogEvent, "type" | "nodeId" | "port" | "data">;

/** Keeps the pop short: the latest choices matter most to the agent. */
export const MAX_PATH_STEPS = 12;

interface Input {
  digits?: string;
  speech?: string;
}

/**
 * What the caller chose, entered and said on the way to the agent, one short phrase per answer, from the
 * execution log: "Chose Billing", "entered account number 4471", "said “late fee”".
 */
export function callerPath(events: readonly PathEvent[], flows: PathFlows, locale = "en-US"): string[] {
  const lastInput = new Map<string, Input>();
  const steps: string[] = [];
  for (const event of events) {
    if (!event.nodeId) continue;
    if (event.type === "input") {
      if (event.data.event === "gather.result")
        lastInput.set(event.nodeId, {
          ...(typeof event.data.digits === "string" ? { digits: event.data.digits } : {}),
          ...(typeof event.data.speech === "string" ? { speech: event.data.speech } : {}),
        });
      continue;
    }
    if (event.type !== "resume" || !event.port) continue;
    const node = nodeOf(flows, event.data.flowId, event.nodeId);
    if (!node) continue;
    const step = phrase(node, event.port, lastInput.get(event.nodeId) ?? {}, locale);
    lastInput.delete(event.nodeId);
    if (step) steps.push(step);
  }
  return steps.slice(-MAX_PATH_STEPS);
}

/** The path as one sentence for the agent: "Chose Billing, entered account 4471, said “late fee”". */
export function callerPathText(steps: readonly string[]): string {
  const text = steps.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function nodeOf(flows: PathFlows, flowId: unknown, nodeId: string): FlowNode | undefined {
  const nodes = typeof flowId === "string" && flowId ? flows.subflows?.[flowId]?.nodes : flows.nodes;
  return nodes?.find((n) => n.id === nodeId);
}

function phrase(node: FlowNode, port: string, input: Input, locale: string): string | null {
  const said = input.speech?.trim() ? `said “${input.speech.trim()}”` : null;
  switch (node.kind) {
    case "menu": {
      const option = portsOf(node).find((p) => p.id === port);
      const isChoice = port !== "noInput" && port !== "noMatch";
      return option && isChoice ? `chose ${option.label}` : null;
    }
    case "collect": {
      if (port !== "valid") return null;
      if (said && !input.digits) return said;
      return input.digits ? `entered ${answerName(node)} ${input.digits}`.replace(/\s+/g, " ") : null;
    }
    case "languageSelect": {
      if (port !== "selected") return null;
      const choices = (node.params.choices ?? []) as { language?: string; dtmf?: string }[];
      const chosen = choices.find((c) => c.dtmf === input.digits)?.language;
      return chosen ? `chose ${languageName(chosen, locale)}` : null;
    }
    default:
      return null;
  }
}

/** A collect block's answer in words: its name on the canvas, else its variable ("accountNumber" -> "account number"). */
function answerName(node: FlowNode): string {
  if (node.label?.trim()) return node.label.trim().toLowerCase();
  const variable = typeof node.params.variable === "string" ? node.params.variable : "";
  return variable
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();
}

function languageName(tag: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "language" }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
