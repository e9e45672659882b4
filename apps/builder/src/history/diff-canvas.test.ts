import { describe, expect, it } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { describePath, diffCanvas, diffStore } from "./diff-canvas.ts";
import { createFlowStore } from "../store/flow-store.ts";
import { menuWithTwoBranches } from "../test-flows.ts";

describe("diffCanvas", () => {
  it("marks added, removed and changed nodes and keeps the removed ones on the canvas", () => {
    const before = buildFlow({
      nodes: { start: ["start"], hello: ["say", { text: { "en-US": "Hello" } }], bye: ["hangup"] },
      edges: [
        ["start", "inbound", "hello"],
        ["hello", "next", "bye"],
      ],
    });
    const after = buildFlow({
      nodes: { start: ["start"], hello: ["say", { text: { "en-US": "Welcome" } }], menu: ["menu"] },
      edges: [
        ["start", "inbound", "hello"],
        ["hello", "next", "menu"],
      ],
    });
    const { document, status, diff } = diffCanvas(before, after);
    expect(status).toEqual({ menu: "added", bye: "removed", hello: "changed" });
    expect(document.nodes.map((n) => n.id).sort()).toEqual(["bye", "hello", "menu", "start"]);
    expect(document.edges.some((e) => e.id.startsWith("removed:") && e.target === "bye")).toBe(true);
    expect(diff.nodes.changed[0]!.changes[0]!.path).toEqual(["params", "text", "en-US"]);
    expect(describePath(["params", "options", 0, "label"])).toBe("options › 1 › label");
    expect(describePath(["params", "options", 0, "dtmf"], "menu")).toBe("Options › 1 › Key");
    expect(describePath(["params", "prompt", "text", "en-US"], "menu")).toBe("Prompt › Text › en-US");
  });
});

describe("the diff store", () => {
  // Version 1: sales goes to `a`; version 2: sales goes to `b`. Both published cleanly.
  const versions = () => {
    const before = menuWithTwoBranches();
    const after = structuredClone(before);
    after.edges = after.edges.map((e) => (e.sourcePort === "sales" ? { ...e, target: "b" } : e));
    return { before, after };
  };

  it("reports the newer version's problems only, never one made by drawing both versions at once", () => {
    const { before, after } = versions();
    const store = diffStore(diffCanvas(before, after));
    const own = createFlowStore(after)
      .getState()
      .problems.map((p) => p.code);
    expect(store.getState().problems.map((p) => p.code)).toEqual(own);
    expect(store.getState().problems.some((p) => /connected twice/.test(p.message))).toBe(false);
    expect(store.getState().readOnly).toBe(true);
  });

  it("marks a changed connection as one removed and one added edge, both on the canvas", () => {
    const { before, after } = versions();
    const { edges, edgeDiffStatus } = diffStore(diffCanvas(before, after)).getState();
    const sales = edges.filter((e) => e.source === "menu" && e.sourceHandle === "sales");
    expect(sales.map((e) => [e.target, edgeDiffStatus?.[e.id]]).sort()).toEqual([
      ["a", "removed"],
      ["b", "added"],
    ]);
    expect(edgeDiffStatus?.["start.inbound"]).toBeUndefined();
  });
});
