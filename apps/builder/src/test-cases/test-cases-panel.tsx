import type { TestCase, TestCaseResult } from "@ringflow/flow-schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";
import { SidePanel } from "../editor/side-panel.tsx";
import { TestDiff } from "./test-diff.tsx";
import { testCasesKey, useTestRun } from "./use-test-run.ts";

function CaseItem({
  flowId,
  testCase,
  result,
}: {
  flowId: string;
  testCase: TestCase;
  result: TestCaseResult | undefined;
}) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [name, setName] = useState(testCase.name);
  const changed = () => client.invalidateQueries({ queryKey: testCasesKey(flowId) });
  const rename = useMutation({
    mutationFn: () => trpc.testCases.rename.mutate({ flowId, caseId: testCase.id, name }),
    onSuccess: () => {
      setEditing(false);
      return changed();
    },
  });
  const remove = useMutation({
    mutationFn: () => trpc.testCases.delete.mutate({ flowId, caseId: testCase.id }),
    onSuccess: changed,
  });
  const from = testCase.source.kind === "test-call" ? "a test call" : "a real call";
  return (
    <li className={`test-case ${result ? (result.pass ? "pass" : "fail") : ""}`}>
      <div className="test-case-head">
        <span className="badge">{result ? (result.pass ? "Passes" : "Fails") : "Not run"}</span>
        {editing ? (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              rename.mutate();
            }}
          >
            <input aria-label="Test case name" value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="secondary">
              Save name
            </button>
          </form>
        ) : (
          <strong>{testCase.name}</strong>
        )}
      </div>
      <p className="muted small">
        Made from {from} · {testCase.inputs.length} caller action{testCase.inputs.length === 1 ? "" : "s"} ·
        clock {testCase.clock.start.slice(0, 16).replace("T", " ")} UTC, read in {testCase.clock.timeZone}
        {testCase.caller.callerState ? ` · caller in ${testCase.caller.callerState}` : ""}
      </p>
      {result && !result.pass && <TestDiff result={result} />}
      <div className="row">
        {!editing && (
          <button type="button" className="link" onClick={() => setEditing(true)}>
            Rename
          </button>
        )}
        {confirming ? (
          <>
            <span className="small">Delete this test case?</span>
            <button type="button" className="danger-button" onClick={() => remove.mutate()}>
              Delete
            </button>
            <button type="button" className="link" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="link" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {(rename.error ?? remove.error) && (
        <p className="error" role="alert">
          {errorMessage(rename.error ?? remove.error)}
        </p>
      )}
    </li>
  );
}

/** The flow's test cases with their results on the saved draft; a failing one shows its difference. */
export function TestCasesPanel({
  flowId,
  revision,
  onClose,
}: {
  flowId: string;
  revision: number | null;
  onClose(): void;
}) {
  const cases = useQuery({
    queryKey: [...testCasesKey(flowId), "list"],
    queryFn: () => trpc.testCases.list.query({ flowId }),
  });
  const run = useTestRun(flowId, revision);
  const results = new Map((run.data?.results ?? []).map((r) => [r.caseId, r]));
  return (
    <SidePanel title="Test cases" onClose={onClose} className="test-cases">
      <p className="help">
        Each test case replays a call and checks that callers still go through the same blocks and hear the
        same thing. They run after every change and before publishing. Save one at the end of a test call, or
        from a call on the Calls page.
      </p>
      {run.data && (
        <p className={run.data.results.every((r) => r.pass) && !run.data.blocked ? "ok" : "error"}>
          {run.data.summary}
        </p>
      )}
      {cases.error && (
        <p className="error" role="alert">
          {errorMessage(cases.error)}
        </p>
      )}
      {cases.data?.length === 0 && <p className="muted">No test cases yet.</p>}
      <ol className="test-case-list">
        {cases.data?.map((testCase) => (
          <CaseItem key={testCase.id} flowId={flowId} testCase={testCase} result={results.get(testCase.id)} />
        ))}
      </ol>
    </SidePanel>
  );
}
