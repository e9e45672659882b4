import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import {
  Redo2,
  Undo2,
  Wand2,
  Maximize,
  Trash2,
  Keyboard,
  Copy,
  ClipboardPaste,
  TriangleAlert,
} from "lucide-react";
import { useCallback, useRef, useState, type ReactNode } from "react";
import { readClipboard, writeClipboard } from "../canvas/clipboard.ts";
import { MinimapDock } from "../canvas/canvas-minimap.tsx";
import { FlowCanvas, useReadableFit } from "../canvas/flow-canvas.tsx";
import { readableViewNote, type ReadableView } from "../canvas/initial-view.ts";
import { Palette } from "../canvas/palette.tsx";
import { InsightsOverlay } from "../insights/insights-overlay.tsx";
import { Inspector } from "../inspector/inspector.tsx";
import { layoutFlow } from "../layout/layout-flow.ts";
import { ProblemsPanel } from "../problems/problems-panel.tsx";
import type { FlowStore } from "../store/flow-store.ts";
import { FlowStoreProvider, useFlow, useFlowStoreApi } from "../store/flow-store-context.tsx";
import { useShortcuts } from "./use-shortcuts.ts";

export interface EditorShellProps {
  store: FlowStore;
  /** Title area: flow name, save state. */
  title: ReactNode;
  /** Flow actions on the right of the toolbar: publish, history, test call... */
  actions?: ReactNode;
  /** A side panel that replaces the inspector (history, test call, diff). */
  sidePanel?: ReactNode;
  /** A banner above the canvas (a conflict, a diff being shown). */
  banner?: ReactNode;
}

