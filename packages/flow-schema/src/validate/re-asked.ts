import type { FlowDocument } from "../graph.ts";
import type { ParamsOf } from "../nodes/index.ts";
import { plainReads } from "./liquid-values.ts";

/** Failure exits: the answer was missing or unusable, so a question after them asks again. */
const RETRY_PORTS = new Set(["noMatch", "noInput", "invalid"]);
/** Retry paths are short: a "sorry" prompt or two between the question and its repeat. */
const RETRY_HOPS = 4;

type Question = ParamsOf<"menu"> | ParamsOf<"collect">;

/**
 * Which questions ask again what an earlier one asked: the same prompt, a collect into the same variable,
 * or a question of the same kind a few blocks after the earlier one's failure exits (or after the Else of
 * a split that tested its answer): the retry pattern of real flows.
 */
export function reAskRelation(
  doc: FlowDocument,
  params: unknown[],
  out: { port: string; target: number }[][],
): {
  questions: Uint8Array;
  reAsks: (asker: number, writer: number) => boolean;
  /** Whether any question re-asks this one. */
  reAsked: (writer: number) => boolean;
} {
  const questions = new Uint8Array(doc.nodes.length);
  const keys: (string | undefined)[] = [];
  const variables: (string | undefined)[] = [];
  doc.nodes.forEach((node, i) => {
    if ((node.kind !== "menu" && node.kind !== "collect") || params[i] === undefined) return;
    questions[i] = 1;
    const p = params[i] as Question;
    keys[i] = `${node.kind}\u0000${promptKey(p.prompt)}`;
    if (node.kind === "collect") variables[i] = (p as ParamsOf<"collect">).variable;
  });
  const retries = new Map<number, Set<number>>();
  const retriesOf = (writer: number) => {
    let found = retries.get(writer);
    if (!found) retries.set(writer, (found = retryQuestions(doc, params, out, questions, writer, variables)));
    return found;
  };
  const reAsks = (asker: number, writer: number): boolean =>
    asker !== writer &&
    questions[asker] === 1 &&
    questions[writer] === 1 &&
    ((variables[writer] !== undefined && variables[asker] === variables[writer]) ||
      keys[asker] === keys[writer] ||
      retriesOf(writer).has(asker));
  const count = (values: (string | undefined)[]) => {
    const counts = new Map<string, number>();
    for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    return counts;
  };
  const keyCounts = count(keys);
  const variableCounts = count(variables);
  const reAsked = (writer: number): boolean =>
    questions[writer] === 1 &&
    ((keyCounts.get(keys[writer] as string) ?? 0) > 1 ||
      (variableCounts.get(variables[writer] ?? "") ?? 0) > 1 ||
      retriesOf(writer).size > 0);
  return { questions, reAsks, reAsked };
}

function promptKey(prompt: Question["prompt"]): string {
  if (prompt.type === "say")
    return Object.values(prompt.text)
      .map((t) => t.trim().toLowerCase().replace(/\s+/g, " "))
      .sort()
      .join("\u0000");
  return prompt.type === "play" ? prompt.url : prompt.promptId;
}

function retryQuestions(
  doc: FlowDocument,
  params: unknown[],
  out: { port: string; target: number }[][],
  questions: Uint8Array,
  writer: number,
  variables: (string | undefined)[],
): Set<number> {
  const id = doc.nodes[writer]?.id;
  const answer = new Set([
    `nodes.${id}.digits`,
    `nodes.${id}.speech`,
    `nodes.${id}.value`,
    `nodes.${id}.option`,
    ...(variables[writer] ? [`vars.${variables[writer]}`] : []),
  ]);
  const testsAnswer = (node: number) =>
    doc.nodes[node]?.kind === "split" &&
    params[node] !== undefined &&
    (params[node] as ParamsOf<"split">).conditions.some((c) =>
      (plainReads(c.subject) ?? []).some((cell) => answer.has(cell)),
    );
  const found = new Set<number>();
  // [node, hops, whether the path went through a failure exit]
  const queue: [number, number, boolean][] = [[writer, 0, false]];
  const seen = new Set<string>();
  for (let head = 0; head < queue.length; head++) {
    const [node, hops, failed] = queue[head] as [number, number, boolean];
    if (hops >= RETRY_HOPS) continue;
    for (const { port, target } of out[node] ?? []) {
      const failing =
        failed || (node === writer && RETRY_PORTS.has(port)) || (port === "else" && testsAnswer(node));
      if (target === writer) continue;
      if (questions[target]) {
        // A different kind of question after a failure is a way out (an operator menu), not a repeat.
        if (failing && doc.nodes[target]?.kind === doc.nodes[writer]?.kind) found.add(target);
        continue;
      }
      const key = `${target}/${failing}`;
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push([target, hops + 1, failing]);
    }
  }
  return found;
}
