import { describe, expect, test } from "vitest";
import { single, testCall, traceLines } from "../test-kit.ts";

describe("hangup", () => {
  test("hangs up with the rendered reason and ends the call", () => {
    const call = testCall(single("hangup", { reason: "done for {{call.from}}" }));
    expect(call.commands).toEqual([{ type: "hangup", reason: "done for +14155550100" }]);
    expect(traceLines(call.trace).slice(1)).toEqual([
      "node enter: done for +14155550100",
      "node end: call ended: done for +14155550100",
    ]);
    expect(call.state).toMatchObject({ status: "ended", waiting: null, endReason: "done for +14155550100" });
  });
});
