import type { FlowDocument } from "../graph.ts";
import type { ParamsOf } from "../nodes/index.ts";
import type { SplitCondition } from "../nodes/split.ts";
import { templateReferences } from "../template.ts";
import { blockName, joinPaths, pathInWords, shortestPath } from "./caller-path.ts";
import type { NodeFacts } from "./index.ts";
import { renderPossible } from "./liquid-values.ts";
import { describePossible, type Possible } from "./possible-values.ts";
import type { Problem } from "./problem.ts";
import { reAskRelation } from "./re-asked.ts";
import { holdsFor, outcomeOf } from "./split-outcomes.ts";
import {
  FROM_DEFAULT,
  FROM_ERROR,
  FROM_MANY,
  FROM_OUTSIDE,
  ValueFlow,
  type FlowGraph,
} from "./value-flow.ts";

export interface ValueCheckInput {
  indexOf: Map<string, number>;
  facts: NodeFacts[];
  reachable: Uint8Array;
  start: number;
  handler: number | undefined;
  /** The reference paths each node's templates read, by node index. */
  reads: string[][][];
}

/**
 * Warnings the value-flow analysis proves: split branches no call can take, conditions that are always
 * true or false, and reads of an answer a later question asked for again. Each names the block, says what
 * callers experience and shows a path.
 */
export function checkValueFlow(doc: FlowDocument, input: ValueCheckInput, problems: Problem[]): void {
  const { indexOf, facts, reachable, start, handler } = input;
  const params = facts.map((f) => f.params);
  const out: FlowGraph["out"] = doc.nodes.map(() => []);
  for (const edge of doc.edges) {
    const source = indexOf.get(edge.source);
    const target = indexOf.get(edge.target);
    if (source === undefined || target === undefined) continue;
    if (!facts[source]?.ports.some((p) => p.id === edge.sourcePort)) continue;
    out[source]?.push({ port: edge.sourcePort, target });
  }
  const { questions, reAsks, reAsked } = reAskRelation(doc, params, out);
  const flow = new ValueFlow({ doc, params, indexOf, out, start, handler, reAsks, questions });
  const context: CheckContext = { doc, facts, out, start, flow, problems };
  doc.nodes.forEach((node, i) => {
    if (!reachable[i] || params[i] === undefined) return;
    if (node.kind === "split") checkSplit(context, i, params[i] as ParamsOf<"split">);
  });
  if (questions.some((q) => q === 1)) checkStaleAnswers(context, input, reAsked);
}

interface CheckContext {
  doc: FlowDocument;
  facts: NodeFacts[];
  out: FlowGraph["out"];
  start: number;
  flow: ValueFlow;
  problems: Problem[];
}

/** What each condition's subject can be where the split runs; null when the analysis cannot tell. */
function subjects(ctx: CheckContext, split: number, conditions: SplitCondition[]): Possible[] {
  return conditions.map((c) =>
    renderPossible(c.subject, (cell) => {
      ctx.flow.analyse(cell);
      return ctx.flow.valueAt(cell, split);
    }),
  );
}

/**
 * The ports a call can leave through, given what the subjects can be. Conditions on one subject are
 * decided text by text (exact); otherwise each condition on its own (a port is possible when its
 * condition can hold and every earlier one can fail).
 */
function possiblePorts(conditions: SplitCondition[], values: Possible[]): Set<string> {
  const first = values[0];
  const shared = conditions.every((c) => c.subject === conditions[0]?.subject);
  if (shared && first?.type === "texts") {
    const ports = new Set<string>();
    let exact = true;
    for (const text of first.texts) {
      const results = conditions.map((c) => holdsFor(c, text));
      if (results.some((r) => r === null)) exact = false;
      ports.add(conditions[results.indexOf(true)]?.id ?? "else");
    }
    if (exact) return ports;
  }
  const ports = new Set<string>();
  let allCanFail = true;
  conditions.forEach((c, k) => {
    const outcome = outcomeOf(c, values[k] as Possible);
    if (allCanFail && outcome.canHold) ports.add(c.id);
    allCanFail &&= outcome.canFail;
  });
  if (allCanFail) ports.add("else");
  return ports;
}

