import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import {
  isEntryKind,
  nodeKindDefinition,
  portsOf,
  summaryOf,
  type PortDefinition,
} from "@ringflow/flow-schema";
import { memo, useEffect, useMemo, useRef } from "react";
import type { StepNode as StepNodeType } from "../store/canvas-types.ts";
import { useFlow } from "../store/flow-store-context.tsx";
import { categoryStyle } from "./category-colour.ts";
import { KindIcon } from "./kind-icon.tsx";

const BADGE_WORDS = { error: "Error", warning: "Warning" } as const;

/** One component for every kind: the catalog supplies the label, icon and ports. */
export const StepNode = memo(function StepNode({ id, data, selected }: NodeProps<StepNodeType>) {
  const definition = nodeKindDefinition(data.kind);
  // A diff shows what changed; problems of an old version would only distract.
  const problem = useFlow((s) => (s.diffStatus ? undefined : s.nodeProblems[id]));
  const diff = useFlow((s) => s.diffStatus?.[id]);
  const active = useFlow((s) => s.activeNodeId === id);
  const ports: PortDefinition[] = useMemo(() => portsOf(data), [data]);
  const summary = useMemo(() => summaryOf(data), [data]);
  // React Flow measures handles with the node; a port added or removed must be measured again, or an edge
  // to it is not drawn until the next reload.
  // Not on mount: React Flow measures new nodes itself, and measuring again would upset its fit-to-view.
  const updateNodeInternals = useUpdateNodeInternals();
  const portIds = ports.map((p) => p.id).join(" ");
  const measured = useRef(portIds);
  useEffect(() => {
    if (measured.current === portIds) return;
    measured.current = portIds;
    updateNodeInternals(id);
  }, [id, portIds, updateNodeInternals]);
  const name = data.label || definition?.label || data.kind;
  const classes = [
    "step",
    selected && "selected",
    problem && `has-${problem}`,
    diff && `diff-${diff}`,
    active && "active",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <div
      className={classes}
      data-node-id={id}
      data-kind={data.kind}
      data-category={definition?.category}
      style={categoryStyle(definition?.category)}
      aria-label={`${definition?.label ?? data.kind} ${id}`}
    >
      {!isEntryKind(data.kind) && (
        <Handle
          type="target"
          position={Position.Left}
          className="in-handle"
          role="button"
          aria-label={`Connect into ${name}`}
        />
      )}
      <header className="step-head">
        <span className="step-icon">
          <KindIcon name={definition?.icon ?? "circle-help"} />
        </span>
        <span className="step-title">{name}</span>
        {problem && (
          <span
            className={`badge badge-${problem}`}
            title={problem === "error" ? "This block has errors: open Problems" : "This block has warnings"}
          >
            {BADGE_WORDS[problem]}
          </span>
        )}
        {diff && <span className={`diff-tag diff-tag-${diff}`}>{diff}</span>}
      </header>
      {/* The id tells unnamed blocks of one kind apart; a named block is known by its name. */}
      {!data.label && <div className="step-id">{id}</div>}
      {summary && <p className="step-summary">{summary}</p>}
      <ul className="ports">
        {ports.map((port) => (
          <li
            key={port.id}
            className={port.role === "error" ? "port port-error" : "port"}
            data-port={port.id}
          >
            <span>{port.label}</span>
            <Handle
              type="source"
              id={port.id}
              position={Position.Right}
              className="out-handle"
              role="button"
              aria-label={`Connect “${port.label}” of ${name}`}
            />
          </li>
        ))}
      </ul>
    </div>
  );
});
