import type * as z from "zod";
import { isEntryKind, parseParams, portsOf } from "../catalog.ts";
import type { PortDefinition } from "../define-node-kind.ts";
import { flowDocumentSchema, type FlowDocument } from "../graph.ts";
import { nodeKindDefinition } from "../nodes/index.ts";
import { checkLoops } from "./loops.ts";
import { paramsProblem, type Problem } from "./problem.ts";
import { providerSupportProblems, type ProviderSupport } from "./provider-support.ts";
import { checkRecordingConsent } from "./recording-consent.ts";
import { checkTemplates } from "./references.ts";
import { immediateDominators, reachableFrom } from "./graph-analysis.ts";
import { checkSpokenText } from "./spoken-text.ts";
import { checkSubflows } from "./subflows.ts";
import { checkTranslations } from "./translations.ts";
import { checkValueFlow } from "./value-checks.ts";

export type { Problem, ProblemCode } from "./problem.ts";

export interface ValidateOptions {
  /** The id this document is stored under, to catch a flow that runs itself as a subflow. */
  flowId?: string;
  /** Published flows by id, to check subflow references and subflow cycles. */
  knownFlows?: Record<string, FlowDocument>;
  /** The accounts of the numbers that answer with this flow: what each cannot carry out becomes a warning. */
  providers?: ProviderSupport[];
}

/** Node-level facts the checks share. */
export interface NodeFacts {
  params: unknown;
  ports: PortDefinition[];
  waits: boolean;
}

/**
 * Every problem of a flow document that an admin can act on. Never throws: anything that does not even
 * parse as a document comes back as "invalid-document" problems.
 */
export function validateFlow(input: unknown, options: ValidateOptions = {}): Problem[] {
  const parsed = flowDocumentSchema.safeParse(input);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      severity: "error",
      code: "invalid-document",
      path: issue.path.filter((p): p is string | number => typeof p !== "symbol"),
      message: issue.message,
    }));
  }
  const doc = parsed.data;
  const problems: Problem[] = [];
  const indexOf = new Map<string, number>();
  doc.nodes.forEach((node, i) => {
    if (indexOf.has(node.id))
      problems.push({
        severity: "error",
        code: "duplicate-node-id",
        nodeId: node.id,
        path: ["id"],
        message: `Two nodes have the id "${node.id}".`,
      });
    else indexOf.set(node.id, i);
  });
  const facts = doc.nodes.map((node) => checkNode(node, problems));
  checkVariables(doc, facts, problems);

  const starts = doc.nodes.filter((n) => isEntryKind(n.kind));
  if (starts.length === 0)
    problems.push({
      severity: "error",
      code: "no-start",
      message: "The flow has no Start node, so calls have nowhere to begin.",
    });
  for (const extra of starts.slice(1))
    problems.push({
      severity: "error",
      code: "several-starts",
      nodeId: extra.id,
      message: "A flow has exactly one Start node; remove this one.",
    });

  const successors = checkEdges(doc, indexOf, facts, problems);
  const onError = doc.settings.onError;
  const handler = onError === undefined ? undefined : indexOf.get(onError);
  if (onError !== undefined && handler === undefined)
    problems.push({
      severity: "error",
      code: "unknown-error-handler",
      path: ["settings", "onError"],
      message: `The error handler "${onError}" is not a node of this flow.`,
    });

  const start = starts[0] ? (indexOf.get(starts[0].id) as number) : undefined;
  if (start !== undefined) {
    // Any node may fail into the error handler, so it is a successor of every node.
    const withErrors =
      handler === undefined ? successors : successors.map((s, i) => (i === handler ? s : [...s, handler]));
    const reachable = reachableFrom([start], withErrors);
    doc.nodes.forEach((node, i) => {
      if (!reachable[i] && indexOf.get(node.id) === i)
        problems.push({
          severity: "warning",
          code: "unreachable-node",
          nodeId: node.id,
          message: "No path from Start leads to this node, so it never runs.",
        });
    });
    const idom = immediateDominators(start, withErrors);
    const reads: string[][][] = [];
    checkTemplates(doc, { indexOf, successors: withErrors, idom, reachable, reads }, problems);
    checkUnconnectedPorts(doc, facts, successors, reachable, problems);
    checkRecordingConsent(doc, facts, start, problems);
    checkValueFlow(doc, { indexOf, facts, reachable, start, handler, reads }, problems);
  } else {
    // Without a start nothing is reachable: templates are still checked, just not for stale reads.
    const none = new Uint8Array(doc.nodes.length);
    checkTemplates(
      doc,
      { indexOf, successors, idom: new Int32Array(doc.nodes.length).fill(-1), reachable: none },
      problems,
    );
  }
  checkLoops(doc, facts, successors, problems);
  checkTranslations(doc, facts, problems);
  checkSpokenText(doc, facts, problems);
  checkSubflows(doc, options, facts, problems);
  for (const provider of options.providers ?? []) problems.push(...providerSupportProblems(doc, provider));
  return problems;
}

