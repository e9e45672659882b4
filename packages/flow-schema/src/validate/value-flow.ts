import type { FlowDocument } from "../graph.ts";
import type { ParamsOf } from "../nodes/index.ts";
import { writersOf, type WriteAt } from "./answer-writes.ts";
import { plainReads, renderPossible } from "./liquid-values.ts";
import { ANY, join, NONE, same, texts, type Possible } from "./possible-values.ts";

/**
 * Value-flow analysis: for one cell (`vars.x`, `nodes.menu.digits`) at a time, what it can hold when each
 * node starts, over every path from Start (a fixpoint: loops converge because values only grow, and past
 * MAX_TEXTS texts a value is "anything"). Each possibility remembers the node that wrote it and, when a
 * later question re-asked that node's question on the way, the question that did (the answer is stale).
 * Work is bounded: past the budget a cell is not analysed and counts as anything, so nothing is reported.
 */

/** The variable's default (inbound calls); values given from outside (outbound API calls, parent flows); the error handler. */
export const FROM_DEFAULT = -1;
export const FROM_OUTSIDE = -2;
export const FROM_ERROR = -3;
/** Past a few writers per cell, the rest share one entry: the state of a cell stays small. */
export const FROM_MANY = -4;
const MAX_WRITERS = 12;
const MAX_ASKERS = 24;

export interface Entry {
  writer: number;
  /** The question that re-asked the writer's question since it was answered; -1 when none did. */
  asker: number;
  value: Possible;
}
export type CellState = readonly Entry[];

export interface FlowGraph {
  doc: FlowDocument;
  params: unknown[];
  indexOf: Map<string, number>;
  /** Connected ports of every node. */
  out: { port: string; target: number }[][];
  start: number;
  handler: number | undefined;
  /** reAsks(asker, writer): the question at `asker` asks again what `writer` asked. */
  reAsks: (asker: number, writer: number) => boolean;
  questions: Uint8Array;
}

export class ValueFlow {
  private readonly states = new Map<string, (CellState | undefined)[] | null>();
  private budget: number;

  constructor(private readonly graph: FlowGraph) {
    const edges = graph.out.reduce((sum, o) => sum + o.length, 0);
    this.budget = 40 * (graph.doc.nodes.length + edges) + 10_000;
  }

  /** The cell's state where each node starts (undefined where no path arrives); null when not analysed. */
  analyse(cell: string): (CellState | undefined)[] | null {
    const known = this.states.get(cell);
    if (known !== undefined) return known;
    this.states.set(cell, null); // a cycle of copies reads "anything" from itself
    const writers = writersOf(
      cell,
      this.graph.doc,
      this.graph.params,
      this.graph.indexOf,
      renderPossible,
      (source, node) => this.valueAt(source, node),
    );
    // Written only by nodes the analysis does not model: it holds anything once one of them ran.
    const opaque = [...writers.values()].every((w) => w.opaque);
    if (opaque && (!cell.startsWith("vars.") || this.initial(cell, writers).type === "any")) return null;
    for (const i of writers.keys()) this.analyseSources(i);
    const result = this.run(cell, writers);
    this.states.set(cell, result);
    return result;
  }

  /** What the cell can hold where the node starts: anything when it was not analysed. */
  valueAt(cell: string, node: number): Possible {
    const states = this.states.get(cell);
    if (!states) return ANY;
    const state = states[node];
    if (!state) return NONE;
    return state.reduce((value, e) => join(value, e.value), NONE);
  }

  private analyseSources(node: number): void {
    if (this.graph.doc.nodes[node]?.kind !== "setVariables") return;
    for (const a of (this.graph.params[node] as ParamsOf<"setVariables">).assignments)
      for (const source of plainReads(a.value) ?? []) this.analyse(source);
  }

  private run(cell: string, writers: Map<number, WriteAt>): (CellState | undefined)[] | null {
    const { doc, out, start, handler } = this.graph;
    const n = doc.nodes.length;
    const states: (CellState | undefined)[] = new Array<CellState | undefined>(n);
    const queue: number[] = [];
    const queued = new Uint8Array(n);
    const arrive = (node: number, state: CellState) => {
      const merged = mergeEntries(states[node], state);
      if (merged === states[node]) return;
      states[node] = merged;
      if (!queued[node]) {
        queued[node] = 1;
        queue.push(node);
      }
    };
    const isVariable = cell.startsWith("vars.");
    arrive(start, [
      { writer: FROM_DEFAULT, asker: -1, value: isVariable ? this.initial(cell, writers) : NONE },
    ]);
    if (handler !== undefined) arrive(handler, [{ writer: FROM_ERROR, asker: -1, value: ANY }]);
    for (let head = 0; head < queue.length; head++) {
      if (--this.budget < 0) return null;
      const node = queue[head] as number;
      queued[node] = 0;
      const state = states[node] as CellState;
      const write = writers.get(node);
      for (const { port, target } of out[node] ?? []) {
        if (isVariable && node === start && port === "outbound")
          arrive(target, [{ writer: FROM_OUTSIDE, asker: -1, value: ANY }]);
        else arrive(target, this.transfer(node, port, state, write));
      }
      // Keep the queue array short on big flows.
      if (head > 4096 && head * 2 > queue.length) {
        queue.splice(0, head + 1);
        head = -1;
      }
    }
    return states;
  }

  /**
   * A variable no node writes is given from outside (a parent flow or an API call) as far as the analysis
   * knows, so its default alone proves nothing.
   */
  private initial(cell: string, writers: Map<number, WriteAt>): Possible {
    const variable = this.graph.doc.variables.find((v) => `vars.${v.name}` === cell);
    if (!variable || writers.size === 0 || variable.type === "json") return ANY;
    return texts(String(variable.default));
  }

  private transfer(node: number, port: string, state: CellState, write: WriteAt | undefined): CellState {
    const written = write?.(port);
    if (written) {
      // "Anything" from a block that asks nothing needs no name: it shows in no warning.
      const anonymous = written.value.type === "any" && !this.graph.questions[node];
      const entry = { writer: anonymous ? FROM_MANY : node, asker: -1, value: written.value };
      return written.keep ? mergeEntries(state, [entry]) : [entry];
    }
    if (!this.graph.questions[node]) return state;
    const { reAsks } = this.graph;
    if (!state.some((e) => e.writer >= 0 && e.asker !== node && reAsks(node, e.writer))) return state;
    const remapped = state.map((e) => (e.writer >= 0 && reAsks(node, e.writer) ? { ...e, asker: node } : e));
    return mergeEntries(undefined, remapped);
  }
}

/** `into` joined with `add`, by (writer, asker); the same array when nothing changed. */
function mergeEntries(into: CellState | undefined, add: CellState): CellState {
  let result: Entry[] | undefined = into ? undefined : [];
  const current = () => result ?? (into as CellState);
  for (const added of add) {
    const list = current();
    let entry = added;
    if (list.length >= MAX_WRITERS && !list.some((e) => e.writer === entry.writer && e.asker === entry.asker))
      entry = { ...entry, writer: FROM_MANY, asker: list.length >= MAX_ASKERS ? FROM_MANY : entry.asker };
    const at = list.findIndex((e) => e.writer === entry.writer && e.asker === entry.asker);
    if (at < 0) {
      result = [...list, entry];
      continue;
    }
    const old = list[at] as Entry;
    const joined = join(old.value, entry.value);
    if (same(joined, old.value)) continue;
    result = [...list];
    result[at] = { ...old, value: joined };
  }
  return current();
}
