import { describe, expect, it } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { describePath, diffCanvas } from "./diff-canvas.ts";

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
