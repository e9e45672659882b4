import { useReactFlow } from "@xyflow/react";
import { CircleX, TriangleAlert } from "lucide-react";
import { blockName } from "../store/block-name.ts";
import { useFlow, useFlowStoreApi } from "../store/flow-store-context.tsx";

/** Every problem the validator reports, in its own words; choosing one selects and shows its node. */
export function ProblemsPanel({ onClose }: { onClose?: () => void }) {
  const problems = useFlow((s) => s.problems);
  const api = useFlowStoreApi();
  const flow = useReactFlow();
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;

  const show = (nodeId: string) => {
    const node = api.getState().nodes.find((n) => n.id === nodeId);
    if (!node) return;
    api.getState().select([nodeId]);
    const width = node.measured?.width ?? 240;
    const height = node.measured?.height ?? 100;
    void flow.setCenter(node.position.x + width / 2, node.position.y + height / 2, {
      zoom: Math.max(flow.getZoom(), 0.9),
      duration: 300,
    });
  };

  return (
    <section className="problems-panel" aria-label="Problems">
      <header>
        <h2>
          Problems{" "}
          <span className="muted small">
            {errors} error{errors === 1 ? "" : "s"}, {warnings} warning{warnings === 1 ? "" : "s"}
          </span>
        </h2>
        {onClose && (
          <button type="button" className="icon-button" aria-label="Close problems" onClick={onClose}>
            ✕
          </button>
        )}
      </header>
      {problems.length === 0 ? (
        <p className="empty">No problems found. The flow is ready to test and publish.</p>
      ) : (
        <ul>
          {problems.map((p, i) => {
            const node = p.nodeId ? api.getState().nodes.find((n) => n.id === p.nodeId) : undefined;
            const where = node ? blockName(node) : null;
            return (
              <li key={i}>
                <button
                  type="button"
                  className={`problem problem-${p.severity}`}
                  disabled={!node}
                  onClick={() => p.nodeId && show(p.nodeId)}
                  data-code={p.code}
                >
                  {p.severity === "error" ? (
                    <CircleX size={16} className="problem-icon" aria-label="Error" />
                  ) : (
                    <TriangleAlert size={16} className="problem-icon" aria-label="Warning" />
                  )}
                  <span>
                    {where && <strong>{where}: </strong>}
                    {p.message}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
