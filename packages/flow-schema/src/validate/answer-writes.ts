import type { FlowDocument, VariableDefinition } from "../graph.ts";
import { nodeKindDefinition, type ParamsOf } from "../nodes/index.ts";
import { ANY, asVariable, DTMF_KEYS, texts, type Possible, type Shape } from "./possible-values.ts";

/** What a node leaves in a cell when it leaves through a port; `keep` when the cell may also keep its earlier value. */
export interface Write {
  value: Possible;
  keep?: boolean;
}

export type WriteAt = ((port: string) => Write | undefined) & { opaque?: true };

/** Reads another cell where the writing node starts (set-variables copies). */
export type ReadAt = (cell: string, node: number) => Possible;

type Doc = Pick<FlowDocument, "nodes" | "variables">;

/** Engine behaviour the menu step has: option ports carry the option's key, No match any other key. */
function menuWrite(params: ParamsOf<"menu">, field: string): WriteAt {
  const dtmf = params.input.includes("dtmf");
  const speech = params.input.includes("speech");
  const used = new Set(params.options.map((o) => o.dtmf).filter(Boolean));
  const noMatch: Record<string, Possible> = {
    digits: texts(...(dtmf ? [...DTMF_KEYS].filter((k) => !used.has(k)) : []), ...(speech ? [""] : [])),
    option: texts(""),
    speech: speech ? ANY : texts(""),
  };
  return (port) => {
    const option = params.options.find((o) => o.id === port);
    if (option) {
      const spoken = speech && option.keywords.length > 0;
      const byKey = {
        digits: texts(...(dtmf && option.dtmf ? [option.dtmf] : []), ...(spoken ? [""] : [])),
        option: texts(option.id),
        speech: spoken ? ANY : texts(""),
      } as Record<string, Possible>;
      return { value: byKey[field] ?? ANY };
    }
    if (port === "noMatch") return { value: noMatch[field] ?? ANY };
    // No input after an earlier no-match attempt leaves that attempt's answer; with no retries, nothing new.
    if (port === "noInput" && params.retries > 0) return { value: noMatch[field] ?? ANY, keep: true };
    return undefined;
  };
}

/** What a collect accepts: its keys without the finish key, its lengths and its pattern; speech is any text. */
export function collectShape(params: ParamsOf<"collect">): Shape {
  if (params.input === "dtmf")
    return {
      keys: [...DTMF_KEYS].filter((k) => k !== params.finishOnKey).join(""),
      minLength: params.minLength,
      maxLength: params.maxLength,
      pattern: params.validation,
      finishKey: params.finishOnKey || undefined,
    };
  return {
    keys: null,
    minLength: params.input === "speech" ? 1 : Math.min(params.minLength, 1),
    maxLength: Number.POSITIVE_INFINITY,
    pattern: params.validation,
  };
}

function collectWrite(params: ParamsOf<"collect">, field: string, variable?: VariableDefinition): WriteAt {
  const shape: Possible = { type: "shape", shape: collectShape(params) };
  return (port) => {
    if (variable) return port === "valid" ? { value: asVariable(shape, variable.type) } : undefined;
    if (field !== "value") return { value: ANY };
    if (port === "valid") return { value: shape };
    if (port === "invalid") return { value: texts("") };
    return params.retries > 0 ? { value: texts(""), keep: true } : undefined;
  };
}

/** Assignments run in order, so a later one reads what an earlier one in the same node just set. */
function setVariablesWrite(
  params: ParamsOf<"setVariables">,
  node: number,
  variable: VariableDefinition,
  variables: Map<string, VariableDefinition>,
  render: (source: string, read: (cell: string) => Possible) => Possible,
  readAt: ReadAt,
): WriteAt {
  let result: Write | undefined;
  return () => {
    if (result) return result;
    const local = new Map<string, Possible>();
    for (const a of params.assignments) {
      const type = variables.get(a.variable)?.type ?? "json";
      const value = render(a.value, (cell) => local.get(cell) ?? readAt(cell, node));
      local.set(`vars.${a.variable}`, asVariable(value, type));
    }
    result = { value: local.get(`vars.${variable.name}`) ?? ANY };
    return result;
  };
}

/**
 * The nodes that write a cell, each with what it leaves there per port. Cells are `vars.<name>` and
 * `nodes.<id>.<output>`; node kinds the analysis does not model leave anything on every port.
 */
export function writersOf(
  cell: string,
  doc: Doc,
  params: unknown[],
  indexOf: Map<string, number>,
  render: (source: string, read: (cell: string) => Possible) => Possible,
  readAt: ReadAt,
): Map<number, WriteAt> {
  const writers = new Map<number, WriteAt>();
  const [root, name = "", field = ""] = cell.split(".");
  const anything: WriteAt = Object.assign(() => ({ value: ANY }), { opaque: true as const });
  if (root === "nodes") {
    const index = indexOf.get(name);
    const node = index === undefined ? undefined : doc.nodes[index];
    if (index === undefined || !node || params[index] === undefined) return writers;
    if (node.kind === "menu") writers.set(index, menuWrite(params[index] as ParamsOf<"menu">, field));
    else if (node.kind === "collect")
      writers.set(index, collectWrite(params[index] as ParamsOf<"collect">, field));
    else writers.set(index, anything);
    return writers;
  }
  const variables = new Map(doc.variables.map((v) => [v.name, v]));
  const variable = variables.get(name);
  if (!variable) return writers;
  doc.nodes.forEach((node, i) => {
    const p = params[i];
    const writes = nodeKindDefinition(node.kind)?.writes;
    if (p === undefined || !writes || !writes(p).some((w) => w.variable === name)) return;
    if (node.kind === "collect") writers.set(i, collectWrite(p as ParamsOf<"collect">, "", variable));
    else if (node.kind === "setVariables")
      writers.set(
        i,
        setVariablesWrite(p as ParamsOf<"setVariables">, i, variable, variables, render, readAt),
      );
    else writers.set(i, anything);
  });
  return writers;
}
