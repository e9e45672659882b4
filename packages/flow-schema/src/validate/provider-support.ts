import type { CallCommandType } from "../commands.ts";
import type { FlowDocument } from "../graph.ts";
import { nodeKindDefinition } from "../nodes/index.ts";
import type { Problem } from "./problem.ts";

/** The commands a provider's adapter cannot carry out, with the reason it gives. */
export type UnsupportedCommands = Partial<Record<CallCommandType, string>>;

/**
 * What each provider's adapter declares unsupported in its command table (`{ unsupported: reason }`); a test in
 * the runtime keeps this equal to the tables, so the API can tell a number's owner without loading adapters.
 */
export const PROVIDER_UNSUPPORTED: Record<"TWILIO" | "DEMO" | "SIMULATOR", UnsupportedCommands> = {
  TWILIO: {},
  DEMO: {},
  SIMULATOR: {},
};

/**
 * The blocks of a flow that callers on a provider's numbers cannot get past, as warnings for the number's
 * owner: the block, and what the provider says it cannot do.
 */
export function providerSupportProblems(
  document: FlowDocument,
  provider: { label: string; unsupported: UnsupportedCommands },
): Problem[] {
  const problems: Problem[] = [];
  for (const node of document.nodes) {
    const commands = nodeKindDefinition(node.kind)?.commands ?? [];
    const reason = commands.map((command) => provider.unsupported[command]).find(Boolean);
    if (!reason) continue;
    const name = node.label ?? nodeKindDefinition(node.kind)?.label ?? node.id;
    problems.push({
      severity: "warning",
      code: "provider-unsupported",
      nodeId: node.id,
      message: `Callers on ${provider.label} numbers cannot get past "${name}": ${reason}.`,
    });
  }
  return problems;
}
