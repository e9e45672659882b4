import { describe, expect, it } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { createFlowStore, uniqueNodeId, type FlowStore } from "./flow-store.ts";
import { menuWithTwoBranches } from "../test-flows.ts";

const twoNodes = () =>
  buildFlow({
    nodes: { start: ["start"], hello: ["say", { text: { "en-US": "Hello" } }] },
    edges: [["start", "inbound", "hello"]],
  });

describe("flow store", () => {
  it("round-trips a document through the canvas representation", () => {
    const doc = twoNodes();
    const store = createFlowStore(doc);
    expect(store.getState().document()).toEqual(doc);
  });

  it("adds a node with a unique id and default params, selected", () => {
    const store = createFlowStore(twoNodes());
    const first = store.getState().addNode("menu", { x: 10, y: 20 });
    const second = store.getState().addNode("menu", { x: 10, y: 200 });
    expect([first, second]).toEqual(["menu", "menu2"]);
    const doc = store.getState().document();
    const menu = doc.nodes.find((n) => n.id === "menu2");
    expect(menu?.position).toEqual({ x: 10, y: 200 });
    expect((menu?.params.options as unknown[]).length).toBe(2);
    expect(
      store
        .getState()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(["menu2"]);
  });

  it("connects a named port once: reconnecting it moves the edge", () => {
    const store = createFlowStore(twoNodes());
    store.getState().addNode("hangup", { x: 0, y: 0 });
    store.getState().connect({ source: "hello", sourceHandle: "next", target: "hangup", targetHandle: null });
    store.getState().connect({ source: "hello", sourceHandle: "next", target: "start", targetHandle: null });
    const edges = store
      .getState()
      .document()
      .edges.filter((e) => e.source === "hello");
    expect(edges).toEqual([{ id: "hello.next", source: "hello", sourcePort: "next", target: "start" }]);
  });

  // Both ways a selection is deleted: the toolbar calls the store; React Flow's Delete key sends the block's
  // edges' removal first, then the block's.
  const deletions: [string, (store: FlowStore) => void][] = [
    ["the toolbar", (store) => store.getState().deleteSelection()],
    [
      "the Delete key",
      (store) => {
        store.getState().onEdgesChange([{ type: "remove", id: "start.inbound" }]);
        store.getState().onNodesChange([{ type: "remove", id: "hello" }]);
      },
    ],
  ];
  it.each(deletions)("deletes the selection with its edges from %s; one undo restores both", (_, remove) => {
    const store = createFlowStore(twoNodes());
    store.getState().select(["hello"]);
    expect(store.getState().edges.map((e) => e.id)).toEqual(["start.inbound"]);
    remove(store);
    const ids = () =>
      store
        .getState()
        .document()
        .nodes.map((n) => n.id);
    expect(ids()).toEqual(["start"]);
    expect(store.getState().document().edges).toEqual([]);
    store.getState().undo();
    expect(store.getState().document()).toEqual(twoNodes());
    store.getState().redo();
    expect(ids()).toEqual(["start"]);
  });

  it("copies and pastes nodes with fresh ids and their inner edges, skipping a second start", () => {
    const store = createFlowStore(twoNodes());
    store.getState().selectAll();
    const clip = store.getState().copySelection();
    expect(clip?.nodes).toHaveLength(2);
    const other = createFlowStore(twoNodes());
    other.getState().paste(clip!);
    const doc = other.getState().document();
    expect(doc.nodes.map((n) => n.id)).toEqual(["start", "hello", "hello2"]);
    expect(doc.nodes[2]!.position).toEqual({ x: 40, y: 160 });
  });

  it("validates on edit: a menu with an empty prompt is an error on that field, fixed by editing", () => {
    const store = createFlowStore(twoNodes());
    store.getState().addNode("menu", { x: 0, y: 0 });
    const params = store
      .getState()
      .document()
      .nodes.find((n) => n.id === "menu")!.params;
    store.getState().updateParams("menu", { ...params, prompt: { type: "say", text: { "en-US": "" } } });
    const problem = store.getState().problems.find((p) => p.nodeId === "menu" && p.code === "invalid-params");
    expect(problem?.path).toEqual(["params", "prompt", "text"]);
    expect(store.getState().nodeProblems.menu).toBe("error");
    store.getState().updateParams("menu", params);
    expect(store.getState().problems.some((p) => p.nodeId === "menu" && p.code === "invalid-params")).toBe(
      false,
    );
  });

  it("ignores edits when read-only (a version or a diff on the canvas)", () => {
    const store = createFlowStore();
    store.getState().load(twoNodes(), { readOnly: true });
    store.getState().addNode("say", { x: 0, y: 0 });
    store.getState().selectAll();
    store.getState().deleteSelection();
    expect(store.getState().document()).toEqual(twoNodes());
    expect(store.getState().changeCount).toBe(0);
  });

  it("counts changes for autosave but not selection", () => {
    const store = createFlowStore(twoNodes());
    store.getState().select(["hello"]);
    expect(store.getState().changeCount).toBe(0);
    store.getState().setPositions({ hello: { x: 300, y: 300 } });
    expect(store.getState().changeCount).toBe(1);
  });

  it("takes someone else's draft as one undoable step", () => {
    const store = createFlowStore(twoNodes());
    store.getState().updateParams("hello", { text: { "en-US": "Mine" } });
    const theirs = buildFlow({ nodes: { start: ["start"], bye: ["hangup"] } });
    store.getState().replaceDocument(theirs);
    expect(
      store
        .getState()
        .document()
        .nodes.map((n) => n.id),
    ).toEqual(["start", "bye"]);
    store.getState().undo();
    expect(store.getState().document().nodes[1]!.params).toEqual({ text: { "en-US": "Mine" } });
  });

  it("makes typing in one field a single undo step", () => {
    const store = createFlowStore(twoNodes());
    for (const text of ["H", "Ha", "Hai"])
      store.getState().updateParams("hello", { text: { "en-US": text } });
    store.getState().undo();
    expect(store.getState().document()).toEqual(twoNodes());
  });

  it("keeps a renamed option's edge and drops a removed option's edge", () => {
    const doc = menuWithTwoBranches();
    const store = createFlowStore(doc);
    const options = () => store.getState().document().nodes[1]!.params.options as { id: string }[];
    const params = store.getState().document().nodes[1]!.params;
    store.getState().updateParams("menu", {
      ...params,
      options: options().map((o) => (o.id === "sales" ? { ...o, id: "newSales" } : o)),
    });
    const fromMenu = () =>
      store
        .getState()
        .document()
        .edges.filter((e) => e.source === "menu")
        .map((e) => `${e.sourcePort}->${e.target}`);
    expect(fromMenu()).toEqual(["newSales->a", "support->b"]);
    store.getState().updateParams("menu", { ...params, options: options().slice(1) });
    expect(fromMenu()).toEqual(["support->b"]);
    expect(store.getState().problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("names ids after the kind", () => {
    expect(uniqueNodeId("say", new Set(["say", "say2"]))).toBe("say3");
  });
});

describe("the name on the canvas", () => {
  it("is a change at each key, and typing it is one step to undo", () => {
    const store = createFlowStore(twoNodes());
    const before = store.getState().changeCount;
    for (const name of ["G", "Gr", "Greeting"]) store.getState().setLabel("hello", name);
    expect(store.getState().changeCount).toBe(before + 3);
    expect(
      store
        .getState()
        .document()
        .nodes.find((n) => n.id === "hello")?.label,
    ).toBe("Greeting");
    store.getState().undo();
    expect(
      store
        .getState()
        .document()
        .nodes.find((n) => n.id === "hello")?.label,
    ).toBeUndefined();
  });
});