function checkNode(node: FlowDocument["nodes"][number], problems: Problem[]): NodeFacts {
  const definition = nodeKindDefinition(node.kind);
  if (!definition) {
    problems.push({
      severity: "error",
      code: "unknown-kind",
      nodeId: node.id,
      path: ["kind"],
      message: `"${node.kind}" is not a node kind Ringflow knows.`,
    });
    return { params: undefined, ports: [], waits: false };
  }
  if (node.kindVersion > definition.version)
    problems.push({
      severity: "error",
      code: "newer-kind-version",
      nodeId: node.id,
      path: ["kindVersion"],
      message: `This ${definition.label} node was saved by a newer version of Ringflow (v${node.kindVersion}); this version knows v${definition.version}.`,
    });
  const parsed = parseParams(node.kind, node.params) as NonNullable<ReturnType<typeof parseParams>>;
  if (!parsed.success)
    for (const issue of parsed.error.issues)
      problems.push(paramsProblem(node.id, definition.params as z.ZodType, issue));
  const params = parsed.success ? parsed.data : undefined;
  const waits =
    params === undefined
      ? false
      : typeof definition.waits === "function"
        ? definition.waits(params)
        : definition.waits;
  return { params, ports: portsOf(node), waits };
}

function checkVariables(doc: FlowDocument, facts: NodeFacts[], problems: Problem[]): void {
  const declared = new Set<string>();
  doc.variables.forEach((variable, i) => {
    if (declared.has(variable.name))
      problems.push({
        severity: "error",
        code: "duplicate-variable",
        path: ["variables", i, "name"],
        message: `The variable "${variable.name}" is declared twice.`,
      });
    declared.add(variable.name);
  });
  doc.nodes.forEach((node, i) => {
    const params = facts[i]?.params;
    const writes = nodeKindDefinition(node.kind)?.writes;
    if (params === undefined || !writes) return;
    for (const write of writes(params))
      if (!declared.has(write.variable))
        problems.push({
          severity: "error",
          code: "undeclared-variable",
          nodeId: node.id,
          path: ["params", ...write.path],
          message: `The variable "${write.variable}" is not declared; add it under Variables with a type and a default.`,
        });
  });
}

function checkEdges(
  doc: FlowDocument,
  indexOf: Map<string, number>,
  facts: NodeFacts[],
  problems: Problem[],
): number[][] {
  const successors: number[][] = doc.nodes.map(() => []);
  const used = new Set<string>();
  doc.edges.forEach((edge, i) => {
    const source = indexOf.get(edge.source);
    const target = indexOf.get(edge.target);
    const path = ["edges", i];
    if (source === undefined) {
      problems.push({
        severity: "error",
        code: "edge-missing-source",
        path,
        message: `A connection starts at "${edge.source}", which is not a node of this flow.`,
      });
      return;
    }
    if (target === undefined) {
      problems.push({
        severity: "error",
        code: "edge-missing-target",
        nodeId: edge.source,
        path,
        message: `The "${edge.sourcePort}" connection leads to "${edge.target}", which is not a node of this flow.`,
      });
      return;
    }
    const ports = facts[source]?.ports ?? [];
    if (!ports.some((p) => p.id === edge.sourcePort)) {
      problems.push({
        severity: "error",
        code: "edge-unknown-port",
        nodeId: edge.source,
        path,
        message: `This node has no "${edge.sourcePort}" output${ports.length ? ` (it has ${ports.map((p) => p.id).join(", ")})` : ""}; reconnect or delete the connection.`,
      });
      return;
    }
    const key = `${edge.source}\u0000${edge.sourcePort}`;
    if (used.has(key)) {
      problems.push({
        severity: "error",
        code: "port-connected-twice",
        nodeId: edge.source,
        path,
        message: `The "${edge.sourcePort}" output is connected twice; an output leads to one node.`,
      });
      return;
    }
    used.add(key);
    successors[source]?.push(target);
  });
  return successors;
}

function checkUnconnectedPorts(
  doc: FlowDocument,
  facts: NodeFacts[],
  successors: number[][],
  reachable: Uint8Array,
  problems: Problem[],
): void {
  const connected = new Set(doc.edges.map((e) => `${e.source}\u0000${e.sourcePort}`));
  doc.nodes.forEach((node, i) => {
    if (!reachable[i] || successors[i] === undefined) return;
    for (const port of facts[i]?.ports ?? []) {
      if (port.role === "error" || connected.has(`${node.id}\u0000${port.id}`)) continue;
      const when = port.description ? `when ${port.description}, ` : "";
      problems.push({
        severity: "warning",
        code: "unconnected-port",
        nodeId: node.id,
        path: ["ports", port.id],
        message: `"${port.label}" is not connected: ${when}the call hangs up (in a subflow, it returns to the calling flow).`,
      });
    }
  });
}
