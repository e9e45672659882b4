import { BaseEdge, EdgeLabelRenderer, getBezierPath, useInternalNode, type EdgeProps } from "@xyflow/react";
import { portsOf } from "@ringflow/flow-schema";
import { memo, useMemo } from "react";
import type { CanvasEdge, CanvasNode } from "../store/canvas-types.ts";
import { useFlow } from "../store/flow-store-context.tsx";

const DIFF_LABEL = { added: "new", removed: "removed" } as const;

export const PortEdge = memo(function PortEdge(props: EdgeProps<CanvasEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  // In a diff a connection that left or moved is drawn dashed in red, a new one in green, each tagged.
  const diff = useFlow((s) => s.edgeDiffStatus?.[props.id]);
  const exit = useExitLabel(props.source, props.sourceHandleId);
  const classes = ["edge", props.selected && "selected", diff && `edge-diff-${diff}`]
    .filter(Boolean)
    .join(" ");
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        className={classes}
        {...(diff
          ? {
              label: DIFF_LABEL[diff],
              labelX,
              labelY,
              labelBgPadding: [4, 2] as [number, number],
              labelBgBorderRadius: 4,
              labelStyle: { fill: "#fff", fontSize: 11, fontWeight: 600 },
              labelBgStyle: { fill: diff === "added" ? "var(--added)" : "var(--removed)" },
            }
          : {})}
      />
      {exit && (
        <EdgeLabelRenderer>
          {/* Which exit the connection leaves from, a little after it leaves, so long lines can be followed. */}
          <div
            className={`edge-exit${props.selected ? " selected" : ""}`}
            data-edge={props.id}
            style={{
              transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY + (diff ? 16 : 0)}px)`,
            }}
          >
            {exit}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

/** The label of the exit an edge leaves from, read from its block's ports. */
function useExitLabel(source: string, port: string | null | undefined): string | undefined {
  const data = useInternalNode<CanvasNode>(source)?.data;
  return useMemo(() => (data ? portsOf(data).find((p) => p.id === port)?.label : undefined), [data, port]);
}
