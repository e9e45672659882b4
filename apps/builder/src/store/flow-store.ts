import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from "@xyflow/react";
import {
  createNode,
  isEntryKind,
  portsOf,
  validateFlow,
  type FlowDocument,
  type NodeKind,
  type Problem,
  type ValidateOptions,
} from "@ringflow/flow-schema";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { CanvasEdge, CanvasNode } from "./canvas-types.ts";
import { joinDocument, splitDocument, toCanvasEdge, toCanvasNode, type DocumentMeta } from "./convert.ts";

export type DiffStatus = "added" | "removed" | "changed";
/** A connection is added or removed; one that moved to another block is one of each. */
export type EdgeDiffStatus = Exclude<DiffStatus, "changed">;

interface Snapshot {
  meta: DocumentMeta;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** What copy puts on the clipboard: plain flow nodes and the edges between them. */
export interface ClipboardPayload {
  ringflowClipboard: 1;
  nodes: FlowDocument["nodes"];
  edges: FlowDocument["edges"];
}

export interface FlowState {
  meta: DocumentMeta;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  /** Bumped on every change that alters the document (not on selection), so autosave knows what to save. */
  changeCount: number;
  past: Snapshot[];
  future: Snapshot[];
  problems: Problem[];
  /** The worst problem per node, for the node badges (a string, so nodes re-render only when it changes). */
  nodeProblems: Record<string, "error" | "warning">;
  /** When a diff of two versions is shown on the canvas. */
  diffStatus: Record<string, DiffStatus> | null;
  edgeDiffStatus: Record<string, EdgeDiffStatus> | null;
  /** The node a test call is in. */
  activeNodeId: string | null;
  readOnly: boolean;
  /** What validation knows beyond the document: the providers of the numbers answering with this flow. */
  validationOptions: ValidateOptions;

