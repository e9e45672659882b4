import type { CallCommandType } from "./commands.ts";
import type * as z from "zod";

export type NodeCategory = "flow" | "prompts" | "input" | "logic" | "integrations" | "routing" | "recording";

/** Palette sections, in order, with their titles. */
export const NODE_CATEGORIES: Record<NodeCategory, string> = {
  flow: "Flow",
  prompts: "Prompts",
  input: "Caller input",
  logic: "Logic",
  integrations: "Integrations",
  routing: "Routing",
  recording: "Recording",
};

export interface PortDefinition {
  id: string;
  label: string;
  /** "error" ports receive the node's own failures before the flow's error handler does. */
  role?: "error";
  /** What happens on this port, in plain English, for the inspector and the unconnected-port warning. */
  description?: string;
}

export interface OutputField {
  /** Read as `{{nodes.<nodeId>.<name>}}`. */
  name: string;
  description: string;
}

export interface VariableWrite {
  /** Where in params the variable name sits, for the validator's problem path. */
  path: (string | number)[];
  variable: string;
}

export interface NodeKindDefinition<K extends string = string, P extends z.ZodType = z.ZodType> {
  kind: K;
  /** Bump when params change shape, with an `upgrades` entry from the previous version. */
  version: number;
  label: string;
  category: NodeCategory;
  /** A Lucide icon name. */
  icon: string;
  description: string;
  params: P;
  /** Params for a node freshly dropped on the canvas; must be valid. */
  initialParams: z.input<P>;
  ports: readonly PortDefinition[] | ((params: z.output<P>) => PortDefinition[]);
  outputs: readonly OutputField[];
  /** One line for the canvas card: what this node does, from its params (may be cut to fit). */
  summary: (params: z.output<P>) => string;
  /** Calls begin here: a flow has exactly one such node, and the canvas gives it no input. */
  entry?: boolean;
  /** Whether entering the node always stops to wait for the caller or the network. */
  waits: boolean | ((params: z.output<P>) => boolean);
  /** Variables the node assigns; they must be declared in the document. */
  writes?: (params: z.output<P>) => VariableWrite[];
  /**
   * The commands beyond speaking and hanging up that this node can ask a provider for: validation tells a
   * number's owner when its provider cannot carry one of them out.
   */
  commands?: readonly CallCommandType[];
  /** Other flows the node runs (compiled along with it; checked for cycles). */
  flowReferences?: (params: z.output<P>) => string[];
  /** Variables of other flows the node reads or assigns; they must be declared there. */
  foreignVariables?: (params: z.output<P>) => (VariableWrite & { flowId: string })[];
  /** upgrades[n] turns params of version n into params of version n + 1. */
  upgrades?: Record<
    number,
    (params: Record<string, unknown>, context: UpgradeContext) => Record<string, unknown>
  >;
}

export interface UpgradeContext {
  defaultLanguage: string;
}

export type AnyNodeKindDefinition = NodeKindDefinition<string, z.ZodType>;

/** One node kind, described once: the editor, the validator and the engine all read this. */
export function defineNodeKind<const K extends string, P extends z.ZodType>(
  definition: NodeKindDefinition<K, P>,
): NodeKindDefinition<K, P> {
  return definition;
}
