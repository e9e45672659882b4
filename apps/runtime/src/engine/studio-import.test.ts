import { describe, expect, test } from "vitest";
import { importTwilioStudio, renderScreenPop, type AgentViewInput } from "@ringflow/flow-schema";
import { studioCorpus, studioIvrFixture } from "@ringflow/flow-schema/testing";
import { commandTypes, said, testCall, traceLines } from "./test-kit.ts";

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

/**
 * The corpus's caller paths (packages/flow-schema/src/import/fixtures/CALLER-PATHS.md), written from Studio's
 * documentation before the importer changed, run on the engine.
 */
describe("Studio corpus: order status by voice or keypad", () => {
  const { document } = importTwilioStudio(studioCorpus.orderStatusSpeech);
  const question = {
    type: "gather",
    turn: 1,
    input: ["dtmf", "speech"],
    timeoutSeconds: 5,
    numDigits: 6,
    finishOnKey: "#",
    language: "en-US",
    speechTimeoutSeconds: 3,
    speechModel: "numbers_and_commands",
    prompts: [
      {
        type: "say",
        text: "Please say your order number, or enter it on the keypad.",
        language: "en-US",
        ssml: false,
        loop: 1,
        voice: "Polly.Joanna",
      },
    ],
  };
  const getRequest = (url: string) => ({
    type: "http.request",
    turn: 2,
    requestId: "CA1:2",
    method: "GET",
    url,
    headers: {},
    timeoutSeconds: 10,
  });

  test("A: the Spanish welcome, then the English question listening in English (3 s of silence, numbers and commands); keys reach the status service, encoded", () => {
    const call = testCall(document);
    expect(call.commands).toEqual([{ ...said("Bienvenido a Acme.", "es-MX"), voice: "Polly.Mia" }, question]);
    call.send({ type: "gather.result", digits: "123456" });
    expect(call.commands).toEqual([
      getRequest("https://orders.acme.example.com/status?order=123456&from=%2B14155550100"),
    ]);
    call.send({ type: "http.response", requestId: "CA1:2", status: 200, body: { status: "shipped" } });
    expect(call.commands).toEqual([
      { ...said("Order 123456 is shipped."), voice: "Polly.Joanna" },
      { type: "hangup", reason: `"next" of tell_digits is not connected` },
    ]);
  });

  test("B: speech takes the speech path; spaces and & survive the query string", () => {
    const call = testCall(document);
    call.send({ type: "gather.result", speech: "order 12 & 13", confidence: 0.9 });
    expect(call.commands).toEqual([
      getRequest(
        "https://orders.acme.example.com/search?source=ivr&q=order%2012%20%26%2013&from=%2B14155550100",
      ),
    ]);
    call.send({ type: "http.response", requestId: "CA1:2", status: 200, body: { status: "packed" } });
    expect(call.commands[0]).toEqual({
      ...said("We found your order. It is packed."),
      voice: "Polly.Joanna",
    });
  });

  test("C: a failed request with no next ends the call without a word, as in Studio", () => {
    const call = testCall(document);
    call.send({ type: "gather.result", digits: "123456" });
    call.send({ type: "http.response", requestId: "CA1:2", status: 500, body: "oops" });
    expect(commandTypes(call.commands)).toEqual(["hangup"]);
    expect(call.state.status).toBe("ended");
  });

  test("D: silence hears goodbye", () => {
    const call = testCall(document);
    call.send({ type: "gather.timeout" });
    expect(call.commands).toEqual([
      { ...said("We did not hear anything. Goodbye."), voice: "Polly.Joanna" },
      { type: "hangup", reason: `"next" of bye is not connected` },
    ]);
  });
});

describe("Studio corpus: support line with agent, queue and voicemail", () => {
  const { document } = importTwilioStudio(studioCorpus.supportCallback);
  const dial = {
    type: "dial",
    turn: 1,
    target: { type: "phone", value: "+14155550123" },
    callerId: "+14155550100",
    timeoutSeconds: 20,
    record: false,
  };

  test("A: unset variables are false in Liquid; SSML is spoken as SSML; a completed call is thanked", () => {
    const call = testCall(document);
    expect(call.commands).toEqual([
      { ...said("Welcome to Acme support."), voice: "Polly.Joanna" },
      {
        ...said(`<speak>Please hold.<break time="1s"/>Connecting you to an agent.</speak>`),
        ssml: true,
        voice: "Polly.Joanna-Neural",
      },
      dial,
    ]);
    call.send({ type: "dial.result", status: "answered", durationSeconds: 95 });
    expect(call.commands).toEqual([
      { ...said("Thanks for talking to us. Goodbye."), voice: "Polly.Joanna" },
      { type: "hangup", reason: `"next" of thanks is not connected` },
    ]);
  });

  test("B: a busy agent sends the caller to the queue at Ringflow's highest priority", () => {
    const call = testCall(document);
    call.send({ type: "dial.result", status: "busy" });
    expect(call.commands).toMatchObject([
      { type: "enqueue", queue: "support", priority: 100, maxWaitSeconds: 300 },
    ]);
    expect(call.state.frame.vars).toMatchObject({ was_busy: "yes" });
    call.send({ type: "enqueue.result", status: "bridged", waitSeconds: 40 });
    expect(commandTypes(call.commands)).toEqual(["hangup"]);
  });

  test("C: no answer: voicemail, then the call-back promise without the busy apology", () => {
    const call = testCall(document);
    call.send({ type: "dial.result", status: "no-answer" });
    expect(call.commands).toMatchObject([
      { type: "record", maxLengthSeconds: 120, transcribe: true, playBeep: true, finishOnKey: "#" },
    ]);
    call.send({ type: "record.result", url: "https://rec.example.com/m.wav", durationSeconds: 12 });
    expect(call.commands[0]).toEqual({ ...said("We will call you back."), voice: "Polly.Joanna" });
  });
});

