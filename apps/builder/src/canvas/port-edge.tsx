import { BaseEdge, getBezierPath, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasEdge } from "../store/canvas-types.ts";
import { useFlow } from "../store/flow-store-context.tsx";

const DIFF_LABEL = { added: "new", removed: "removed" } as const;

export const PortEdge = memo(function PortEdge(props: EdgeProps<CanvasEdge>) {
  const [path, labelX, labelY] = getBezierPath(props);
  // In a diff a connection that left or moved is drawn dashed in red, a new one in green, each tagged.
  const diff = useFlow((s) => s.edgeDiffStatus?.[props.id]);
  const classes = ["edge", props.selected && "selected", diff && `edge-diff-${diff}`]
    .filter(Boolean)
    .join(" ");
  return (
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
  );
});
