import { buildFlow } from "@ringflow/flow-schema/testing";
import { describe, expect, it } from "vitest";
import { recoverDraft, sameDocument } from "./draft-journal.ts";

const draft = () =>
  buildFlow({
    nodes: { start: ["start"], hello: ["say", { text: { "en-US": "Hello" } }] },
    edges: [["start", "inbound", "hello"]],
  });
const edited = () => {
  const doc = draft();
  doc.nodes[1]!.params = { ...doc.nodes[1]!.params, text: { "en-US": "Typed just before the reload" } };
  return doc;
};

describe("draft journal recovery", () => {
  it("replays unsaved work made on the draft the API still has", () => {
    expect(recoverDraft({ revision: 4, document: edited() }, { revision: 4, document: draft() })).toEqual({
      kind: "replay",
      document: edited(),
    });
  });

  it("asks when the draft was saved elsewhere since the unsaved work was made", () => {
    expect(recoverDraft({ revision: 3, document: edited() }, { revision: 4, document: draft() }).kind).toBe(
      "conflict",
    );
  });

  it("has nothing to do when the API already stored it, whatever the order of keys", () => {
    const reordered = Object.fromEntries(Object.entries(edited()).reverse()) as ReturnType<typeof draft>;
    expect(sameDocument(reordered, edited())).toBe(true);
    expect(recoverDraft({ revision: 3, document: edited() }, { revision: 4, document: reordered }).kind).toBe(
      "none",
    );
    expect(recoverDraft(null, { revision: 4, document: draft() }).kind).toBe("none");
  });
});
