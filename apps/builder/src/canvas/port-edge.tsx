import { BaseEdge, getBezierPath, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import type { CanvasEdge } from "../store/canvas-types.ts";

export const PortEdge = memo(function PortEdge(props: EdgeProps<CanvasEdge>) {
  const [path] = getBezierPath(props);
  return <BaseEdge id={props.id} path={path} className={props.selected ? "edge selected" : "edge"} />;
});
