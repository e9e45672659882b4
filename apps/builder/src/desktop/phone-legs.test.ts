import type { Call as VoiceCall } from "@twilio/voice-sdk";
import { describe, expect, it } from "vitest";
import { PhoneLegs } from "./phone-legs.ts";
import { sipCallParameters } from "./sip-phone.ts";
import { wrapCall } from "./softphone.ts";

/**
 * A ringing call as Twilio's Voice SDK 2.x hands it over: Twilio turns the query of the `client:` address the
 * runtime rang (`client:ada?callId=…`) into `customParameters`. What the desktop did to it is kept.
 */
function sdkCall(customParameters: Record<string, string>) {
  const done: string[] = [];
  const handlers = new Map<string, () => void>();
  const call = {
    parameters: { CallSid: "CA0123456789abcdef0123456789abcdef" },
    customParameters: new Map(Object.entries(customParameters)),
    accept: () => done.push("accept"),
    reject: () => {
      done.push("reject");
      handlers.get("reject")?.();
    },
    disconnect: () => {
      done.push("disconnect");
      handlers.get("disconnect")?.();
    },
    on: (event: string, handler: () => void) => handlers.set(event, handler),
  };
  return { leg: wrapCall(call as unknown as VoiceCall), done, end: () => handlers.get("disconnect")?.() };
}

describe("the browser phone matches each leg to our call", () => {
  it("keeps a leg by the call id the runtime attached, for Answer on that call's offer", () => {
    const legs = new PhoneLegs();
    const offered = sdkCall({ callId: "call-1" });
    const other = sdkCall({ callId: "call-2" });
    legs.incoming(offered.leg);
    legs.incoming(other.leg);
    expect(legs.get("call-1")).toBe(offered.leg);
    expect(legs.get("call-1")?.sid).toBe("CA0123456789abcdef0123456789abcdef");
    expect(legs.get("call-2")).toBe(other.leg);
    expect(legs.get("call-3")).toBeUndefined();
    // Nothing is answered until the agent answers the offer.
    expect([...offered.done, ...other.done]).toEqual([]);
    // The caller gave up: the leg ends and is forgotten.
    offered.end();
    expect(legs.get("call-1")).toBeUndefined();
    expect(legs.get("call-2")).toBe(other.leg);
  });

  it("turns away a leg naming no call, unless the page asked for one (a supervisor listening in)", () => {
    const legs = new PhoneLegs();
    const stray = sdkCall({});
    legs.incoming(stray.leg);
    expect(stray.done).toEqual(["reject"]);
    const listening = sdkCall({});
    const taken: unknown[] = [];
    legs.incoming(listening.leg, (leg) => taken.push(leg));
    expect(taken).toEqual([listening.leg]);
    expect(listening.done).toEqual([]);
  });

  it("answers the agent's own leg of a call they placed, whether it rang before or after the API answered", () => {
    const legs = new PhoneLegs();
    const early = sdkCall({ callId: "placed-1" });
    legs.incoming(early.leg);
    expect(early.done).toEqual([]);
    legs.placedCall("placed-1");
    expect(early.done).toEqual(["accept"]);

    legs.placedCall("placed-2");
    const late = sdkCall({ callId: "placed-2" });
    legs.incoming(late.leg);
    expect(late.done).toEqual(["accept"]);
    // Only once: an offer later under another id is not answered by itself.
    const offer = sdkCall({ callId: "call-9" });
    legs.incoming(offer.leg);
    expect(offer.done).toEqual([]);
  });

  it("lists a leg a flow's Transfer block rang (its <Parameter name=callId>) as a call of its own, with no offer", () => {
    const legs = new PhoneLegs();
    const queued = sdkCall({ callId: "call-1" });
    const transferred = sdkCall({ callId: "call-7" });
    legs.incoming(queued.leg);
    legs.incoming(transferred.leg);
    // The feed offers call-1 to this agent; call-7 it does not know: that one rings on its own.
    expect(legs.direct(new Set(["call-1"]))).toEqual([
      { callId: "call-7", leg: transferred.leg, answered: false },
    ]);
    legs.answer("call-7");
    expect(transferred.done).toEqual(["accept"]);
    expect(legs.direct(new Set(["call-1"]))).toMatchObject([{ callId: "call-7", answered: true }]);
    transferred.end();
    expect(legs.direct(new Set(["call-1"]))).toEqual([]);
    expect(queued.done).toEqual([]);
    // The agent's own click-to-call leg is theirs to talk on, not a call put through to them.
    legs.placedCall("placed-1");
    legs.incoming(sdkCall({ callId: "placed-1" }).leg);
    expect(legs.direct(new Set())).toMatchObject([{ callId: "call-1" }]);
  });

  it("reads the call id a Twilio <Sip> leg carries as an x- header of its INVITE", () => {
    // What the runtime's <Sip> URI asks Twilio to send: sip:ana@pbx.example?X-Ringflow-Call-Id=call-7.
    const uri = new URL("sip:ana@pbx.example?X-Ringflow-Call-Id=call-7");
    const headers = new Map([...uri.searchParams].map(([name, value]) => [name.toLowerCase(), value]));
    const parameters = sipCallParameters((name) => headers.get(name.toLowerCase()));
    expect(parameters).toEqual(new Map([["callId", "call-7"]]));
  });
});
