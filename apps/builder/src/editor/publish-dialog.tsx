import type { Problem, TestCaseResult } from "@ringflow/flow-schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorDetails, errorMessage, trpc, type RouterOutputs } from "../api/trpc.ts";
import { TestDiff } from "../test-cases/test-diff.tsx";
import { useTestRun } from "../test-cases/use-test-run.ts";

type Published = RouterOutputs["flows"]["publish"];

/**
 * Publishing shows what validation says of the draft first (errors block it, warnings are for a last look),
 * then asks what changed. The API still refuses a draft with errors and lists them block by block.
 */
export function PublishDialog({
  flowId,
  revision,
  problems,
  blockNameOf,
  prepare,
  onDone,
  onCancel,
  onShowProblem,
}: {
  flowId: string;
  /** The saved draft revision (null while changes wait): the test cases shown ran on it. */
  revision: number | null;
  /** The draft's problems as the editor shows them now. */
  problems: Problem[];
  blockNameOf(nodeId: string): string | null;
  /** Saves pending edits and returns the draft revision to publish. */
  prepare(): Promise<number>;
  onDone(result: Published): void;
  onCancel(): void;
  onShowProblem(nodeId: string): void;
}) {
  const client = useQueryClient();
  const [changelog, setChangelog] = useState("");
  const tests = useTestRun(flowId, revision);
  // Cases the API refused the publish for (they may have run on a newer save), else those failing now.
  const [refusedTests, setRefusedTests] = useState<TestCaseResult[]>([]);
  const broken = refusedTests.length ? refusedTests : (tests.data?.results ?? []).filter((r) => !r.pass);
  const publish = useMutation({
    mutationFn: async () =>
      trpc.flows.publish.mutate({
        flowId,
        changelog,
        revision: await prepare(),
        // The broken cases are on screen: publishing now is the explicit "publish anyway".
        publishAnyway: broken.length > 0,
      }),
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: ["flows.versions", flowId] });
      void client.invalidateQueries({ queryKey: ["flows.list"] });
      onDone(result);
    },
    onError: (error) =>
      setRefusedTests((errorDetails(error)?.testResults as TestCaseResult[] | undefined) ?? []),
  });
  const blocking: Problem[] = (errorDetails(publish.error)?.problems as Problem[] | undefined) ?? [];

  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity === "warning");
  const item = (p: Problem, i: number) => {
    const where = p.nodeId ? blockNameOf(p.nodeId) : null;
    return (
      <li key={i}>
        {where && (
          <button type="button" className="link" onClick={() => onShowProblem(p.nodeId!)}>
            {where}
          </button>
        )}
        {where && ": "}
        {p.message}
      </li>
    );
  };
  return (
    <div className="dialog-backdrop">
      <form
        className="dialog publish-dialog"
        role="dialog"
        aria-label="Publish"
        onSubmit={(e) => {
          e.preventDefault();
          publish.mutate();
        }}
      >
        <h2>Publish a new version</h2>
        <p className="muted">
          Calls to numbers bound to this flow will use it right away. You can roll back at any time.
        </p>
        {errors.length > 0 ? (
          <section className="publish-check error" role="alert" aria-label="Fix before publishing">
            <p>
              <strong>
                {errors.length === 1 ? "1 error" : `${errors.length} errors`} to fix before publishing:
              </strong>
            </p>
            <ul>{errors.map(item)}</ul>
          </section>
        ) : warnings.length > 0 ? (
          <section className="publish-check warning" aria-label="Check before publishing">
            <p>
              <strong>
                {warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`}: callers may not get
                what you expect here. Publish anyway, or choose one to fix it first.
              </strong>
            </p>
            <ul>{warnings.map(item)}</ul>
          </section>
        ) : (
          <p className="ok small">No problems found in this draft.</p>
        )}
        {broken.length > 0 && (
          <section className="publish-check error publish-tests" aria-label="Test cases that break">
            <p>
              <strong>
                {broken.length === 1 ? "1 test case breaks" : `${broken.length} test cases break`} with this
                draft: callers would not get what they got before. Fix the flow, or publish anyway if the
                change is what you want.
              </strong>
            </p>
            <ul className="test-case-list">
              {broken.map((result) => (
                <li key={result.caseId} className="test-case fail">
                  <strong>{result.name}</strong>
                  <TestDiff result={result} changedOnly />
                </li>
              ))}
            </ul>
          </section>
        )}
        {broken.length === 0 && tests.data && tests.data.results.length > 0 && (
          <p className="ok small">{tests.data.summary}.</p>
        )}
        <label>
          What changed?
          <textarea
            rows={3}
            value={changelog}
            onChange={(e) => setChangelog(e.target.value)}
            placeholder="Added a billing option to the main menu"
            aria-describedby="changelog-why"
            autoFocus
          />
          <small id="changelog-why" className="muted">
            Shown beside this version in the history. When a caller reports a problem, it tells you and your
            colleagues what each version changed, and which one to roll back to.
          </small>
        </label>
        {publish.error && refusedTests.length === 0 && (
          <div className="error" role="alert">
            <p>{errorMessage(publish.error)}</p>
            {blocking.length > 0 && <ul>{blocking.map(item)}</ul>}
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={publish.isPending || errors.length > 0}>
            {publish.isPending
              ? "Publishing…"
              : warnings.length > 0 || broken.length > 0
                ? "Publish anyway"
                : "Publish"}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
