import { describe, expect, it } from "vitest";
import type { CallCommand } from "@ringflow/flow-schema";
import { parseTwiml } from "../../testing/twiml-parse.ts";
import { enteredCommand } from "./queue-twiml.ts";
import { createLogger } from "@ringflow/platform";
import type { Segment } from "../../calls/call-adapter.ts";
import type { CallMeta } from "../../calls/call-record.ts";
import { ASTERISK_CALL_ID_HEADER as CALL_ID_HEADER } from "@ringflow/flow-schema";
import { renderTwiml, type TwimlOptions } from "./twiml.ts";
import { twilioAdapter } from "./twilio-adapter.ts";
import { TwilioUrls } from "./urls.ts";

const options = { urls: new TwilioUrls("https://rt.example"), holdMusicUrl: "https://cdn.example/hold.mp3" };
const render = (...commands: CallCommand[]) => parseTwiml(renderTwiml(commands, options));

describe("commands -> TwiML", () => {
  it("says with language and voice, plays with loops, and hangs up", () => {
    const verbs = render(
      { type: "say", text: "Hola & bienvenido", language: "es-MX", voice: "Polly.Mia", ssml: false, loop: 2 },
      { type: "play", url: "https://cdn.example/a.mp3", loop: 3 },
      { type: "set-language", language: "es-MX" },
      { type: "hangup", reason: "done" },
    );
    expect(verbs).toEqual([
      {
        name: "Say",
        attributes: { language: "es-MX", voice: "Polly.Mia", loop: "2" },
        text: "Hola & bienvenido",
        children: [],
      },
      { name: "Play", attributes: { loop: "3" }, text: "https://cdn.example/a.mp3", children: [] },
      { name: "Hangup", attributes: {}, text: "", children: [] },
    ]);
  });

  it("turns SSML into <Say> children, keeping only elements Twilio knows and escaping text", () => {
    const xml = renderTwiml(
      [
        {
          type: "say",
          text: '<speak>Hello <break time="500ms"/><emphasis level="strong">you</emphasis> &amp; <audio src="x">me</audio> <say-as interpret-as="digits">123</say-as> 1 < 2</speak>',
          language: "en-US",
          voice: "Polly.Joanna",
          ssml: true,
          loop: 1,
        },
      ],
      options,
    );
    expect(xml).toContain(
      '<Say language="en-US" voice="Polly.Joanna">Hello <break time="500ms"/><emphasis level="strong">you</emphasis> &amp; me <say-as interpret-as="digits">123</say-as> 1 &lt; 2</Say>',
    );
  });

  it("gathers dtmf and speech with hints and timeouts, prompts inside, a no-input redirect after", () => {
    const [gather, redirect] = render({
      type: "gather",
      turn: 4,
      input: ["dtmf", "speech"],
      timeoutSeconds: 7,
      numDigits: 1,
      finishOnKey: "#",
      hints: ["sales", "support"],
      language: "en-GB",
      prompts: [
        { type: "say", text: "Choose", language: "en-GB", ssml: false, loop: 1 },
        { type: "play", url: "https://cdn.example/b.mp3", loop: 1 },
      ],
    });
    expect(gather?.attributes).toEqual({
      input: "dtmf speech",
      action: "https://rt.example/twilio/gather?turn=4",
      method: "POST",
      timeout: "7",
      language: "en-GB",
      actionOnEmptyResult: "false",
      numDigits: "1",
      finishOnKey: "#",
      hints: "sales,support",
      speechTimeout: "auto",
    });
    expect(gather?.children.map((c) => c.name)).toEqual(["Say", "Play"]);
    expect(redirect).toMatchObject({
      name: "Redirect",
      text: "https://rt.example/twilio/gather?turn=4&noInput=1",
    });
    const [speechOnly] = render({
      type: "gather",
      turn: 1,
      input: ["speech"],
      timeoutSeconds: 5,
      language: "en-US",
      prompts: [],
    });
    expect(speechOnly?.attributes.input).toBe("speech");
  });

  it("carries the node's speech settings: seconds of silence, the speech model and the listening language", () => {
    const [gather] = render({
      type: "gather",
      turn: 2,
      input: ["speech"],
      timeoutSeconds: 5,
      language: "fr-CA",
      speechTimeoutSeconds: 3,
      speechModel: "numbers_and_commands",
      prompts: [],
    });
    expect(gather?.attributes).toMatchObject({
      language: "fr-CA",
      speechTimeout: "3",
      speechModel: "numbers_and_commands",
    });
    const [keys] = render({
      type: "gather",
      turn: 2,
      input: ["dtmf"],
      timeoutSeconds: 5,
      language: "en-US",
      prompts: [],
    });
    expect(keys?.attributes).not.toHaveProperty("speechTimeout");
    expect(keys?.attributes).not.toHaveProperty("speechModel");
  });

  it("dials a number, a SIP address and a client, recording only when allowed", () => {
    const dial = (type: "phone" | "sip" | "client" | "agent", value: string, record = false) =>
      render({
        type: "dial",
        turn: 2,
        target: { type, value },
        callerId: "+15550001111",
        timeoutSeconds: 25,
        record,
      })[0];
    const phone = dial("phone", "+14155550100", true);
    expect(phone?.attributes).toMatchObject({
      action: "https://rt.example/twilio/dial?turn=2",
      timeout: "25",
      callerId: "+15550001111",
      record: "record-from-answer-dual",
    });
    expect(phone?.children[0]).toMatchObject({ name: "Number", text: "+14155550100" });
    expect(dial("sip", "agent@pbx.example")?.children[0]).toMatchObject({
      name: "Sip",
      text: "sip:agent@pbx.example",
    });
    expect(dial("client", "alice")?.children[0]).toMatchObject({
      name: "Client",
      children: [{ name: "Identity", text: "alice" }],
    });
    expect(dial("agent", "201")?.children[0]).toMatchObject({
      name: "Client",
      children: [{ name: "Identity", text: "201" }],
    });
    expect(dial("phone", "+1", false)?.attributes.record).toBeUndefined();
  });

  it("hands our call's id to the browser (a <Parameter>) and the SIP phone (an x- header) a transfer rings", () => {
    const callId = "0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b";
    const dialled = (type: "sip" | "client" | "agent", value: string, more: Partial<TwimlOptions> = {}) =>
      parseTwiml(
        renderTwiml([{ type: "dial", turn: 2, target: { type, value }, timeoutSeconds: 25, record: false }], {
          ...options,
          callId,
          ...more,
        }),
      )[0]?.children[0];
    const browser = {
      name: "Client",
      attributes: {},
      text: "",
      children: [
        { name: "Identity", attributes: {}, text: "agent-7", children: [] },
        { name: "Parameter", attributes: { name: "callId", value: callId }, text: "", children: [] },
      ],
    };
    expect(dialled("agent", "agent-7")).toEqual(browser);
    expect(dialled("client", "agent-7")).toEqual(browser);
    expect(dialled("sip", "ana@pbx.example")).toMatchObject({
      name: "Sip",
      text: `sip:ana@pbx.example?X-Ringflow-Call-Id=${callId}`,
    });
    // A URI with headers of its own keeps them; a dialect without <Client> rings the SIP address with the id.
    expect(dialled("sip", "sip:ana@pbx.example?x-team=sales")?.text).toBe(
      `sip:ana@pbx.example?x-team=sales&X-Ringflow-Call-Id=${callId}`,
    );
    expect(dialled("agent", "ana", { sipAddressOf: (id) => `sip:${id}@sip.carrier.example` })?.text).toBe(
      `sip:ana@sip.carrier.example?X-Ringflow-Call-Id=${callId}`,
    );
    // The header name is one Twilio passes on (custom headers start with x-) and the desktop's SIP phone reads.
    expect(new URL(dialled("sip", "ana@pbx.example")!.text).search).toMatch(/^\?x-/i);
    expect(CALL_ID_HEADER.toLowerCase()).toBe("x-ringflow-call-id");
  });

  it("renders a dial through the adapter with the call's own id", () => {
    const adapter = twilioAdapter(options, null, createLogger("test"), null);
    const segment = {
      commands: [
        {
          type: "dial",
          turn: 1,
          target: { type: "agent", value: "agent-7" },
          timeoutSeconds: 20,
          record: false,
        },
      ],
      commandNodes: [null],
      trace: [],
      notes: [],
      state: { status: "waiting" },
    } as unknown as Segment;
    const [dialVerb] = parseTwiml(
      adapter.render([segment], { callId: "call-42", tenantId: "t" } as CallMeta),
    );
    expect(dialVerb?.children[0]?.children[1]?.attributes).toEqual({ name: "callId", value: "call-42" });
  });

  it("enqueues through the queue-wait loop carrying the block, records voicemail with a fallback, starts recording", () => {
    const command: CallCommand = {
      type: "enqueue",
      turn: 3,
      queue: "support",
      skills: [],
      priority: 0,
      holdMusicUrl: "https://cdn.example/q.mp3",
      maxWaitSeconds: 300,
      announcePosition: true,
      announceWaitTime: false,
      announceEverySeconds: 60,
      offerCallback: false,
      language: "en-US",
    };
    const [enqueue] = render(command);
    expect(enqueue).toMatchObject({ name: "Redirect", attributes: { method: "POST" } });
    const wait = new URL(enqueue?.text as string);
    expect(wait.pathname).toBe("/twilio/queue-wait");
    expect(wait.searchParams.get("turn")).toBe("3");
    expect(enteredCommand(wait.searchParams.get("enter") ?? undefined)).toEqual(command);
    expect(enteredCommand(Buffer.from('{"type":"hangup"}').toString("base64url"))).toBeNull();
    const [record, fallback] = render({
      type: "record",
      turn: 5,
      purpose: "voicemail",
      maxLengthSeconds: 120,
      transcribe: true,
      playBeep: true,
      finishOnKey: "#",
      mailbox: "sales",
    });
    expect(record?.attributes).toMatchObject({
      action: "https://rt.example/twilio/record?turn=5",
      maxLength: "120",
      transcribe: "true",
      finishOnKey: "#",
    });
    expect(fallback?.text).toBe("https://rt.example/twilio/record?turn=5&empty=1");
    // A message in Spanish: Twilio (English only) is not asked to transcribe it.
    const [spanish] = render({
      type: "record",
      turn: 5,
      purpose: "voicemail",
      maxLengthSeconds: 120,
      transcribe: true,
      playBeep: true,
      mailbox: "sales",
      language: "es-MX",
    });
    expect(spanish?.attributes).not.toHaveProperty("transcribe");
    expect(spanish?.attributes).not.toHaveProperty("transcribeCallback");
    const [start] = render({ type: "recording.start", channels: "mono" }, { type: "recording.stop" });
    expect(start?.children[0]).toMatchObject({ name: "Recording", attributes: { channels: "mono" } });
  });

  it("keeps the caller on hold music while a request runs, then polls", () => {
    const verbs = render({
      type: "http.request",
      turn: 6,
      requestId: "c:6",
      method: "GET",
      url: "https://x",
      headers: {},
      timeoutSeconds: 10,
    });
    expect(verbs.map((v) => [v.name, v.text])).toEqual([
      ["Play", "https://cdn.example/hold.mp3"],
      ["Redirect", "https://rt.example/twilio/http-wait?turn=6"],
    ]);
  });
});
