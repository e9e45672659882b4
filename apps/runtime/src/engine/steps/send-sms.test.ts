import { describe, expect, test } from "vitest";
import { exitVia, single, testCall } from "../test-kit.ts";

const text = (overrides = {}) =>
  single("sendSms", {
    recipient: { type: "caller" },
    body: "Your code is {{call.from | slice: -4, 4}}.",
    ...overrides,
  });

describe("sendSms", () => {
  test("texts the person on the call and waits for the provider's answer", () => {
    const call = testCall(text());
    expect(call.commands).toEqual([
      { type: "sms.send", turn: 1, requestId: "CA1:sms:1", to: "+14155550100", body: "Your code is 0100." },
    ]);
    expect(call.state.waiting).toMatchObject({ for: "sms", requestId: "CA1:sms:1" });
    call.send({ type: "sms.result", requestId: "CA1:sms:1", status: "sent", messageId: "SM1" });
    expect(exitVia(call.commands)).toBe("via sent");
    expect(call.state.frame.nodes.node).toMatchObject({ status: "sent", messageId: "SM1", error: null });
  });

  test("on an outbound call the person on the call is the called party", () => {
    const call = testCall(text(), {
      call: { direction: "outbound", from: "+18005550199", to: "+14155550123" },
    });
    expect(call.commands[0]).toMatchObject({ type: "sms.send", to: "+14155550123" });
  });

  test("a refused text goes out by Not sent, with the provider's reason", () => {
    const call = testCall(text());
    call.send({ type: "sms.result", requestId: "CA1:sms:1", status: "failed", error: "not SMS-capable" });
    expect(exitVia(call.commands)).toBe("via failed");
    expect(call.state.frame.nodes.node).toMatchObject({ status: "failed", error: "not SMS-capable" });
  });

  test("a number that cannot take texts fails the node before anything is sent", () => {
    const call = testCall(text({ recipient: { type: "number", number: "call john" } }));
    expect(call.commands.some((c) => c.type === "sms.send")).toBe(false);
    expect(exitVia(call.commands)).toBe("via failed");
  });
});
