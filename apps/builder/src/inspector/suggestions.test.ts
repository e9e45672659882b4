import { describe, expect, it } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { inWords, liquidSuggestions } from "./suggestions.ts";

describe("liquidSuggestions", () => {
  const doc = buildFlow({
    nodes: { start: ["start"], menu: ["menu"], thanks: ["say"], elsewhere: ["collect"] },
    edges: [
      ["start", "inbound", "menu"],
      ["menu", "sales", "thanks"],
    ],
  });
  doc.nodes.find((n) => n.id === "menu")!.label = "Main menu";

  it("says an earlier block's answers in words, by the block's name", () => {
    const offered = liquidSuggestions(doc, "thanks");
    expect(offered).toContainEqual({
      name: "nodes.menu.digits",
      words: "what the caller pressed in Main menu",
      group: "Answers from earlier blocks",
    });
    expect(offered.find((s) => s.name === "call.from")?.words).toBe("the caller's phone number");
    // A block the call cannot have passed through is not offered.
    expect(offered.some((s) => s.name.startsWith("nodes.elsewhere."))).toBe(false);
  });

  it("reads a template back in words", () => {
    const offered = liquidSuggestions(doc, "thanks");
    expect(inWords("You pressed {{ nodes.menu.digits }} from {{call.from}}.", offered)).toBe(
      "You pressed «what the caller pressed in Main menu» from «the caller's phone number».",
    );
    expect(inWords("{{ unknown.thing }}", offered)).toBe("{{ unknown.thing }}");
  });
});
