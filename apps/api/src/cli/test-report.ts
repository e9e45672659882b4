import type { SideBySideRow, TestCaseResult } from "@ringflow/flow-schema";
import type { TestRun } from "../services/test-cases/run-cases.ts";

const WIDTH = 44;

function cell(text: string | null): string {
  const value = text ?? "—";
  return value.length > WIDTH ? `${value.slice(0, WIDTH - 1)}…` : value.padEnd(WIDTH);
}

/** Rows side by side, the differing ones marked, as a terminal (or a CI log) shows them. */
function table(title: string, rows: SideBySideRow[]): string[] {
  return [
    `      ${title}`,
    `        ${cell("expected")}   now`,
    ...rows.map((row) => `      ${row.same ? " " : "≠"} ${cell(row.expected)}   ${row.actual ?? "—"}`),
  ];
}

function caseLines(result: TestCaseResult): string[] {
  if (result.pass) return [`  ✓ ${result.name}`];
  return [
    `  ✗ ${result.name}`,
    ...result.differences.map((sentence) => `      ${sentence}`),
    ...(result.path.some((row) => !row.same) ? table("Blocks the call went through:", result.path) : []),
    ...(result.heard.some((row) => !row.same)
      ? table("What the caller heard and was asked:", result.heard)
      : []),
  ];
}

/** `ringflow flow test`'s report: one line per case, the differences of those that fail. */
export function testReport(flowName: string, what: string, run: TestRun): string {
  return [`Testing "${flowName}" (${what}): ${run.summary}.`, ...run.results.flatMap(caseLines)].join("\n");
}
