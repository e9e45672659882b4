import { largeFlow } from "@ringflow/flow-schema/testing";
import { useEffect, useMemo } from "react";
import { EditorShell } from "../editor/editor-shell.tsx";
import { createFlowStore } from "../store/flow-store.ts";

declare global {
  interface Window {
    /** Set by the benchmark page: when the editor was interactive, in ms since navigation start. */
    __ringflowReady?: number;
  }
}

/** A generated flow of about `nodes` blocks (10 per block of `largeFlow`) opened in the real editor. */
export function BenchPage({ nodes }: { nodes: number }) {
  const store = useMemo(() => createFlowStore(largeFlow(Math.max(1, Math.round(nodes / 10)))), [nodes]);
  useEffect(() => {
    // Interactive once the first nodes are painted.
    const check = () => {
      if (document.querySelector(".react-flow__node"))
        requestAnimationFrame(() => (window.__ringflowReady = performance.now()));
      else requestAnimationFrame(check);
    };
    check();
  }, []);
  return (
    <EditorShell store={store} title={<strong>Benchmark: {store.getState().nodes.length} blocks</strong>} />
  );
}
