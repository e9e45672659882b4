import { describe, expect, it } from "vitest";
import { buildFlow } from "../testing/index.ts";
import { diffFlows } from "./diff-flows.ts";

const base = buildFlow({
  nodes: {
    start: ["start"],
    hello: ["say", { text: { "en-US": "Hello" } }],
    bye: ["hangup"],
  },
  edges: [
    ["start", "inbound", "hello"],
    ["hello", "next", "bye"],
  ],
});

describe("diffFlows", () => {
  it("finds nothing between a document and itself", () => {
    const diff = diffFlows(base, structuredClone(base));
    expect(diff.identical).toBe(true);
    expect(diff.nodes).toEqual({ added: [], removed: [], changed: [] });
  });

  it("ignores canvas positions and edge ids", () => {
    const moved = structuredClone(base);
    moved.nodes[1]!.position = { x: 999, y: -5 };
    moved.edges[0]!.id = "renamed-edge";
    expect(diffFlows(base, moved).identical).toBe(true);
  });

  it("reports nodes added and removed, edges by what they connect, and params field by field", () => {
    const next = structuredClone(base);
    next.nodes = next.nodes.filter((node) => node.id !== "bye");
    next.nodes.push({
      id: "menu",
      kind: "say",
      kindVersion: 2,
      position: { x: 0, y: 0 },
      params: { text: { "en-US": "Menu" } },
    });
    next.nodes[1]!.params = { text: { "en-US": "Welcome", "es-MX": "Bienvenido" } };
    next.nodes[1]!.label = "Greeting";
    next.edges = [next.edges[0]!, { id: "x", source: "hello", sourcePort: "next", target: "menu" }];

    const diff = diffFlows(base, next);
    expect(diff.identical).toBe(false);
    expect(diff.nodes.added.map((n) => n.id)).toEqual(["menu"]);
    expect(diff.nodes.removed.map((n) => n.id)).toEqual(["bye"]);
    expect(diff.nodes.changed).toEqual([
      {
        id: "hello",
        changes: [
          { path: ["label"], before: undefined, after: "Greeting" },
          { path: ["params", "text", "en-US"], before: "Hello", after: "Welcome" },
          { path: ["params", "text", "es-MX"], before: undefined, after: "Bienvenido" },
        ],
      },
    ]);
    expect(diff.edges.added).toEqual([{ id: "x", source: "hello", sourcePort: "next", target: "menu" }]);
    expect(diff.edges.removed.map((e) => [e.source, e.sourcePort, e.target])).toEqual([
      ["hello", "next", "bye"],
    ]);
  });

  it("reports document, language, setting and variable changes", () => {
    const next = structuredClone(base);
    next.name = "Renamed";
    next.languages = { default: "en-US", supported: ["en-US", "fr-FR"] };
    next.settings = { ...next.settings, maxStepsWithoutWait: 50 };
    next.variables = [{ name: "tier", type: "string", default: "gold" }];
    const withVariable = {
      ...structuredClone(base),
      variables: [{ name: "tier", type: "string" as const, default: "silver" }],
    };

    const diff = diffFlows(base, next);
    expect(diff.document).toEqual([{ path: ["name"], before: "Test flow", after: "Renamed" }]);
    expect(diff.languages).toEqual([{ path: ["supported", 1], before: undefined, after: "fr-FR" }]);
    expect(diff.settings).toEqual([{ path: ["maxStepsWithoutWait"], before: 200, after: 50 }]);
    expect(diff.variables.added.map((v) => v.name)).toEqual(["tier"]);
    expect(diffFlows(withVariable, next).variables.changed).toEqual([
      { name: "tier", changes: [{ path: ["default"], before: "silver", after: "gold" }] },
    ]);
    expect(diffFlows(next, base).variables.removed.map((v) => v.name)).toEqual(["tier"]);
  });
});
