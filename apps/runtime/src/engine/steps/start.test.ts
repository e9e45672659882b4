import { describe, expect, test } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { exitVia, single, testCall, traceLines } from "../test-kit.ts";

describe("start", () => {
  test("inbound calls leave by the inbound port, outbound calls by the outbound port", () => {
    const doc = buildFlow({
      nodes: {
        start: ["start", { accepts: ["inbound", "outbound"] }],
        a: ["hangup", { reason: "via inbound" }],
        b: ["hangup", { reason: "via outbound" }],
      },
      edges: [
        ["start", "inbound", "a"],
        ["start", "outbound", "b"],
      ],
    });
    expect(exitVia(testCall(doc).commands)).toBe("via inbound");
    const outbound = testCall(doc, { call: { direction: "outbound" } });
    expect(exitVia(outbound.commands)).toBe("via outbound");
    expect(traceLines(outbound.trace)[0]).toBe(
      "start enter -> outbound: outbound call from +14155550100 to +18005550199",
    );
  });

  test("a call of a direction the flow does not accept is hung up", () => {
    const call = testCall(single("say"), { call: {} });
    expect(exitVia(call.commands)).toBe("via next");
    const inboundOnly = buildFlow({
      nodes: { start: ["start"], bye: ["hangup"] },
      edges: [["start", "inbound", "bye"]],
    });
    const outbound = testCall(inboundOnly, { call: { direction: "outbound" } });
    expect(outbound.commands).toEqual([{ type: "hangup", reason: "flow does not accept outbound calls" }]);
    expect(outbound.state.endReason).toBe("this flow does not accept outbound calls");
  });

  test("variables passed at the start override defaults; undeclared ones are dropped", () => {
    const doc = buildFlow({
      variables: [{ name: "customer", type: "string", default: "unknown" }],
      nodes: { start: ["start"], hi: ["say", { text: { "en-US": "Hi {{vars.customer}}" } }] },
      edges: [["start", "inbound", "hi"]],
    });
    const call = testCall(doc, { call: { variables: { customer: "Ada", other: 1 } } });
    expect(call.commands[0]).toMatchObject({ text: "Hi Ada" });
    expect(call.state.frame.vars).toEqual({ customer: "Ada" });
  });
});
