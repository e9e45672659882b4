import type { FlowDocument } from "../graph.ts";
import { portsOf } from "../catalog.ts";
import { nodeKindDefinition } from "../nodes/index.ts";
import type { CallOutcome, HeardLine, TestCase } from "./test-case.ts";

/** One row of a side-by-side view: what the case expects and what the call did now. */
export interface SideBySideRow {
  expected: string | null;
  actual: string | null;
  same: boolean;
}

/** A test case played on a flow: passed or not, and the difference in words. */
export interface TestCaseResult {
  caseId: string;
  name: string;
  pass: boolean;
  /** Sentences, most important first: where the path parted, what the caller hears now. */
  differences: string[];
  path: SideBySideRow[];
  heard: SideBySideRow[];
  ending: { expected: string; actual: string; same: boolean };
}

/** A block as the admin knows it: its name on the canvas, else its kind. */
export function blockName(
  document: FlowDocument,
  nodeId: string,
  saved: Record<string, string> = {},
): string {
  const node = document.nodes.find((n) => n.id === nodeId);
  if (!node) return saved[nodeId] ?? "a block that was removed";
  if (node.label) return node.label;
  return `${nodeKindDefinition(node.kind)?.label ?? node.kind} block`;
}

/** Every block's name in a document, kept with a case's expectation. */
export function blockNames(document: FlowDocument): Record<string, string> {
  return Object.fromEntries(document.nodes.map((n) => [n.id, blockName(document, n.id)]));
}

const notConnected = /^"([^"]+)" of (\S+) is not connected$/;

/** Why a call ended, in words: the engine's reason names exits and blocks by their ids. */
export function endingInWords(
  reason: string,
  document: FlowDocument,
  saved: Record<string, string> = {},
): string {
  const loose = notConnected.exec(reason);
  if (!loose) return reason;
  const [, portId = "", nodeId = ""] = loose;
  const node = document.nodes.find((n) => n.id === nodeId);
  const port = node ? portsOf(node).find((p) => p.id === portId) : undefined;
  return `the “${port?.label ?? portId}” exit of “${blockName(document, nodeId, saved)}” leads nowhere, so the call hangs up`;
}

export function describeHeard(line: HeardLine): string {
  switch (line.kind) {
    case "said":
      return `hears “${line.text}”`;
    case "played":
      return `hears the audio ${line.text}`;
    case "asked":
      return `is asked ${line.text}`;
    case "texted":
      return `gets a text: “${line.text}”`;
  }
}

/** Pairs two lists in order, keeping the longest run they share (so one inserted line shifts nothing else). */
function align(expected: string[], actual: string[]): SideBySideRow[] {
  const n = expected.length;
  const m = actual.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      (lcs[i] as number[])[j] =
        expected[i] === actual[j]
          ? ((lcs[i + 1] as number[])[j + 1] as number) + 1
          : Math.max((lcs[i + 1] as number[])[j] as number, (lcs[i] as number[])[j + 1] as number);
  const rows: SideBySideRow[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      rows.push({ expected: expected[i] as string, actual: actual[j] as string, same: true });
      i++;
      j++;
    } else if (
      j < m &&
      (i >= n || ((lcs[i] as number[])[j + 1] as number) >= ((lcs[i + 1] as number[])[j] as number))
    ) {
      // A changed line reads best beside the one it replaced.
      const replaces =
        i < n && ((lcs[i + 1] as number[])[j + 1] as number) === ((lcs[i] as number[])[j] as number);
      rows.push({
        expected: replaces ? (expected[i++] as string) : null,
        actual: actual[j++] as string,
        same: false,
      });
    } else rows.push({ expected: expected[i++] as string, actual: null, same: false });
  }
  return rows;
}

const quote = (name: string) => `“${name}”`;

function pathSentence(expected: string[], actual: string[]): string | null {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  if (i === expected.length && i === actual.length) return null;
  const after = i > 0 ? `After ${quote(expected[i - 1] as string)}, the` : "The";
  if (i >= actual.length)
    return `${after} call now stops; it used to go on to ${quote(expected[i] as string)}.`;
  if (i >= expected.length)
    return `${after} call now goes on to ${quote(actual[i] as string)}; it used to end there.`;
  return `${after} call now goes to ${quote(actual[i] as string)} instead of ${quote(expected[i] as string)}.`;
}

/** A heard line as what the caller used to do: "hear “Welcome”", "be asked to press a key". */
function usedTo(line: HeardLine): string {
  switch (line.kind) {
    case "said":
      return `hear “${line.text}”`;
    case "played":
      return `hear the audio ${line.text}`;
    case "asked":
      return `be asked ${line.text}`;
    case "texted":
      return `get a text: “${line.text}”`;
  }
}

function heardSentences(rows: SideBySideRow[], expected: HeardLine[]): string[] {
  const before = new Map(expected.map((line) => [describeHeard(line), usedTo(line)]));
  return rows
    .filter((row) => !row.same)
    .slice(0, 3)
    .map((row) =>
      row.expected && row.actual
        ? `The caller now ${row.actual}; they used to ${before.get(row.expected) ?? row.expected}.`
        : row.actual
          ? `The caller now also ${row.actual}.`
          : `The caller no longer ${row.expected}.`,
    );
}

/**
 * The expectation of a case beside what the call did now: paths and lines aligned, and the differences in
 * words. `problems` are inputs the call could not take (the flow was not waiting for them).
 */
export function compareOutcome(
  testCase: Pick<TestCase, "id" | "name" | "expect">,
  actual: CallOutcome,
  document: FlowDocument,
  problems: string[] = [],
): TestCaseResult {
  const saved = testCase.expect.names;
  const name = (id: string) => blockName(document, id, saved);
  const expectedPath = testCase.expect.path.map(name);
  const actualPath = actual.path.map(name);
  const samePath = testCase.expect.path.join("\u0000") === actual.path.join("\u0000");
  const heard = align(testCase.expect.heard.map(describeHeard), actual.heard.map(describeHeard));
  const ending = {
    expected: endingInWords(testCase.expect.ending, document, saved),
    actual: endingInWords(actual.ending, document, saved),
    same: testCase.expect.ending === actual.ending,
  };
  const differences = [
    ...(samePath
      ? []
      : [pathSentence(expectedPath, actualPath) ?? "The call goes through other blocks now."]),
    ...heardSentences(heard, testCase.expect.heard),
    ...(ending.same ? [] : [`The call now ends: ${ending.actual} (it used to: ${ending.expected}).`]),
    ...problems,
  ];
  return {
    caseId: testCase.id,
    name: testCase.name,
    pass: differences.length === 0,
    differences,
    path: samePath
      ? expectedPath.map((step) => ({ expected: step, actual: step, same: true }))
      : align(expectedPath, actualPath),
    heard,
    ending,
  };
}

/** "3 of 3 tests pass", "1 of 3 tests fails". */
export function summarizeResults(results: Pick<TestCaseResult, "pass">[]): string {
  const failing = results.filter((r) => !r.pass).length;
  const total = results.length;
  const noun = total === 1 ? "test" : "tests";
  if (total === 0) return "No tests yet";
  return failing === 0
    ? `${total} of ${total} ${noun} pass${total === 1 ? "es" : ""}`
    : `${failing} of ${total} ${noun} fail${failing === 1 ? "s" : ""}`;
}