function targetName(ctx: CheckContext, split: number, port: string): string {
  const target = ctx.out[split]?.find((o) => o.port === port)?.target;
  if (target !== undefined) return blockName(ctx.doc, target);
  const label = ctx.facts[split]?.ports.find((p) => p.id === port)?.label ?? port;
  return `the "${label}" exit (not connected: the call hangs up)`;
}

/** Who set the values a subject reads here: `"Main menu" and its default`. */
function sources(ctx: CheckContext, split: number, subject: string): string {
  const names = new Set<string>();
  for (const [root, name, field] of templateReferences(subject)) {
    if (root !== "nodes" && root !== "vars") continue;
    const cell = root === "nodes" ? `nodes.${name}.${field}` : `vars.${name}`;
    const state = ctx.flow.analyse(cell)?.[split] ?? [];
    for (const e of state) {
      if (e.value.type === "texts" && e.value.texts.size === 0) continue;
      names.add(
        e.writer === FROM_DEFAULT
          ? `the default of ${cell}`
          : e.writer === FROM_ERROR
            ? "the error handler"
            : e.writer === FROM_OUTSIDE
              ? "the outbound call"
              : e.writer === FROM_MANY
                ? "set by other blocks"
                : `set by ${blockName(ctx.doc, e.writer)}`,
      );
    }
  }
  return [...names].join(", ");
}

function checkSplit(ctx: CheckContext, split: number, params: ParamsOf<"split">): void {
  const { conditions } = params;
  if (conditions.length === 0) return;
  const values = subjects(ctx, split, conditions);
  // A subject with no value at all fails the split (the node it reads never ran): other checks say so.
  if (values.some((v) => v.type === "texts" && v.texts.size === 0)) return;
  if (values.every((v) => v.type === "any")) return;
  const ports = possiblePorts(conditions, values);
  const example = shortestPath(ctx.start, split, ctx.out);
  const shownBy = example ? ` For example: ${pathInWords(ctx.doc, ctx.facts, example)}.` : "";
  const name = blockName(ctx.doc, split);
  const why = (k: number) => {
    const c = conditions[k] as SplitCondition;
    const from = sources(ctx, split, c.subject);
    return `here ${c.subject} can only be ${describePossible(values[k] as Possible)}${from ? ` (${from})` : ""}`;
  };
  const warn = (code: Problem["code"], k: number | null, message: string) =>
    ctx.problems.push({
      severity: "warning",
      code,
      nodeId: ctx.doc.nodes[split]?.id as string,
      path: k === null ? ["ports", "else"] : ["params", "conditions", k],
      message: `${message}${shownBy}`,
    });

  let tested = true;
  for (let k = 0; k < conditions.length && tested; k++) {
    const c = conditions[k] as SplitCondition;
    const outcome = outcomeOf(c, values[k] as Possible);
    const label = `"${c.label || c.id}"`;
    if (!outcome.canHold) {
      warn(
        "condition-always-false",
        k,
        `Callers never reach ${targetName(ctx, split, c.id)} from ${name}: the condition ${label} is never true, because ${why(k)}.`,
      );
    } else if (!outcome.canFail) {
      const later = [...conditions.slice(k + 1).map((d) => d.id), "else"].map((p) =>
        targetName(ctx, split, p),
      );
      warn(
        "condition-always-true",
        k,
        `Every caller leaves ${name} through ${label} to ${targetName(ctx, split, c.id)}: the condition is always true, because ${why(k)}; ${later.join(", ")} ${later.length > 1 ? "are" : "is"} never reached from here.`,
      );
      tested = false;
    } else if (!ports.has(c.id)) {
      warn(
        "branch-never-taken",
        k,
        `Callers never reach ${targetName(ctx, split, c.id)} from ${name}: every value that makes ${label} true makes an earlier condition true first (${why(k)}).`,
      );
    }
  }
  const elseConnected = ctx.out[split]?.some((o) => o.port === "else") ?? false;
  if (tested && elseConnected && !ports.has("else"))
    warn(
      "branch-never-taken",
      null,
      `Callers never leave ${name} through Else to ${targetName(ctx, split, "else")}: ${why(0)}, and every such value matches one of its conditions.`,
    );
}

