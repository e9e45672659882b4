import { describe, expect, it } from "vitest";
import type { FlowDocument } from "@ringflow/flow-schema";
import { dropOffs, promptSeconds } from "./drop-offs.ts";

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
const document = {
  schemaVersion: 2,
  name: "Main",
  description: "",
  languages: { default: "en-US", supported: ["en-US"] },
  variables: [],
  nodes: [
    {
      id: "billing",
      kind: "menu",
      kindVersion: 1,
      label: "Billing menu",
      position: { x: 0, y: 0 },
      params: { prompt: { type: "say", text: { "en-US": words(102) } } },
    },
    {
      id: "hold",
      kind: "play",
      kindVersion: 1,
      position: { x: 0, y: 0 },
      params: { prompt: { type: "play", url: "https://x/a.mp3" } },
    },
    { id: "ok", kind: "say", kindVersion: 1, label: "Welcome", position: { x: 0, y: 0 }, params: {} },
  ],
  edges: [],
  settings: { maxStepsWithoutWait: 200, apology: {} },
} as FlowDocument;

describe("dropOffs", () => {
  it("says where at least 10% of callers hang up, worst first, with the prompt's length", () => {
    const out = dropOffs(
      [
        { nodeId: "billing", entered: 100, hungUp: 38, errors: 0, exits: {} },
        { nodeId: "hold", entered: 50, hungUp: 5, errors: 0, exits: {} }, // exactly 10%
        { nodeId: "ok", entered: 200, hungUp: 19, errors: 0, exits: {} }, // 9.5%: not called out
      ],
      document,
    );
    expect(out.map((d) => d.sentence)).toEqual([
      "38% of callers hang up in Billing menu — the prompt is 41 s long", // 102 words at 2.5 a second
      "10% of callers hang up in play",
    ]);
  });

  it("knows the length of spoken prompts only", () => {
    expect(promptSeconds(document.nodes[0]!)).toBe(41);
    expect(promptSeconds(document.nodes[1]!)).toBeNull();
  });
});