/** The editor without the API: palette, canvas, inspector, problems, toolbar and shortcuts. */
export function EditorShell(props: EditorShellProps) {
  return (
    <FlowStoreProvider store={props.store}>
      <ReactFlowProvider>
        <EditorLayout {...props} />
      </ReactFlowProvider>
    </FlowStoreProvider>
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const SHORTCUTS: [string, string][] = [
  ["Drag a block, or press Enter in the search", "Add a block"],
  ["/", "Search blocks"],
  ["Delete / Backspace", "Delete the selection"],
  ["Ctrl+C / Ctrl+V", "Copy / paste (also into another flow)"],
  ["Ctrl+D", "Duplicate the selection"],
  ["Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"],
  ["Ctrl+A", "Select every block"],
  ["Shift+L", "Tidy up (auto-layout)"],
  ["Shift+1", "Zoom to fit"],
  ["Shift+P", "Show or hide problems"],
  ["Esc", "Clear the selection"],
  ["?", "This list"],
];

function EditorLayout({ title, actions, sidePanel, banner }: EditorShellProps) {
  const api = useFlowStoreApi();
  const flow = useReactFlow();
  const readOnly = useFlow((s) => s.readOnly);
  const canUndo = useFlow((s) => s.past.length > 0);
  const canRedo = useFlow((s) => s.future.length > 0);
  const errorCount = useFlow((s) => s.problems.filter((p) => p.severity === "error").length);
  const warningCount = useFlow((s) => s.problems.length) - errorCount;
  const [problemsOpen, setProblemsOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const readableFit = useReadableFit();
  // Said when the flow is too big to show whole at a readable size (on opening it, or on "Zoom to fit").
  const [viewNote, setViewNote] = useState<string | null>(null);
  const placed = useCallback((mode: ReadableView["mode"]) => setViewNote(readableViewNote(mode)), []);
  const fit = () => placed(readableFit({ duration: 300 }));

  const tidy = async () => {
    setBusy(true);
    try {
      const { nodes } = api.getState();
      const sizes = Object.fromEntries(
        nodes
          .filter((n) => n.measured?.width)
          .map((n) => [n.id, { width: n.measured!.width!, height: n.measured!.height! }]),
      );
      const positions = await layoutFlow(api.getState().document(), { sizes });
      api.getState().setPositions(positions);
      requestAnimationFrame(fit);
    } finally {
      setBusy(false);
    }
  };
  const addAtCentre = (kind: Parameters<ReturnType<FlowStore["getState"]>["addNode"]>[0]) => {
    const box = document.querySelector(".canvas")?.getBoundingClientRect();
    const centre = flow.screenToFlowPosition({
      x: (box?.left ?? 0) + (box?.width ?? 800) / 2,
      y: (box?.top ?? 0) + (box?.height ?? 600) / 2,
    });
    // Nudge each new block so repeated adds do not stack exactly.
    const offset = (api.getState().nodes.length % 5) * 30;
    api.getState().addNode(kind, { x: centre.x - 120 + offset, y: centre.y - 50 + offset });
  };
  const copy = () => {
    const payload = api.getState().copySelection();
    if (payload) writeClipboard(payload);
  };
  const paste = () => {
    const payload = readClipboard();
    if (payload) api.getState().paste(payload);
  };

  useShortcuts({
    "mod+z": () => api.getState().undo(),
    "mod+shift+z": () => api.getState().redo(),
    "mod+y": () => api.getState().redo(),
    "mod+c": copy,
    "mod+v": paste,
    "mod+d": () => {
      const payload = api.getState().copySelection();
      if (payload) api.getState().paste(payload);
    },
    "mod+a": () => api.getState().selectAll(),
    "shift+l": () => void tidy(),
    "shift+!": fit,
    "shift+1": fit,
    "shift+p": () => setProblemsOpen((o) => !o),
    "/": () => searchRef.current?.focus(),
    "?": () => setHelpOpen((o) => !o),
    "shift+?": () => setHelpOpen((o) => !o),
    Escape: () => {
      api.getState().select([]);
      setHelpOpen(false);
    },
  });

  const tools = [
    {
      label: "Undo",
      keys: "Ctrl+Z",
      icon: Undo2,
      disabled: readOnly || !canUndo,
      run: () => api.getState().undo(),
    },
    {
      label: "Redo",
      keys: "Ctrl+Shift+Z",
      icon: Redo2,
      disabled: readOnly || !canRedo,
      run: () => api.getState().redo(),
    },
    { label: "Copy", keys: "Ctrl+C", icon: Copy, disabled: false, run: copy },
    { label: "Paste", keys: "Ctrl+V", icon: ClipboardPaste, disabled: readOnly, run: paste },
    {
      label: "Delete selection",
      keys: "Delete",
      icon: Trash2,
      disabled: readOnly,
      run: () => api.getState().deleteSelection(),
    },
    { label: "Tidy up", keys: "Shift+L", icon: Wand2, disabled: readOnly || busy, run: () => void tidy() },
    { label: "Zoom to fit", keys: "Shift+1", icon: Maximize, disabled: false, run: fit },
    {
      label: "Keyboard shortcuts",
      keys: "?",
      icon: Keyboard,
      disabled: false,
      run: () => setHelpOpen((o) => !o),
    },
  ];

  return (
    <div className="editor">
      <header className="editor-bar">
        <div className="editor-title">{title}</div>
        <div className="editor-actions">{actions}</div>
      </header>
      {banner}
      <div className="editor-body">
        <div className="palette-column">
          <Palette onAdd={addAtCentre} disabled={readOnly} searchRef={searchRef} />
          <MinimapDock always={viewNote !== null} />
        </div>
        <main className="editor-main">
          <div className="canvas-row">
            {/* The toolbar floats over the canvas only, never over what docks beside it. */}
            <div className="canvas-area">
              <div className="toolbar" role="toolbar" aria-label="Canvas tools">
                {tools.map((tool) => (
                  <button
                    key={tool.label}
                    type="button"
                    className="icon-button"
                    title={`${tool.label} (${tool.keys})`}
                    aria-label={tool.label}
                    disabled={tool.disabled}
                    onClick={tool.run}
                  >
                    <tool.icon size={18} />
                  </button>
                ))}
                <button
                  type="button"
                  className={`problems-button${errorCount ? " has-errors" : warningCount ? " has-warnings" : ""}`}
                  aria-pressed={problemsOpen}
                  onClick={() => setProblemsOpen((o) => !o)}
                  title="Problems (Shift+P)"
                >
                  <TriangleAlert size={16} />
                  {errorCount === 0 && warningCount === 0
                    ? "No problems"
                    : `${plural(errorCount, "error")} · ${plural(warningCount, "warning")}`}
                </button>
              </div>
              <FlowCanvas onPlaced={placed} />
            </div>
            <InsightsOverlay />
          </div>
          {viewNote && (
            <p className="view-note" role="status">
              {viewNote}
              <button type="button" className="link" onClick={() => setViewNote(null)}>
                Dismiss
              </button>
            </p>
          )}
          {problemsOpen && <ProblemsPanel onClose={() => setProblemsOpen(false)} />}
        </main>
        {sidePanel ?? <Inspector />}
      </div>
      {helpOpen && (
        <div className="dialog-backdrop" onClick={() => setHelpOpen(false)}>
          <div
            className="dialog"
            role="dialog"
            aria-label="Keyboard shortcuts"
            onClick={(e) => e.stopPropagation()}
          >
            <h2>Keyboard shortcuts</h2>
            <table className="shortcuts">
              <tbody>
                {SHORTCUTS.map(([keys, what]) => (
                  <tr key={keys}>
                    <th scope="row">
                      <kbd>{keys}</kbd>
                    </th>
                    <td>{what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button type="button" onClick={() => setHelpOpen(false)}>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