/** The answer cells of a question: what `nodes.<id>.*` and its variable hold. */
function answerCells(doc: FlowDocument, params: unknown[], node: number): string[] {
  const n = doc.nodes[node];
  if (!n) return [];
  const fields = n.kind === "menu" ? ["digits", "speech", "option"] : ["value", "digits", "speech"];
  const cells = fields.map((f) => `nodes.${n.id}.${f}`);
  if (n.kind === "collect") cells.push(`vars.${(params[node] as ParamsOf<"collect">).variable}`);
  return cells;
}

function checkStaleAnswers(
  ctx: CheckContext,
  input: ValueCheckInput,
  reAsked: (writer: number) => boolean,
): void {
  const { doc } = ctx;
  const params = ctx.facts.map((f) => f.params);
  // Only questions some other question re-asks can have a stale answer.
  const staleable = new Set<string>();
  doc.nodes.forEach((_, w) => {
    if (input.reachable[w] && reAsked(w)) for (const cell of answerCells(doc, params, w)) staleable.add(cell);
  });
  if (staleable.size === 0) return;
  const reported = new Set<string>();
  input.reads.forEach((paths, reader) => {
    if (!input.reachable[reader] || params[reader] === undefined) return;
    const reads = new Set(paths.map((segments) => segments.slice(0, 3).join(".")));
    for (const cell of reads) {
      if (!staleable.has(cell)) continue;
      for (const entry of ctx.flow.analyse(cell)?.[reader] ?? []) {
        const { writer, asker } = entry;
        if (asker < 0 || writer < 0) continue;
        // Reading both answers is deliberate (comparing them); the asker's own cells are fresh.
        if (answerCells(doc, params, asker).some((c) => reads.has(c) && c !== cell)) continue;
        const key = `${reader}/${writer}/${asker}`;
        if (reported.has(key)) continue;
        reported.add(key);
        reportStale(ctx, reader, cell, writer, asker, entry.value);
      }
    }
  });
}

function reportStale(
  ctx: CheckContext,
  reader: number,
  cell: string,
  writer: number,
  asker: number,
  value: Possible,
): void {
  const { doc } = ctx;
  const toAsker = shortestPath(writer, asker, ctx.out);
  const toReader = shortestPath(asker, reader, ctx.out, writer);
  // No path without the first question in between: the stale value arrives some other way (the error handler).
  if (!toAsker || !toReader) return;
  const shown = ` on the path ${pathInWords(doc, ctx.facts, joinPaths(toAsker, toReader))}`;
  let consequence = "";
  const node = doc.nodes[reader];
  if (node?.kind === "split" && ctx.facts[reader]?.params !== undefined) {
    const { conditions } = ctx.facts[reader].params as ParamsOf<"split">;
    const values = conditions.map((c) =>
      renderPossible(c.subject, (read) => (read === cell ? value : ctx.flow.valueAt(read, reader))),
    );
    const ports = possiblePorts(conditions, values);
    if (ports.size === 1 && !values.every((v) => v.type === "any")) {
      const [port] = [...ports] as [string];
      consequence = `, so on that path callers always go to ${targetName(ctx, reader, port)}`;
    }
  }
  ctx.problems.push({
    severity: "warning",
    code: "superseded-answer",
    nodeId: node?.id as string,
    message: `${blockName(doc, reader)} uses the answer to ${blockName(doc, writer)} ({{${cell}}}), but${shown} callers are asked again at ${blockName(doc, asker)}: what they answer there is ignored here${consequence}.`,
  });
}
