import { describe, expect, test } from "vitest";
import { buildFlow } from "@ringflow/flow-schema/testing";
import { exitVia, single, testCall, traceLines } from "../test-kit.ts";

const transfer = single("transfer", {
  target: { type: "sip", value: "sip:{{call.to}}@pbx.example.com" },
  callerId: "+18005550199",
  timeoutSeconds: 20,
});

describe("transfer", () => {
  test("dials the rendered target and waits for the result", () => {
    const call = testCall(transfer);
    expect(call.commands).toEqual([
      {
        type: "dial",
        turn: 1,
        target: { type: "sip", value: "sip:+18005550199@pbx.example.com" },
        callerId: "+18005550199",
        timeoutSeconds: 20,
        record: false,
      },
    ]);
    expect(traceLines(call.trace)[1]).toBe("node enter: dialling sip sip:+18005550199@pbx.example.com");
  });

  test.each([
    ["answered", "via answered"],
    ["no-answer", "via noAnswer"],
    ["busy", "via busy"],
    ["failed", "via failed"],
    ["canceled", "via failed"],
  ] as const)("%s leaves %s", (status, via) => {
    const call = testCall(transfer);
    call.send({ type: "dial.result", status, durationSeconds: 42 });
    expect(exitVia(call.commands)).toBe(via);
    expect(call.state.frame.nodes.node).toEqual({ status, durationSeconds: 42 });
  });

  test("a failed transfer without a Failed connection goes to error handling", () => {
    const doc = buildFlow({
      nodes: { start: ["start"], call: ["transfer", { target: { type: "phone", value: "+14155550111" } }] },
      edges: [["start", "inbound", "call"]],
    });
    const call = testCall(doc);
    call.send({ type: "dial.result", status: "failed" });
    expect(call.commands.map((c) => c.type)).toEqual(["say", "hangup"]);
    expect(call.state.endReason).toBe("error not handled by the flow: the transfer failed");
  });

  test("record is only set when consent allows it", () => {
    const recorded = single("transfer", { target: { type: "phone", value: "+14155550111" }, record: true });
    expect(testCall(recorded, { call: { callerState: "TX" } }).commands[0]).toMatchObject({ record: true });
    const blocked = testCall(recorded, { call: { callerState: "CA" } });
    expect(blocked.commands[0]).toMatchObject({ record: false });
    expect(traceLines(blocked.trace)[1]).toBe(
      "node enter: dialling phone +14155550111 (not recorded: recording consent missing)",
    );
  });
});
