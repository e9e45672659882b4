import type { RouterOutputs } from "../api/trpc.ts";
import { navigate } from "./router.ts";

type ImportResult = RouterOutputs["flows"]["import"];

/** What an import carried over, and what it could not (per Studio widget), before the admin opens the flow. */
export function ImportReport({ result, onClose }: { result: ImportResult; onClose(): void }) {
  return (
    <div className="dialog-backdrop">
      <div className="dialog wide" role="dialog" aria-label="Import report">
        <h2>Imported “{result.flow.name}”</h2>
        {result.report.length === 0 ? (
          <p>Everything was carried over.</p>
        ) : (
          <>
            <p>Check these before publishing; they could not be carried over exactly:</p>
            <ul className="report">
              {result.report.map((item, i) => (
                <li key={i}>
                  <strong>{item.widget}</strong> <span className="muted small">({item.type})</span>:{" "}
                  {item.issue}
                </li>
              ))}
            </ul>
          </>
        )}
        {result.problems.length > 0 && (
          <p className="muted">The flow has {result.problems.length} problem(s) to review in the editor.</p>
        )}
        <div className="row">
          <button type="button" className="primary" onClick={() => navigate(`/flows/${result.flow.id}`)}>
            Open the flow
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