describe("Studio corpus: Flex and outbound calls", () => {
  const { document } = importTwilioStudio(studioCorpus.flexAndOutbound);

  test("A: inbound callers go through the media stream widget to the Flex workflow's queue; the agent sees the task attributes", () => {
    const call = testCall(document);
    expect(call.commands).toMatchObject([
      { type: "enqueue", queue: "WW11111111111111111111111111111111", priority: 10, maxWaitSeconds: 600 },
    ]);
    const queue = document.nodes.find((n) => n.id === call.state.waiting?.nodeId);
    const pop = renderScreenPop({
      view: (queue?.params as { agentView?: AgentViewInput }).agentView,
      context: { call: { from: call.state.from, to: call.state.to }, vars: call.state.frame.vars },
    });
    expect(pop.fields).toEqual([
      { label: "Name", text: expect.stringMatching(/^\+1 ?\(?415\)?[ -]?555[ -]?0100$/), format: "phone" },
      { label: "Type", text: "inbound", format: "text" },
    ]);
    expect(pop.problems).toEqual([]);
  });

  test("B: Flex refusing the call: the apology, then the legacy TwiML redirect ends the call", () => {
    const call = testCall(document);
    call.send({ type: "enqueue.result", status: "overflow" });
    expect(call.commands).toMatchObject([said("All our agents are busy."), { type: "hangup" }]);
  });

  test("C: the REST-triggered reminder runs on the API's outbound call, texts the contact, then ends at the payment", () => {
    const call = testCall(document, {
      call: { direction: "outbound", to: "+14155550177", variables: { when: "Monday at 3 pm" } },
    });
    expect(call.commands).toMatchObject([
      said("This is Acme reminding you of your appointment on Monday at 3 pm."),
      { type: "sms.send", to: "+14155550177", body: "Your appointment: Monday at 3 pm" },
    ]);
    const waiting = call.state.waiting;
    call.send({ type: "sms.result", requestId: waiting?.requestId ?? "", status: "sent", messageId: "SM1" });
    // Payment capture is not imported (PCI): the marked hang-up ends the call, as the report says.
    expect(call.commands).toMatchObject([{ type: "hangup" }]);
  });
});

describe("Studio corpus: appointment confirmation by text (Send & Wait For Reply)", () => {
  const { document } = importTwilioStudio(studioCorpus.textAndReply);
  const greeting = said("We are texting you to confirm your appointment. Please reply YES or NO.");
  const text = {
    type: "sms.send",
    turn: 1,
    requestId: "CA1:sms:1",
    to: "+14155550100",
    body: "Acme: reply YES to confirm your appointment, or NO to cancel it.",
  };

  test("A': the text goes to the caller and the flow goes on at once by No Reply (a reply cannot reach the call)", () => {
    const call = testCall(document);
    expect(call.commands).toEqual([greeting, text]);
    call.send({ type: "sms.result", requestId: "CA1:sms:1", status: "sent", messageId: "SM1" });
    expect(call.commands).toEqual([
      said("We did not get your reply. An agent will call you back."),
      { type: "hangup", reason: `"next" of no_reply is not connected` },
    ]);
  });

  test("C: a text the provider refuses takes the delivery-failure path", () => {
    const call = testCall(document);
    call.send({ type: "sms.result", requestId: "CA1:sms:1", status: "failed", error: "unreachable" });
    expect(call.commands).toEqual([
      said("We could not text this number. An agent will call you back."),
      { type: "hangup", reason: `"next" of not_delivered is not connected` },
    ]);
  });
});

describe("Studio corpus: Liquid forms on unset and set variables", () => {
  const { document } = importTwilioStudio(studioCorpus.liquidForms);

  test("A: truthiness, nil, blank, unless, and/or and default say what Studio's Liquid says", () => {
    const call = testCall(document);
    expect(call.commands[0]).toEqual(
      said(
        "Unset is false. Unset is nil. Nil is unset. Unset is blank. Known is yes. One of them is set. Hello stranger.",
      ),
    );
  });

  test("B: a variable Studio never set is empty text in Ringflow, so == empty is true for it too (the report says so)", () => {
    const call = testCall(document);
    expect(call.commands[1]).toEqual(said("Unset is empty. Cleared is empty."));
  });
});

describe("Studio corpus: virtual agent with an Autopilot fallback", () => {
  test("the caller hears the welcome, then the marked hang-up ends the call where the virtual agent was", () => {
    const call = testCall(importTwilioStudio(studioCorpus.virtualAgent).document);
    expect(call.commands).toEqual([
      said("Welcome to Acme. Our assistant will help you."),
      { type: "hangup", reason: "Studio widget assistant (connect-virtual-agent) was not imported" },
    ]);
  });
});
