import { describe, expect, test } from "vitest";
import { importTwilioStudio } from "@ringflow/flow-schema";
import { studioIvrFixture } from "@ringflow/flow-schema/testing";
import { testCall, traceLines } from "./test-kit.ts";

/** The imported Studio IVR runs as the Studio flow would: same prompts, same branches, same Liquid values. */
describe("an imported Twilio Studio flow on the engine", () => {
  const { document } = importTwilioStudio(studioIvrFixture);

  test("DTMF: support -> CRM lookup -> gold tier -> VIP SIP line", () => {
    const call = testCall(document);
    expect(call.commands.map((c) => c.type)).toEqual(["say", "gather"]);
    expect(call.commands[0]).toMatchObject({
      text: "Thanks for calling Acme from +14155550100.",
      voice: "Polly.Joanna",
    });
    call.send({ type: "gather.result", digits: "2" });
    expect(call.commands).toEqual([
      {
        type: "http.request",
        turn: 2,
        requestId: "CA1:2",
        method: "POST",
        url: "https://crm.acme.example.com/lookup",
        headers: { "Content-Type": "application/json" },
        body: `{"phone": "+14155550100", "flow": ""}`,
        timeoutSeconds: 10,
      },
    ]);
    call.send({
      type: "http.response",
      requestId: "CA1:2",
      status: 200,
      body: { tier: "gold", ticket: "T-9" },
    });
    expect(call.commands).toEqual([
      {
        type: "dial",
        turn: 3,
        target: { type: "sip", value: "sip:vip@pbx.acme.example.com" },
        timeoutSeconds: 30,
        record: false,
      },
    ]);
    expect(traceLines(call.trace)).toEqual([
      "support_lookup resume -> success: HTTP 200",
      `split_tier enter -> Gold: "gold" equals "gold" (condition Gold)`,
      "vip_line enter: dialling sip sip:vip@pbx.acme.example.com",
    ]);
  });

  test("speech: 'I need help' reaches support; a silver customer hears the ticket read from the response", () => {
    const call = testCall(document);
    call.send({ type: "gather.result", speech: "I need help with my bill" });
    call.send({
      type: "http.response",
      requestId: "CA1:2",
      status: 200,
      body: JSON.stringify({ tier: "silver", ticket: "T-42" }),
    });
    expect(call.commands[0]).toMatchObject({ type: "say", text: "Your ticket number is T-42." });
    expect(call.commands[1]).toMatchObject({
      type: "record",
      mailbox: "voicemail",
      transcribe: true,
      maxLengthSeconds: 120,
    });
    expect(call.state.frame.vars).toEqual({ ticket: "T-42", lookup_status: "200" });
    call.send({ type: "record.result", url: "https://rec.example.com/m.wav", durationSeconds: 7 });
    expect(call.commands).toEqual([
      { type: "say", text: "Thanks, we got your 7 second message.", language: "en-US", ssml: false, loop: 1 },
      { type: "hangup", reason: `"next" of thanks is not connected` },
    ]);
  });

  test("nested menu: sales -> existing customer -> queue; an invalid key replays the main menu after the apology", () => {
    const call = testCall(document);
    call.send({ type: "gather.result", digits: "7" });
    expect(call.commands.map((c) => c.type)).toEqual(["say", "gather"]);
    expect(call.commands[0]).toMatchObject({ text: "Sorry, that is not an option." });
    call.send({ type: "gather.result", speech: "sales please" });
    expect(call.commands).toEqual([
      {
        type: "gather",
        turn: 3,
        input: ["dtmf"],
        timeoutSeconds: 5,
        numDigits: 1,
        language: "en-US",
        prompts: [{ type: "play", url: "https://acme.example.com/audio/sales-menu.mp3", loop: 1 }],
      },
    ]);
    call.send({ type: "gather.result", digits: "2" });
    expect(call.commands[0]).toMatchObject({
      type: "enqueue",
      queue: "sales",
      priority: 5,
      maxWaitSeconds: 900,
    });
  });

  test("the recorded sales line is not recorded for a California caller: Studio had no consent step", () => {
    const call = testCall(document, { call: { callerState: "CA" } });
    call.send({ type: "gather.result", digits: "1" });
    call.send({ type: "gather.result", digits: "1" });
    expect(call.commands).toEqual([
      {
        type: "dial",
        turn: 3,
        target: { type: "phone", value: "+14155550123" },
        callerId: "+14155550100",
        timeoutSeconds: 25,
        record: false,
      },
    ]);
    const texas = testCall(document, { call: { callerState: "TX" } });
    texas.send({ type: "gather.result", digits: "1" });
    texas.send({ type: "gather.result", digits: "1" });
    expect(texas.commands[0]).toMatchObject({ type: "dial", record: true });
  });
});
