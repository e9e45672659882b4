import { describe, expect, it } from "vitest";
import type { TraceEntry } from "@ringflow/flow-schema";
import type { CanvasNode } from "../store/canvas-types.ts";
import { describeTraceEntry, traceNote } from "./trace-words.ts";

const menu: CanvasNode = {
  id: "menu",
  type: "step",
  position: { x: 0, y: 0 },
  data: {
    kind: "menu",
    kindVersion: 1,
    label: "Main menu",
    params: {
      prompt: { type: "say", text: { "en-US": "Press 1." } },
      options: [{ id: "sales", label: "Sales", dtmf: "1" }],
    },
  },
};
const entry = (patch: Partial<TraceEntry>): TraceEntry => ({
  at: 0,
  turn: 0,
  flowId: null,
  nodeId: "menu",
  kind: "menu",
  type: "enter",
  port: null,
  variables: {},
  reason: "",
  ...patch,
});

describe("describeTraceEntry", () => {
  it("names blocks and exits as the canvas shows them", () => {
    expect(describeTraceEntry(entry({ type: "wait" }), [menu])).toBe("Waited for the caller in Main menu");
    expect(describeTraceEntry(entry({ type: "resume", port: "sales" }), [menu])).toBe(
      "Went on from Main menu by “Sales”",
    );
    expect(describeTraceEntry(entry({ type: "end", nodeId: null, kind: null }), [menu])).toBe(
      "The call ended",
    );
  });

  it("names a subflow's block by its kind, not an id from another flow", () => {
    expect(describeTraceEntry(entry({ flowId: "other", nodeId: "say9", kind: "say" }), [menu])).toBe(
      "Reached a say block",
    );
  });

  it("says the engine's note in words where it names an uploaded file, and leaves the end to the transcript", () => {
    expect(traceNote(entry({ reason: "played asset:384013e2-7d67-450e-b507-732352a8cc0a" }))).toBe(
      "played an uploaded audio file",
    );
    expect(
      traceNote(entry({ type: "end", reason: 'call ended: "next" of hello is not connected' })),
    ).toBeNull();
  });
});
