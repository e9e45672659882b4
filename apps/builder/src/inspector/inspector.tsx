import { isEntryKind, nodeKindDefinition, portsOf, type Problem } from "@ringflow/flow-schema";
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useShallow } from "zustand/react/shallow";
import { KindIcon } from "../canvas/kind-icon.tsx";
import { useFlow, useFlowStoreApi } from "../store/flow-store-context.tsx";
import { FormContext, ObjectFields, type FieldPath, type FormContextValue } from "./field-editor.tsx";
import { liquidSuggestions } from "./suggestions.ts";

/** The workspace's other flows, provided by the page that knows them (the API), for subflow fields. */
export const FlowChoicesContext = createContext<{ id: string; name: string }[]>([]);

const timeZones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** The selected node's settings, generated from its kind's params schema; no form is written per kind. */
export function Inspector({ empty }: { empty?: ReactNode }) {
  const selected = useFlow(
    useShallow((s) => {
      const chosen = s.nodes.filter((n) => n.selected);
      return chosen.length === 1 ? chosen[0] : chosen.length;
    }),
  );
  if (typeof selected === "number" || !selected) {
    return (
      <aside className="inspector" aria-label="Inspector">
        {selected ? (
          <p className="muted">
            {selected} blocks selected. Press Delete to remove them, Ctrl+C to copy them.
          </p>
        ) : (
          (empty ?? (
            <div className="getting-started">
              <p className="muted">Select a block to edit its settings.</p>
              <h3>How to build a call flow</h3>
              <ol className="small">
                <li>Drag a block from the left onto the canvas (or click it).</li>
                <li>
                  Connect a block’s exit (the dot on its right) to the next block’s entry (the dot on its
                  left).
                </li>
                <li>Click a block to set what it says and does.</li>
                <li>
                  Try it with <strong>Test call</strong>, then <strong>Publish</strong>.
                </li>
              </ol>
              <p className="small muted">Press ? for keyboard shortcuts.</p>
            </div>
          ))
        )}
      </aside>
    );
  }
  return <NodeInspector key={selected.id} nodeId={selected.id} />;
}

function NodeInspector({ nodeId }: { nodeId: string }) {
  const api = useFlowStoreApi();
  const node = useFlow((s) => s.nodes.find((n) => n.id === nodeId));
  const readOnly = useFlow((s) => s.readOnly);
  const problems = useFlow((s) => s.problems);
  const meta = useFlow((s) => s.meta);
  const edges = useFlow((s) => s.edges);
  const otherFlows = useContext(FlowChoicesContext);
  const definition = node ? nodeKindDefinition(node.data.kind) : undefined;

  const context = useMemo<FormContextValue>(() => {
    const doc = api.getState().document();
    const mine = problems
      .filter(
        (p): p is Problem & { path: FieldPath } =>
          p.nodeId === nodeId && Array.isArray(p.path) && p.path[0] === "params",
      )
      .map((p) => ({ ...p, path: p.path.slice(1) }));
    return {
      languages: meta.languages.supported,
      variables: meta.variables.map((v) => v.name),
      suggestions: liquidSuggestions(doc, nodeId),
      problems: mine,
      timeZones,
      flows: otherFlows,
      portIds: node ? portsOf(node.data).map((p) => p.id) : [],
    };
    // Edges change which upstream outputs are offered.
  }, [api, problems, meta, nodeId, edges, otherFlows, node]);

  if (!node || !definition) return null;
  const nodeProblems = problems.filter(
    (p) => p.nodeId === nodeId && !(p.path?.[0] === "params" && p.path.length > 1),
  );
  const ports = portsOf(node.data);
  const targets = api
    .getState()
    .nodes.filter((n) => n.id !== nodeId && !isEntryKind(n.data.kind))
    .map((n) => ({
      id: n.id,
      name: `${n.data.label || nodeKindDefinition(n.data.kind)?.label || n.data.kind} (${n.id})`,
    }));
  return (
    <aside className="inspector" aria-label="Inspector">
      <header className="inspector-head">
        <KindIcon name={definition.icon} size={20} />
        <div>
          <h2>{node.data.label || definition.label}</h2>
          <p className="muted small">
            {definition.label} · id <code>{nodeId}</code>
          </p>
        </div>
      </header>
      <p className="help">{definition.description}</p>
      {nodeProblems.length > 0 && (
        <div role="alert">
          <ul className="field-problems">
            {nodeProblems.map((p, i) => (
              <li key={i} className={`problem-${p.severity}`}>
                {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <fieldset disabled={readOnly} className="inspector-form">
        <div className="field">
          <label htmlFor={`name-${nodeId}`} className="field-label">
            Name on the canvas
          </label>
          <input
            id={`name-${nodeId}`}
            type="text"
            placeholder={definition.label}
            value={node.data.label ?? ""}
            onChange={(e) => api.getState().setLabel(nodeId, e.target.value)}
          />
        </div>
        <FormContext.Provider value={context}>
          <ObjectFields
            schema={definition.params}
            value={node.data.params}
            path={[]}
            onChange={(params) => api.getState().updateParams(nodeId, params)}
          />
        </FormContext.Provider>
      </fieldset>
      {ports.length > 0 && (
        <section className="ports-help">
          <h3>Exits</h3>
          <p className="help">Where the call goes next. Drag from a dot on the block, or choose here.</p>
          <ul>
            {ports.map((port) => {
              const edge = edges.find((e) => e.source === nodeId && e.sourceHandle === port.id);
              return (
                <li key={port.id} className="exit">
                  <label htmlFor={`exit-${nodeId}-${port.id}`}>
                    <strong>{port.label}</strong>
                    {port.description ? <span className="help"> when {port.description}</span> : null}
                  </label>
                  <select
                    id={`exit-${nodeId}-${port.id}`}
                    value={edge?.target ?? ""}
                    disabled={readOnly}
                    onChange={(e) =>
                      e.target.value
                        ? api.getState().connect({
                            source: nodeId,
                            sourceHandle: port.id,
                            target: e.target.value,
                            targetHandle: null,
                          })
                        : api.getState().disconnect(nodeId, port.id)
                    }
                  >
                    <option value="">Not connected (the call ends)</option>
                    {targets.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </aside>
  );
}