  load(
    doc: FlowDocument,
    options?: {
      readOnly?: boolean;
      diffStatus?: Record<string, DiffStatus>;
      edgeDiffStatus?: Record<string, EdgeDiffStatus>;
    },
  ): void;
  /** Replaces the whole document as one undoable change (taking someone else's newer draft). */
  replaceDocument(doc: FlowDocument): void;
  document(): FlowDocument;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  /** Call before a gesture that changes the document over many events (a drag), so undo restores it. */
  checkpoint(): void;
  connect(connection: Connection): void;
  /** Removes the edge leaving a node's port. */
  disconnect(source: string, port: string): void;
  addNode(kind: NodeKind, position: XYPosition): string;
  updateParams(nodeId: string, params: Record<string, unknown>): void;
  setLabel(nodeId: string, label: string): void;
  updateMeta(meta: Partial<DocumentMeta>): void;
  select(nodeIds: string[]): void;
  selectAll(): void;
  deleteSelection(): void;
  copySelection(): ClipboardPayload | null;
  paste(payload: ClipboardPayload, offset?: XYPosition): void;
  setPositions(positions: Record<string, XYPosition>): void;
  undo(): void;
  redo(): void;
  validate(options?: ValidateOptions): Problem[];
  /** Validates again with this context from now on. */
  setValidationOptions(options: ValidateOptions): void;
  setActiveNode(nodeId: string | null): void;
}

const HISTORY_LIMIT = 100;
/** Above this many nodes, opening a flow defers validation and shows its start instead of all of it. */
export const LARGE_FLOW = 300;

export const emptyMeta = (name = "Untitled flow"): DocumentMeta => ({
  schemaVersion: 2,
  name,
  description: "",
  languages: { default: "en-US", supported: ["en-US"] },
  variables: [],
  settings: {
    maxStepsWithoutWait: 200,
    apology: { "en-US": "Sorry, something went wrong. Please call again later. Goodbye." },
  },
});

/**
 * Edges after a node's ports changed: a port that still exists keeps its edge (options moved up or down keep
 * theirs); a port replaced in place by a new id (a start's direction changed) hands its edge on; a port
 * that is gone (a removed option) takes its edge with it.
 */
export function followPorts(
  edges: CanvasEdge[],
  nodeId: string,
  before: { id: string }[],
  after: { id: string }[],
): CanvasEdge[] {
  const now = new Set(after.map((p) => p.id));
  const was = new Set(before.map((p) => p.id));
  if (before.length === after.length && before.every((p, i) => p.id === after[i]!.id)) return edges;
  const renamed = new Map<string, string>();
  if (before.length === after.length)
    before.forEach((p, i) => !now.has(p.id) && !was.has(after[i]!.id) && renamed.set(p.id, after[i]!.id));
  let touched = false;
  const next = edges.flatMap((e) => {
    if (e.source !== nodeId || !e.sourceHandle || now.has(e.sourceHandle)) return [e];
    touched = true;
    const to = renamed.get(e.sourceHandle);
    return to ? [{ ...e, sourceHandle: to }] : [];
  });
  return touched ? next : edges;
}

/** A fresh id for a node of `kind` that no node in `taken` has: menu, menu2, menu3... */
export function uniqueNodeId(kind: string, taken: ReadonlySet<string>): string {
  if (!taken.has(kind)) return kind;
  for (let n = 2; ; n++) if (!taken.has(`${kind}${n}`)) return `${kind}${n}`;
}

function worstByNode(problems: Problem[]): Record<string, "error" | "warning"> {
  const out: Record<string, "error" | "warning"> = {};
  for (const p of problems) {
    if (!p.nodeId) continue;
    if (p.severity === "error" || !out[p.nodeId]) out[p.nodeId] = p.severity;
  }
  return out;
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  return ak.every((k) => a[k] === b[k]);
}

export type FlowStore = StoreApi<FlowState>;

/** Runs when the browser is idle (after the first paint), or soon where there is no idle callback. */
function later(run: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(run, { timeout: 1000 });
  else setTimeout(run, 0);
}

export function createFlowStore(initial?: FlowDocument): FlowStore {
  const store = createStore<FlowState>()((set, get) => {
    /** Records the state before a change, so undo can return to it. */
    const remember = () => {
      lastEdit = { nodeId: "", at: 0 };
      const { meta, nodes, edges, past } = get();
      const next = [...past, { meta, nodes, edges }];
      if (next.length > HISTORY_LIMIT) next.shift();
      set({ past: next, future: [] });
    };
    const changed = (patch: Partial<FlowState>) => set((s) => ({ ...patch, changeCount: s.changeCount + 1 }));
    const guard = () => get().readOnly;
    let lastEdit = { nodeId: "", at: 0 };
    /** Typing in a field is one step to undo, not one per key. */
    const rememberTyping = (field: string) => {
      const now = Date.now();
      if (lastEdit.nodeId !== field || now - lastEdit.at > 1000) remember();
      lastEdit = { nodeId: field, at: now };
    };

    return {
      meta: emptyMeta(),
      nodes: [],
      edges: [],
      changeCount: 0,
      past: [],
      future: [],
      problems: [],
      nodeProblems: {},
      diffStatus: null,
      edgeDiffStatus: null,
      activeNodeId: null,
      readOnly: false,
      validationOptions: {},

      load(doc, options = {}) {
        const { meta, nodes, edges } = splitDocument(doc);
        set({
          meta,
          nodes,
          edges,
          past: [],
          future: [],
          changeCount: 0,
          readOnly: options.readOnly ?? false,
          diffStatus: options.diffStatus ?? null,
          edgeDiffStatus: options.edgeDiffStatus ?? null,
          activeNodeId: null,
          problems: [],
          nodeProblems: {},
        });
        // A big flow paints first and is checked right after, so opening it is not held up by validation.
        if (nodes.length <= LARGE_FLOW) get().validate();
        else later(() => get().validate());
      },

      replaceDocument(doc) {
        if (guard()) return;
        remember();
        const { meta, nodes, edges } = splitDocument(doc);
        changed({ meta, nodes, edges });
        get().validate();
      },

      document() {
        const { meta, nodes, edges } = get();
        return joinDocument(meta, nodes, edges);
      },

      onNodesChange(changes) {
        const editable = !guard();
        const kept = changes.filter(
          (c) => c.type === "select" || c.type === "dimensions" || (editable && c.type === "position"),
        );
        const removed = editable ? changes.filter((c) => c.type === "remove").map((c) => c.id) : [];
        if (kept.length > 0) {
          const moved = kept.some((c) => c.type === "position" && c.position);
          const nodes = applyNodeChanges(kept, get().nodes);
          if (moved) changed({ nodes });
          else set({ nodes });
        }
        if (removed.length > 0) {
          get().select(removed);
          get().deleteSelection();
        }
      },

      onEdgesChange(changes) {
        const editable = !guard();
        const kept = changes.filter((c) => c.type === "select");
        if (kept.length > 0) set({ edges: applyEdgeChanges(kept, get().edges) });
        const removed = new Set(editable ? changes.filter((c) => c.type === "remove").map((c) => c.id) : []);
        // React Flow's Delete removes the edges first, then the selected blocks: doing it all here makes it
        // one undo step (the blocks' removal that follows finds nothing left to remove).
        if (removed.size > 0 && get().nodes.some((n) => n.selected)) {
          get().deleteSelection();
          return;
        }
        if (removed.size > 0) {
          remember();
          changed({ edges: get().edges.filter((e) => !removed.has(e.id)) });
          get().validate();
        }
      },

      checkpoint() {
        if (!guard()) remember();
      },

      connect({ source, sourceHandle, target }) {
        if (guard() || !sourceHandle || source === target) return;
        remember();
        // A port leads to one place: connecting it again moves its edge.
        const others = get().edges.filter((e) => !(e.source === source && e.sourceHandle === sourceHandle));
        const ids = new Set(others.map((e) => e.id));
        let id = `${source}.${sourceHandle}`;
        for (let n = 2; ids.has(id); n++) id = `${source}.${sourceHandle}.${n}`;
        changed({ edges: [...others, toCanvasEdge({ id, source, sourcePort: sourceHandle, target })] });
        get().validate();
      },

      disconnect(source, port) {
        if (guard()) return;
        const edges = get().edges.filter((e) => !(e.source === source && e.sourceHandle === port));
        if (edges.length === get().edges.length) return;
        remember();
        changed({ edges });
        get().validate();
      },

      addNode(kind, position) {
        if (guard()) return "";
        remember();
        const taken = new Set(get().nodes.map((n) => n.id));
        const id = uniqueNodeId(kind, taken);
        const node = { ...toCanvasNode(createNode(kind, id, position)), selected: true };
        changed({ nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
        get().validate();
        return id;
      },

      updateParams(nodeId, params) {
        if (guard()) return;
        rememberTyping(nodeId);
        const before = get().nodes.find((n) => n.id === nodeId);
        if (!before) return;
        const data = { ...before.data, params };
        changed({
          nodes: get().nodes.map((n) => (n.id === nodeId ? { ...n, data } : n)),
          edges: followPorts(get().edges, nodeId, portsOf(before.data), portsOf(data)),
        });
        get().validate();
      },

      setLabel(nodeId, label) {
        if (guard()) return;
        rememberTyping(`${nodeId}#label`);
        changed({
          nodes: get().nodes.map((n) => {
            if (n.id !== nodeId) return n;
            const { label: _old, ...data } = n.data;
            return { ...n, data: label.trim() ? { ...data, label } : data };
          }),
        });
      },

      updateMeta(patch) {
        if (guard()) return;
        remember();
        changed({ meta: { ...get().meta, ...patch } });
        get().validate();
      },

      select(nodeIds) {
        const wanted = new Set(nodeIds);
        set({
          nodes: get().nodes.map((n) =>
            !!n.selected === wanted.has(n.id) ? n : { ...n, selected: wanted.has(n.id) },
          ),
          edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        });
      },

      selectAll() {
        get().select(get().nodes.map((n) => n.id));
      },

      deleteSelection() {
        if (guard()) return;
        const { nodes, edges } = get();
        const gone = new Set(nodes.filter((n) => n.selected).map((n) => n.id));
        const edgesGone = edges.filter((e) => e.selected || gone.has(e.source) || gone.has(e.target));
        if (gone.size === 0 && edgesGone.length === 0) return;
        remember();
        const dropped = new Set(edgesGone.map((e) => e.id));
        changed({
          nodes: nodes.filter((n) => !gone.has(n.id)),
          edges: edges.filter((e) => !dropped.has(e.id)),
        });
        get().validate();
      },

      copySelection() {
        const doc = get().document();
        const chosen = new Set(
          get()
            .nodes.filter((n) => n.selected)
            .map((n) => n.id),
        );
        if (chosen.size === 0) return null;
        return {
          ringflowClipboard: 1,
          nodes: doc.nodes.filter((n) => chosen.has(n.id)),
          edges: doc.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target)),
        };
      },

      paste(payload, offset = { x: 40, y: 40 }) {
        if (guard() || payload.nodes.length === 0) return;
        remember();
        const taken = new Set(get().nodes.map((n) => n.id));
        const renamed = new Map<string, string>();
        const added: CanvasNode[] = [];
        for (const node of payload.nodes) {
          // A second entry (start) node would be an error; pasting one into a flow that has one skips it.
          if (isEntryKind(node.kind) && get().nodes.some((n) => isEntryKind(n.data.kind))) continue;
          const id = uniqueNodeId(node.id.replace(/\d+$/, "") || node.kind, taken);
          taken.add(id);
          renamed.set(node.id, id);
          const position = { x: node.position.x + offset.x, y: node.position.y + offset.y };
          added.push({ ...toCanvasNode({ ...node, id, position }), selected: true });
        }
        const edgeIds = new Set(get().edges.map((e) => e.id));
        const newEdges: CanvasEdge[] = [];
        for (const edge of payload.edges) {
          const source = renamed.get(edge.source);
          const target = renamed.get(edge.target);
          if (!source || !target) continue;
          let id = `${source}.${edge.sourcePort}`;
          for (let n = 2; edgeIds.has(id); n++) id = `${source}.${edge.sourcePort}.${n}`;
          edgeIds.add(id);
          newEdges.push(toCanvasEdge({ id, source, sourcePort: edge.sourcePort, target }));
        }
        changed({
          nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added],
          edges: [...get().edges, ...newEdges],
        });
        get().validate();
      },

      setPositions(positions) {
        if (guard()) return;
        remember();
        changed({
          nodes: get().nodes.map((n) => {
            const p = positions[n.id];
            return p ? { ...n, position: p } : n;
          }),
        });
      },

      undo() {
        const { past, future, meta, nodes, edges } = get();
        const previous = past.at(-1);
        if (!previous) return;
        set((s) => ({
          ...previous,
          past: past.slice(0, -1),
          future: [...future, { meta, nodes, edges }],
          changeCount: s.changeCount + 1,
        }));
        get().validate();
      },

      redo() {
        const { past, future, meta, nodes, edges } = get();
        const next = future.at(-1);
        if (!next) return;
        set((s) => ({
          ...next,
          future: future.slice(0, -1),
          past: [...past, { meta, nodes, edges }],
          changeCount: s.changeCount + 1,
        }));
        get().validate();
      },

      validate(options) {
        // A diff draws both versions at once; its problems are the newer version's, without what it removed.
        const { diffStatus, edgeDiffStatus } = get();
        const doc = get().document();
        const shown = diffStatus
          ? {
              ...doc,
              nodes: doc.nodes.filter((n) => diffStatus[n.id] !== "removed"),
              edges: doc.edges.filter((e) => edgeDiffStatus?.[e.id] !== "removed"),
            }
          : doc;
        const problems = validateFlow(shown, options ?? get().validationOptions);
        const nodeProblems = worstByNode(problems);
        set({
          problems,
          ...(sameRecord(nodeProblems, get().nodeProblems) ? {} : { nodeProblems }),
        });
        return problems;
      },

      setValidationOptions(options) {
        set({ validationOptions: options });
        get().validate();
      },

      setActiveNode(nodeId) {
        set({ activeNodeId: nodeId });
      },
    };
  });
  if (initial) store.getState().load(initial);
  return store;
}
