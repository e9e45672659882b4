import { CircleCheck, CircleAlert } from "lucide-react";
import "./test-cases.css";
import { useTestRun } from "./use-test-run.ts";

/** The quiet line beside the Test call button: "3 of 3 tests pass", or how many fail; opens the Tests panel. */
export function TestStatus({
  flowId,
  revision,
  onOpen,
}: {
  flowId: string;
  /** The saved draft revision; null while changes wait to be saved. */
  revision: number | null;
  onOpen(): void;
}) {
  const run = useTestRun(flowId, revision);
  if (!run.data || (run.data.results.length === 0 && !run.data.blocked)) return null;
  const failing = run.data.blocked !== null || run.data.results.some((r) => !r.pass);
  return (
    <button
      type="button"
      className={`test-status link ${failing ? "failing" : "passing"}`}
      onClick={onOpen}
      title="Show the test cases"
      aria-busy={run.isFetching}
    >
      {failing ? <CircleAlert size={14} aria-hidden="true" /> : <CircleCheck size={14} aria-hidden="true" />}
      <span role="status">{run.data.summary}</span>
    </button>
  );
}
