import { buildFlow } from "@ringflow/flow-schema/testing";
import { describe, expect, it } from "vitest";
import { describeEnding } from "./call-words.ts";

describe("a test call's ending in words", () => {
  const flow = buildFlow({
    nodes: { start: ["start"], transfer: ["transfer", { target: { type: "phone", value: "+14155550111" } }] },
  });

  it("names the exit and the block, not their ids", () => {
    const said = describeEnding('"noAnswer" of transfer is not connected', flow);
    expect(said).toBe("the “No answer” exit of the Transfer block leads nowhere, so the call hangs up");
    flow.nodes[1]!.label = "Sales desk";
    expect(describeEnding('"noAnswer" of transfer is not connected', flow)).toContain("of “Sales desk”");
  });

  it("keeps a reason that is already a sentence", () => {
    expect(describeEnding("the caller hung up", flow)).toBe("the caller hung up");
  });
});
