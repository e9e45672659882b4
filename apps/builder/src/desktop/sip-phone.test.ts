import { describe, expect, it } from "vitest";
import { CALL_ID_HEADER, sipCallParameters, sipTarget } from "./sip-phone.ts";

describe("the browser phone on Asterisk", () => {
  it("reads our call's id from the INVITE the runtime rang the agent with", () => {
    const headers: Record<string, string> = { [CALL_ID_HEADER]: " 0192-abc " };
    expect(sipCallParameters((name) => headers[name])).toEqual(new Map([["callId", "0192-abc"]]));
    expect(sipCallParameters(() => undefined)).toEqual(new Map());
  });

  it("dials numbers and extensions at the PBX it is registered to", () => {
    expect(sipTarget("+1 (415) 555-0100", "sip:1001@pbx.example.com")).toBe(
      "sip:+14155550100@pbx.example.com",
    );
    expect(sipTarget("1002", "sip:1001@pbx.example.com")).toBe("sip:1002@pbx.example.com");
  });
});
